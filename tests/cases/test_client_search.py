"""The client look-up at the desk: the name in any order, with or without diacritics, and the
phone number however it is written, through the stored search text (docs/search.md)."""

from __future__ import annotations

import pytest

from cases import selectors, services
from cases.models import Client


@pytest.fixture
def janis(make_client):
    return make_client(name="Jānis Bērziņš", phones=["26 123 456"], contract_number="L-2024/117")


@pytest.mark.parametrize(
    "query",
    ["berzins", "Berzins Janis", "Jānis Bērziņš", "janis berzins", "BĒRZIŅŠ jānis", "ziņš jān"],
)
def test_the_name_is_found_folded_in_any_order(janis, make_client, query):
    make_client(name="Anna Bērziņa", phones=["26 999 888"])
    make_client(name="Jānis Ozols", phones=["26 777 666"])

    assert selectors.client_search(query) == [janis]


@pytest.mark.parametrize(
    "query", ["26 123 456", "+371 26123456", "0037126123456", "26123456", "+371 26 12 34 56"]
)
def test_the_phone_is_found_however_it_is_written(janis, make_client, query):
    make_client(name="Anna Bērziņa", phones=["26 999 888"])

    assert selectors.client_search(query) == [janis]


def test_four_digits_of_a_number_find_it(janis, make_client):
    make_client(name="Anna Bērziņa", phones=["26 999 888"])

    assert selectors.client_search("3456") == [janis]
    assert selectors.client_search("123 456") == [janis]


def test_the_contract_number_and_the_e_mail_are_found(make_client):
    anna = make_client(name="Anna Bērziņa", contract_number="L-2024/117", email="anna@example.lv")

    assert selectors.client_search("2024/117") == [anna]
    assert selectors.client_search("ANNA@example.lv") == [anna]


def test_the_search_text_follows_a_changed_name(reception, janis):
    services.client_update(actor=reception, client=janis, name="Jānis Kalniņš")

    assert selectors.client_search("kalnins janis") == [janis]
    assert selectors.client_search("berzins") == []


def test_an_anonymised_client_is_not_found_by_the_old_name(janis):
    services.client_anonymise(actor=None, pk=janis.pk, scrub=lambda text: "", reason="request")

    janis.refresh_from_db()
    assert "berzins" not in janis.search_text
    assert selectors.client_search("berzins") == []


def test_clients_made_in_bulk_get_their_search_text(db):
    Client.objects.bulk_create([Client(name="Ģirts Ķeņģis", contract_number="K-1")])

    assert [c.name for c in selectors.client_search("kengis girts")] == ["Ģirts Ķeņģis"]


def test_the_look_up_costs_the_same_queries_however_many_clients_match(
    make_client, django_assert_max_num_queries
):
    for n in range(30):
        make_client(name=f"Jānis Bērziņš {n}", phones=[f"26 100 {n:03d}"])

    # the phone (none here), the words, the clients and their phones
    with django_assert_max_num_queries(3):
        found = selectors.client_search("berzins janis")
    assert len(found) == selectors.SEARCH_LIMIT


def test_the_clients_page_finds_the_client_and_the_outsider_gets_nothing(
    janis, reception, outsider, client_for
):
    found = client_for(reception).get("/cases/clients/", {"q": "berzins janis"})
    refused = client_for(outsider).get("/cases/clients/", {"q": "berzins janis"})

    assert found.context["clients"] == [janis]
    assert "Jānis Bērziņš" in found.content.decode()
    assert refused.status_code == 403
