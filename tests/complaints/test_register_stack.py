"""One register stack: the feedback register, the reviewer's queue, the registers and every
export read the same list (``selectors.register_items``) under the same content rule
(``selectors.readable_content``), so what one page hides no other page or export tells
(2.1.4.4, 4.1.3, 3.5.1)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from complaints.models import FeedbackItem, Kind, Outcome, State, SubjectKind
from complaints.reports import exports
from complaints.selectors import reads_content, register_items
from servicedesk.models import ReviewAuthority
from tests.complaints import dashboard_data as data


def csv_rows(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.rule("3.5.1")
def test_the_old_csv_export_is_the_registers_export_with_the_lists_filters(
    register, head, client_for
):
    found = register(client_name="Anna Bērziņa")
    register(client_name="Jānis Ozols")
    register(kind=Kind.SUGGESTION, subject_kind="", client_name="Anna Bērziņa")

    response = client_for(head).get(
        reverse("complaints:export"), {"q": "berzina", "kind": Kind.COMPLAINT}
    )
    rows = csv_rows(response)

    assert response["Content-Disposition"] == 'attachment; filename="feedback-register.csv"'
    with translation.override("lv"):
        assert rows[0] == [header for header, _value in exports.columns()]
    assert [row[0] for row in rows[1:]] == [found.register_number]


@pytest.mark.rule("2.1.4.4")
@pytest.mark.parametrize("url", ["complaints:register", "complaints:export"])
def test_searching_the_text_does_not_find_an_ethics_item_for_the_administrator(
    ethics_item, admin, ethics, client_for, url
):
    """Finding an item by a word of its text would tell the text word by word."""
    number = ethics_item.register_number

    def found(user) -> bool:
        response = client_for(user).get(reverse(url), {"q": "dāvanu"})
        assert response.status_code == 200
        return number in response.content.decode("utf-8-sig")

    assert found(ethics)
    assert not found(admin)
    # The register entry itself stays in the administrator's register (by its number).
    response = client_for(admin).get(reverse(url), {"q": number})
    assert number in response.content.decode("utf-8-sig")


@pytest.mark.rule("2.1.4.4", "4.1.3")
def test_one_content_rule_answers_alike_for_a_list_and_for_one_item(
    personas, reception, review_authorities
):
    """``reads_content`` on an item's page and ``content_readable`` in every list are the
    same rule: were they two, one could show what the other hides."""
    head_authority = review_authorities[ReviewAuthority.Kind.HEAD]
    ethics_authority = review_authorities[ReviewAuthority.Kind.ETHICS_COMMISSION]
    plain = data.item(head_authority, reception, kind=Kind.COMPLAINT)
    restricted = data.item(head_authority, reception, kind=Kind.COMPLAINT, is_restricted=True)
    ethics_complaint = data.item(
        ethics_authority,
        reception,
        kind=Kind.COMPLAINT,
        subject_kind=SubjectKind.ETHICS,
        outcome=Outcome.UPHELD,
        state=State.DECIDED,
    )
    derived = data.item(head_authority, personas["head"], derived_from=ethics_complaint)
    items = (plain, restricted, ethics_complaint, derived)

    seen_closed = 0
    for name, user in personas.items():
        listed = {i.pk: i.content_readable for i in register_items(user)}
        for item in items:
            if item.pk in listed:
                assert listed[item.pk] == reads_content(user, item), (name, item)
                seen_closed += not listed[item.pk]
    assert seen_closed  # the administrator sees closed items: the rule was exercised
    assert not reads_content(personas["admin"], ethics_complaint)
    assert not reads_content(personas["admin"], derived)
    assert reads_content(personas["head"], derived)  # it is routed to the head


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (reverse("complaints:register_list", args=["all"]), {"state": State.ANSWERED}),
        (reverse("complaints:register"), {"state": State.ANSWERED}),
        (reverse("complaints:queue"), {"state": State.ANSWERED}),
    ],
)
def test_every_list_pages_with_its_filters_kept(
    client_for, head, reception, review_authorities, url, params
):
    data.many(review_authorities[ReviewAuthority.Kind.HEAD], reception, 110)
    client = client_for(head)

    first = client.get(url, params)
    html = first.content.decode()
    next_query = first.context["page"].next_query
    second = client.get(f"{url}?{next_query}")

    assert 'class="pagination' in html
    assert next_query.startswith("state=answered&after=")
    assert f"?{next_query.replace('&', '&amp;')}" in html
    assert second.context["page"].has_previous and not second.context["page"].has_next
    answered = FeedbackItem.objects.filter(state=State.ANSWERED).count()
    assert second.context["page"].count == answered == 55
    assert {i.pk for i in first.context["page"]} | {i.pk for i in second.context["page"]} == set(
        FeedbackItem.objects.filter(state=State.ANSWERED).values_list("pk", flat=True)
    )
