"""The registers' keyword search and long-list paging (docs/search.md): every word found in
the number, the client's name (folded) or, where the reader may read the content, the text
(stemmed); pages read by keyset in every order and page size, each row once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints import selectors
from complaints.models import FeedbackItem, Kind, SubjectKind
from complaints.register.services.anonymising import feedback_anonymise
from servicedesk.models import ReviewAuthority
from tests.complaints import dashboard_data as data

ALL = reverse("complaints:register_list", args=["all"])


def _numbers(response) -> list[str]:
    return [item.register_number for item in response.context["page"]]


@pytest.fixture
def head_items(review_authorities, reception):
    authority = review_authorities[ReviewAuthority.Kind.HEAD]
    return {
        "berzins": data.item(
            authority, reception, client_name="Jānis Bērziņš", text="Par konteineru pagalmā"
        ),
        "ozola": data.item(authority, reception, client_name="Anna Ozola", text="Rēķini kavējas"),
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("berzins", {"berzins"}),
        ("Jānis Bērziņš", {"berzins"}),
        ("janis berzins", {"berzins"}),
        ("konteiners", {"berzins"}),  # stemmed: "konteineru" in the text
        ("berzins konteiners", {"berzins"}),  # one word in the name, one in the text
        ("rēķins OZOLA", {"ozola"}),
        ("berzins rekins", set()),
    ],
)
def test_the_keyword_search_finds_every_word_folded_in_any_field(
    client_for, head, head_items, query, found
):
    response = client_for(head).get(ALL, {"q": query})

    assert set(_numbers(response)) == {head_items[k].register_number for k in found}


def test_the_number_is_found(client_for, head, head_items):
    number = head_items["ozola"].register_number

    assert _numbers(client_for(head).get(ALL, {"q": number.lower()})) == [number]


def test_a_word_only_in_an_unreadable_text_does_not_reveal_the_item(
    client_for, admin, review_authorities, reception
):
    """The administrator sees ethics items in the register but never their content (7.3):
    the search must not tell, by a row found, what the text says."""
    ethics = data.item(
        review_authorities[ReviewAuthority.Kind.ETHICS_COMMISSION],
        reception,
        kind=Kind.COMPLAINT,
        subject_kind=SubjectKind.ETHICS,
        client_name="Ilze Kļaviņa",
        text="Dāvana no klienta",
    )
    client = client_for(admin)

    assert _numbers(client.get(ALL, {"q": "klavina"})) == [ethics.register_number]
    assert _numbers(client.get(ALL, {"q": "davana"})) == []


def test_someone_outside_the_item_finds_nothing(client_for, reception2, head_items):
    assert _numbers(client_for(reception2).get(ALL, {"q": "berzins"})) == []


def test_an_anonymised_item_is_not_found_by_the_erased_name(client_for, head, head_items):
    item = head_items["berzins"]
    feedback_anonymise(
        actor=None, item=item, scrub=lambda text: text.replace("konteineru", "…"), reason="request"
    )

    item.refresh_from_db()
    assert "berzins" not in item.search_names and "konteiner" not in item.search_text
    assert _numbers(client_for(head).get(ALL, {"q": "berzins"})) == []


def _walk(client, params, *, backwards=False):
    """Every page from the first (or the last) by the next (previous) links."""
    response = client.get(ALL, {**params, **({"last": "1"} if backwards else {})})
    pages = [response.context["page"]]
    while pages[-1].has_previous if backwards else pages[-1].has_next:
        link = pages[-1].previous_query if backwards else pages[-1].next_query
        pages.append(client.get(f"{ALL}?{link}").context["page"])
    if backwards:
        pages.reverse()
    return [item for page in pages for item in page]


@pytest.mark.parametrize(
    "sort", [*selectors.LIST_ORDERS, *(f"-{s}" for s in selectors.LIST_ORDERS)]
)
def test_the_pages_hold_every_row_once_in_every_order(
    client_for, head, review_authorities, reception, sort
):
    data.many(review_authorities[ReviewAuthority.Kind.HEAD], reception, 60)
    client = client_for(head)
    expected = list(
        selectors.register_items(head).order_by(
            *selectors_order(sort), "-pk" if sort.startswith("-") else "pk"
        )
    )

    forwards = _walk(client, {"sort": sort, "per_page": 25})
    backwards = _walk(client, {"sort": sort, "per_page": 25}, backwards=True)

    assert [i.pk for i in forwards] == [i.pk for i in expected]
    assert [i.pk for i in backwards] == [i.pk for i in expected]


def selectors_order(sort: str) -> list[str]:
    fields = selectors.LIST_ORDERS[sort.lstrip("-")]
    if not sort.startswith("-"):
        return list(fields)
    return [f[1:] if f.startswith("-") else f"-{f}" for f in fields]


@pytest.mark.parametrize(("asked", "size"), [("25", 25), ("50", 50), ("100", 100), ("7", 50)])
def test_a_page_holds_25_50_or_100_rows(
    client_for, head, review_authorities, reception, asked, size
):
    data.many(review_authorities[ReviewAuthority.Kind.HEAD], reception, 110)

    response = client_for(head).get(ALL, {"per_page": asked, "kind": ""})
    page = response.context["page"]

    assert (len(page), page.per_page) == (size, size)
    assert f"per_page={size}" in page.next_query
    assert page.count == 110 and not page.count_is_capped


def test_a_sortable_header_links_to_the_other_direction(client_for, head, head_items):
    html = client_for(head).get(ALL, {"sort": "received_on"}).content.decode()

    assert 'aria-sort="ascending"' in html
    assert "?sort=-received_on" in html


def test_a_cursor_typed_by_hand_shows_the_first_page(client_for, head, head_items):
    response = client_for(head).get(ALL, {"after": "not-a-cursor"})

    assert response.status_code == 200
    assert len(response.context["page"]) == 2


def test_every_page_costs_the_same_queries(client_for, head, review_authorities, reception):
    data.many(review_authorities[ReviewAuthority.Kind.HEAD], reception, 120)
    client = client_for(head)
    first = client.get(ALL, {"per_page": 25}).context["page"]
    middle_link = client.get(f"{ALL}?{first.next_query}").context["page"].next_query
    counts = []
    for query in ("per_page=25", middle_link, "per_page=25&last=1"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{ALL}?{query}").status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] == counts[2] <= 12


def test_a_long_register_says_more_than_the_cap(client_for, head, review_authorities, reception):
    data.many(review_authorities[ReviewAuthority.Kind.HEAD], reception, 30)
    from servicedesk import paging

    original = paging.COUNT_CAP
    paging.COUNT_CAP = 20
    try:
        page = client_for(head).get(ALL).context["page"]
    finally:
        paging.COUNT_CAP = original

    assert (page.count, page.count_is_capped) == (20, True)


def test_items_made_in_bulk_are_searchable(client_for, head, review_authorities, reception):
    FeedbackItem.objects.bulk_create(
        [
            FeedbackItem(
                register_number="AADSO/2026/T-1",
                year=2026,
                sequence=1,
                kind=Kind.SUGGESTION,
                channel="visit",
                client_name="Ģirts Ķeņģis",
                text="Teksts",
                authority=review_authorities[ReviewAuthority.Kind.HEAD],
                routing_clause="4.11",
                received_on=dt.date(2026, 9, 1),
                reply_due=dt.date(2026, 9, 15),
                registered_by=reception,
            )
        ]
    )

    assert _numbers(client_for(head).get(ALL, {"q": "kengis"})) == ["AADSO/2026/T-1"]
