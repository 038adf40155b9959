"""The complaints register and the suggestions register (3.5.1) as filterable lists, through
the visibility gate (2.1.4.4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.models import Channel, Kind, Outcome, State, SubjectKind
from servicedesk.models import ReviewAuthority
from tests.complaints import dashboard_data as data


def url(register: str) -> str:
    return reverse("complaints:register_list", args=[register])


@pytest.fixture
def known(review_authorities, reception):
    return data.known_set(review_authorities, reception)


def _numbers(response) -> set[str]:
    return {item.register_number for item in response.context["page"].object_list}


@pytest.mark.rule("3.5.1")
def test_the_complaints_register_holds_complaints_and_the_suggestions_register_suggestions(
    client_for, head, known
):
    client = client_for(head)

    complaints = _numbers(client.get(url("complaints")))
    suggestions = _numbers(client.get(url("suggestions")))

    assert complaints == {
        known[k].register_number for k in ("late_tz", "late", "on_time", "outside")
    }
    assert suggestions == {known["overdue"].register_number}


@pytest.mark.rule("2.1.4.4", "3.5.1")
def test_a_complaint_about_the_head_is_in_the_directors_register_not_the_heads(
    client_for, head, director, known
):
    number = known["about_head"].register_number

    assert number not in _numbers(client_for(head).get(url("complaints")))
    assert _numbers(client_for(director).get(url("complaints"))) == {number}


@pytest.mark.rule("3.5.1")
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": Kind.CLAIM}, {"claim"}),
        ({"subject_kind": SubjectKind.SERVICE}, {"late_tz", "late", "on_time", "outside"}),
        ({"state": State.ANSWERED}, {"late_tz", "on_time"}),
        ({"outcome": Outcome.REJECTED}, {"late"}),
        ({"outcome": "none"}, {"overdue", "claim", "outside"}),
        ({"channel": Channel.WEB_FORM}, {"on_time"}),
        ({"received_from": "2026-10-01", "received_to": "2026-10-31"}, {"on_time", "claim"}),
        ({"overdue": "on"}, {"overdue", "outside"}),
        ({"reply": "on_time"}, {"on_time"}),
        ({"reply": "late"}, {"late_tz", "late"}),
        ({"topic": "Atkritumu izvešana"}, {"late_tz", "late", "outside"}),
    ],
)
def test_filters_narrow_the_register(client_for, head, known, params, expected):
    response = client_for(head).get(url("all"), params)

    assert response.status_code == 200
    assert _numbers(response) == {known[k].register_number for k in expected}


@pytest.mark.rule("3.5.1")
def test_the_kind_filter_is_offered_only_in_the_register_of_all_feedback(client_for, head, known):
    client = client_for(head)

    assert "kind" not in client.get(url("complaints")).context["filter_form"].fields
    assert "kind" in client.get(url("all")).context["filter_form"].fields
    # A kind in the query does not turn the complaints register into another one.
    assert _numbers(client.get(url("complaints"), {"kind": Kind.CLAIM})) == _numbers(
        client.get(url("complaints"))
    )


def test_an_unknown_register_is_not_found(client_for, head):
    assert client_for(head).get(url("secret")).status_code == 404


@pytest.mark.rule("2.1.4.4", "3.5.1")
def test_administrators_see_the_ethics_register_entry_but_not_its_description_or_outcome(
    client_for, admin, reception, review_authorities
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

    html = client_for(admin).get(url("complaints")).content.decode()
    rows = html[html.index("<tbody>") : html.index("</tbody>")]

    assert "AADSO/2026/T-" in rows
    assert str(SubjectKind.ETHICS.label) in rows
    assert "Dāvana no klienta" not in html
    assert str(Outcome.UPHELD.label) not in rows


@pytest.mark.parametrize("count", [5, 50])
def test_register_query_count_does_not_grow_with_rows(
    django_assert_num_queries, client_for, head, reception, review_authorities, count
):
    data.many(review_authorities[ReviewAuthority.Kind.HEAD], reception, count)
    client = client_for(head)
    client.get(url("all"))

    # session, user, roles, memberships, page, count (capped), inbox, rules banner, the access
    # log row (one, whatever the page holds), session save ×3
    with django_assert_num_queries(12):
        response = client.get(url("all"))

    assert response.context["page"].count == count
