"""CSV and XLSX exports of the registers (3.5.1): only what the exporting user may see
(2.1.4.4), never restricted content, in the form Latvian Excel expects."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from complaints.models import Kind, Outcome, State, SubjectKind
from complaints.reports import exports
from servicedesk.models import ReviewAuthority
from tests.complaints import dashboard_data as data


def export(client, register: str, fmt: str, **params):
    return client.get(reverse("complaints:register_export", args=[register, fmt]), params)


def csv_rows(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[tuple]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True)), workbook.active


@pytest.fixture
def known(review_authorities, reception):
    return data.known_set(review_authorities, reception)


@pytest.mark.rule("2.1.4.4", "3.5.1")
def test_csv_holds_only_visible_rows_complaint_about_head_absent_for_head(
    client_for, head, director, known
):
    head_rows = csv_rows(export(client_for(head), "complaints", "csv"))
    director_rows = csv_rows(export(client_for(director), "complaints", "csv"))
    number = known["about_head"].register_number

    assert number not in {row[0] for row in head_rows}
    assert len(head_rows) == 1 + 4
    assert [row[0] for row in director_rows[1:]] == [number]


@pytest.mark.rule("2.1.4.4", "3.5.1")
def test_xlsx_holds_only_visible_rows_complaint_about_head_absent_for_head(
    client_for, head, director, known
):
    head_rows, _sheet = xlsx_rows(export(client_for(head), "complaints", "xlsx"))
    director_rows, _sheet = xlsx_rows(export(client_for(director), "complaints", "xlsx"))
    number = known["about_head"].register_number

    assert number not in {row[0] for row in head_rows}
    assert len(head_rows) == 1 + 4
    assert [row[0] for row in director_rows[1:]] == [number]


@pytest.mark.rule("3.5.1")
def test_csv_is_semicolon_separated_with_latvian_dates_and_headers(client_for, head, known):
    response = export(client_for(head), "complaints", "csv", reply="on_time")
    rows = csv_rows(response)

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="complaints-register-' in response["Content-Disposition"]
    with translation.override("lv"):
        assert rows[0] == [header for header, _value in exports.columns()]
        assert rows[0][0] == gettext("Register number")
    (row,) = rows[1:]
    assert row[0] == known["on_time"].register_number
    assert row[rows[0].index(gettext("Received on"))] == "05.10.2026."
    assert row[rows[0].index(gettext("Answered on"))] == "08.10.2026."
    assert row[rows[0].index(gettext("Service or process"))] == "Rēķini"


@pytest.mark.rule("3.5.1")
def test_xlsx_opens_with_latvian_headers_and_real_dates(client_for, head, known):
    response = export(client_for(head), "all", "xlsx", channel="web_form")
    rows, sheet = xlsx_rows(response)

    with translation.override("lv"):
        assert list(rows[0]) == [header for header, _value in exports.columns()]
    (row,) = rows[1:]
    received = rows[0].index(gettext("Received on"))
    assert row[received] == dt.datetime(2026, 10, 5)
    assert sheet.cell(row=2, column=received + 1).number_format == exports.XLSX_DATE_FORMAT


@pytest.mark.rule("3.5.1")
def test_export_follows_the_lists_filters(client_for, head, known):
    rows = csv_rows(export(client_for(head), "all", "csv", overdue="on"))

    assert {row[0] for row in rows[1:]} == {
        known["overdue"].register_number,
        known["outside"].register_number,
    }


@pytest.mark.rule("2.1.4.4", "4.1.3")
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_never_carry_content_the_user_may_not_read(
    client_for, admin, reception, review_authorities, fmt
):
    head_authority = review_authorities[ReviewAuthority.Kind.HEAD]
    ethics = data.item(
        review_authorities[ReviewAuthority.Kind.ETHICS_COMMISSION],
        reception,
        kind=Kind.COMPLAINT,
        subject_kind=SubjectKind.ETHICS,
        subject_description="Dāvana no klienta",
        outcome=Outcome.UPHELD,
        state=State.ANSWERED,
    )
    restricted = data.item(
        head_authority,
        reception,
        kind=Kind.COMPLAINT,
        subject_description="Parādnieka lieta",
        outcome=Outcome.REJECTED,
        state=State.ANSWERED,
        is_restricted=True,
    )
    response = export(client_for(admin), "complaints", fmt)
    if fmt == "csv":
        rows = csv_rows(response)
    else:
        rows, _sheet = xlsx_rows(response)
    by_number = {row[0]: row for row in rows[1:]}
    text = repr(rows)

    assert set(by_number) == {ethics.register_number, restricted.register_number}
    assert "Dāvana no klienta" not in text
    assert "Parādnieka lieta" not in text
    assert str(Outcome.UPHELD.label) not in text
    assert str(Outcome.REJECTED.label) not in text


@pytest.mark.rule("3.5.1")
def test_the_reviewer_exports_the_content_they_review(
    client_for, ethics, reception, review_authorities
):
    data.item(
        review_authorities[ReviewAuthority.Kind.ETHICS_COMMISSION],
        reception,
        kind=Kind.COMPLAINT,
        subject_kind=SubjectKind.ETHICS,
        subject_description="Dāvana no klienta",
        outcome=Outcome.UPHELD,
        state=State.ANSWERED,
    )

    rows = csv_rows(export(client_for(ethics), "complaints", "csv"))

    assert "Dāvana no klienta" in rows[1]


def test_an_unknown_format_is_not_found(client_for, head):
    assert export(client_for(head), "complaints", "pdf").status_code == 404
