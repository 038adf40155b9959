"""The outcome of an item whose content a user may not read (an ethics complaint for the
administrator, a restricted item) is part of that content: no export column, register filter,
dashboard count or admin field tells it (2.1.4.4, 4.1.3, docs/complaints.md). Its reviewers —
the Ethics Commission — see it everywhere."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from complaints.models import Kind, Outcome, State, SubjectKind
from complaints.reports import selectors as figures
from servicedesk.models import ReviewAuthority
from tests.complaints import dashboard_data as data


@pytest.fixture
def decided_ethics(review_authorities, reception):
    """An ethics complaint decided "upheld" by the Ethics Commission, registered by the front
    desk: the administrator sees it in the register but may not read its content."""
    return data.item(
        review_authorities[ReviewAuthority.Kind.ETHICS_COMMISSION],
        reception,
        kind=Kind.COMPLAINT,
        subject_kind=SubjectKind.ETHICS,
        subject_description="",
        outcome=Outcome.UPHELD,
        decision_text="Pārkāpums konstatēts.",
        state=State.DECIDED,
    )


def _listed(client, **filters) -> set[str]:
    response = client.get(reverse("complaints:register_list", args=["all"]), filters)
    assert response.status_code == 200
    return {item.register_number for item in response.context["page"].object_list}


@pytest.mark.rule("2.1.4.4")
def test_the_outcome_filter_does_not_find_an_ethics_item_for_the_administrator(
    decided_ethics, admin, ethics, client_for
):
    number = decided_ethics.register_number
    assert number in _listed(client_for(admin))  # in the register, as a row
    assert number not in _listed(client_for(admin), outcome=Outcome.UPHELD)
    assert number in _listed(client_for(ethics), outcome=Outcome.UPHELD)


@pytest.mark.rule("2.1.4.4")
def test_not_decided_yet_does_not_find_an_undecided_ethics_item_for_the_administrator(
    review_authorities, reception, admin, ethics, client_for
):
    """Were "not decided yet" to find the undecided ones, its absence would tell which
    ethics items are decided."""
    undecided = data.item(
        review_authorities[ReviewAuthority.Kind.ETHICS_COMMISSION],
        reception,
        kind=Kind.COMPLAINT,
        subject_kind=SubjectKind.ETHICS,
        subject_description="",
        state=State.UNDER_REVIEW,
    ).register_number
    assert undecided not in _listed(client_for(admin), outcome="none")
    assert undecided in _listed(client_for(ethics), outcome="none")


def _outcome_cells_csv(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("Rezultāts")
    return [row[column] for row in rows[1:]]


def _outcome_cells_xlsx(response) -> list[str | None]:
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    column = list(rows[0]).index("Rezultāts")
    return [row[column] for row in rows[1:]]


@pytest.mark.rule("2.1.4.4", "3.5.1")
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_register_export_leaves_the_outcome_blank_for_the_administrator(
    decided_ethics, admin, ethics, client_for, fmt
):
    url = reverse("complaints:register_export", args=["complaints", fmt])
    cells = _outcome_cells_csv if fmt == "csv" else _outcome_cells_xlsx

    assert cells(client_for(admin).get(url)) in ([""], [None])
    assert cells(client_for(ethics).get(url)) == [str(Outcome.UPHELD.label)]


@pytest.mark.rule("2.1.4.4")
def test_the_old_register_csv_leaves_the_outcome_blank_for_the_administrator(
    decided_ethics, admin, ethics, client_for
):
    url = reverse("complaints:export")
    assert _outcome_cells_csv(client_for(admin).get(url)) == [""]
    assert _outcome_cells_csv(client_for(ethics).get(url)) == [str(Outcome.UPHELD.label)]


def _outcome_counts(user) -> tuple[dict[str, float | None], str]:
    board = figures.dashboard_for(user, date_from=data.PERIOD[0], date_to=data.PERIOD[1])
    figure = next(f for f in board.feedback_figures if f.key == "outcome")
    return {row.label: row.value for row in figure.rows}, figure.note


@pytest.mark.rule("2.1.4.4")
def test_the_dashboard_does_not_count_the_outcome_for_the_administrator(
    decided_ethics, admin, ethics
):
    counts, note = _outcome_counts(admin)
    assert sum(v or 0 for v in counts.values()) == 0
    assert counts[str(Outcome.UPHELD.label)] == 0
    assert "1" in note  # said, so the empty figure is not read as "nothing decided"

    counts, note = _outcome_counts(ethics)
    assert counts[str(Outcome.UPHELD.label)] == 1
    assert note == ""


@pytest.mark.rule("2.1.4.4")
def test_the_dashboard_page_shows_the_note_and_no_upheld_count(decided_ethics, admin, client_for):
    html = (
        client_for(admin)
        .get(reverse("complaints:dashboard"), {"date_from": "2026-09-01", "date_to": "2026-10-31"})
        .content.decode()
    )
    section = html[html.index('id="figure-outcome"') :]
    section = section[: section.index("</section>")]
    assert "figure-note" in section


@pytest.mark.rule("2.1.4.4")
def test_the_admin_page_of_the_item_hides_the_outcome(decided_ethics, admin, client_for):
    response = client_for(admin).get(
        reverse("admin:complaints_feedbackitem_change", args=[decided_ethics.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "field-outcome" not in html
    assert "field-decision_text" not in html
    assert "field-kind" in html  # the register data is still there


@pytest.mark.rule("2.1.4.4", "4.1.3")
def test_a_restricted_item_keeps_its_outcome_from_the_administrator(
    review_authorities, reception, admin, head, client_for
):
    restricted = data.item(
        review_authorities[ReviewAuthority.Kind.HEAD],
        reception,
        kind=Kind.COMPLAINT,
        subject_description="Parādnieka lieta",
        outcome=Outcome.REJECTED,
        decision_text="Nepamatota.",
        state=State.DECIDED,
        is_restricted=True,
    )
    number = restricted.register_number
    assert number not in _listed(client_for(admin), outcome=Outcome.REJECTED)
    assert number in _listed(client_for(head), outcome=Outcome.REJECTED)  # its reviewer
