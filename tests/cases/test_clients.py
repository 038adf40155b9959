"""Clients (2.1.3): E.164 phones as Latvians write them, no protected attributes,
search in any format, merging without losing contacts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cases import selectors, services
from cases.models import Client, Contact
from cases.phones import is_foreign, normalize_phone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed", ["26 123 456", "26123456", "+371 26123456", "0037126123456", "+371 26-123-456"]
)
def test_phone_numbers_are_stored_in_e164_whatever_the_typing(typed):
    assert normalize_phone(typed) == "+37126123456"


def test_nonsense_phone_number_is_refused():
    with pytest.raises(ValidationError):
        normalize_phone("12")


def test_foreign_number_is_recognised_by_country_code():
    assert is_foreign("+37060012345")  # Lithuania
    assert not is_foreign("+37126123456")


@pytest.mark.rule("2.1.3")
def test_client_record_has_no_field_for_a_protected_attribute():
    forbidden = ("national", "ethnic", "religio", "health", "orientation", "gender", "race", "sex")
    names = [f.name for f in Client._meta.get_fields()]
    assert [n for n in names if any(word in n.lower() for word in forbidden)] == []


@pytest.mark.rule("2.1.6.1")
def test_personal_code_is_kept_only_with_a_purpose(reception):
    with pytest.raises(ValidationError):
        services.client_create(actor=reception, name="Jānis Ozols", personal_code="010190-12345")
    client = services.client_create(
        actor=reception,
        name="Jānis Ozols",
        personal_code="010190-12345",
        personal_code_purpose=Client.CodePurpose.CONTRACT,
    )
    assert client.personal_code_purpose == "contract"


def test_database_refuses_a_personal_code_without_purpose(reception):
    with pytest.raises(IntegrityError):
        Client.objects.create(name="X", personal_code="010190-12345")


@pytest.mark.rule("3.1")
def test_client_keeps_the_preferred_channel_and_language(make_client):
    client = make_client(preferred_channel="email", preferred_language="en", email="a@b.lv")
    client.refresh_from_db()
    assert (client.preferred_channel, client.preferred_language) == ("email", "en")


@pytest.mark.parametrize("query", ["26123456", "26 123 456", "+371 26 123 456", "123 456"])
def test_client_is_found_by_phone_in_any_format(make_client, query):
    client = make_client(phones=["26 123 456"])
    make_client(name="Cits Klients", phones=["29 999 888"])
    assert selectors.client_search(query) == [client]


def test_client_is_found_by_name_email_and_contract_number(make_client):
    client = make_client(
        name="SIA “Zaļā sēta”", email="birojs@zalaseta.lv", contract_number="L-2024/117"
    )
    make_client(name="Pēteris Kalns", phones=["29 999 888"])
    assert selectors.client_search("zaļā") == [client]
    assert selectors.client_search("birojs@zalaseta.lv") == [client]
    assert selectors.client_search("2024/117") == [client]


def test_merged_away_client_is_not_found(reception, make_client):
    keep = make_client()
    dup = make_client(name="Anna Bērziņa", phones=["29 111 222"])
    services.client_merge(actor=reception, keep=keep, duplicate=dup)
    assert selectors.client_search("29111222") == [keep]


def test_merging_two_clients_loses_no_contact(reception, make_client, make_contact):
    keep = make_client(phones=["26 123 456"])
    dup = make_client(phones=["29 111 222", "26 123 456"], email="anna@example.lv")
    make_contact(client=keep)
    make_contact(client=dup)
    make_contact(client=dup, channel="visit")

    services.client_merge(actor=reception, keep=keep, duplicate=dup)

    assert Contact.objects.filter(client=keep).count() == 3
    assert sorted(keep.phones.values_list("number", flat=True)) == [
        "+37126123456",
        "+37129111222",
    ]
    keep.refresh_from_db()
    dup.refresh_from_db()
    assert keep.email == "anna@example.lv"
    assert (dup.is_active, dup.merged_into) == (False, keep)


def test_client_cannot_be_merged_with_itself(reception, make_client):
    client = make_client()
    with pytest.raises(ValidationError):
        services.client_merge(actor=reception, keep=client, duplicate=client)


def test_client_form_shows_the_error_and_keeps_what_was_typed(reception, client_for):
    response = client_for(reception).post(
        "/cases/clients/new/",
        {
            "kind": "natural",
            "name": "Ilze Saule",
            "phones": "26 123 456, 12",
            "preferred_channel": "phone",
            "preferred_language": "lv",
            "personal_code": "010190-12345",
            "personal_code_purpose": "",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "phones" in form.errors and "personal_code_purpose" in form.errors
    assert "Ilze Saule" in response.content.decode()
    assert not Client.objects.exists()


def test_client_created_from_the_form_is_found_by_phone(reception, client_for):
    response = client_for(reception).post(
        "/cases/clients/new/",
        {
            "kind": "natural",
            "name": "Ilze Saule",
            "phones": "26 123 456",
            "preferred_channel": "phone",
            "preferred_language": "lv",
        },
    )
    assert response.status_code == 302
    page = client_for(reception).get("/cases/clients/", {"q": "+37126123456"})
    assert "Ilze Saule" in page.content.decode()


def test_merge_view_moves_contacts(reception, client_for, make_client, make_contact):
    keep = make_client()
    dup = make_client(phones=["29 111 222"])
    make_contact(client=dup)
    response = client_for(reception).post(f"/cases/clients/{keep.pk}/merge/", {"duplicate": dup.pk})
    assert response.status_code == 302
    assert keep.contacts.count() == 1


def test_outsider_cannot_see_clients(outsider, client_for):
    assert client_for(outsider).get("/cases/clients/").status_code == 403


def test_name_search_tolerates_typos_on_postgresql(settings, make_client):
    if not settings.USING_POSTGRES:
        pytest.skip(
            "trigram similarity (typos) is a PostgreSQL feature; SQLite matches folded substrings"
        )
    client = make_client(name="Anna Bērziņa")
    assert selectors.client_search("Ana Berzina") == [client]


def test_name_search_ignores_case_and_diacritics_on_every_database(make_client):
    """A caller spells "Bērziņa" as "berzina"; on SQLite too (its LIKE folds ASCII only)."""
    anna = make_client(name="Anna Bērziņa")
    make_client(name="Ģirts Ķeņģis")

    assert selectors.client_search("berzina") == [anna]
    assert selectors.client_search("BĒRZIŅA") == [anna]
    assert [c.name for c in selectors.client_search("kengis")] == ["Ģirts Ķeņģis"]


def test_name_search_finds_the_words_in_either_order(make_client):
    """Callers give the surname first ("Vucāns Aivars") as often as the given name first."""
    aivars = make_client(name="Aivars Vucāns")
    make_client(name="Aivars Bērziņš")

    # First, and the only one on SQLite; PostgreSQL's typo tolerance may list the other Aivars
    # below it.
    for query in ("Vucāns Aivars", "vucans aivars", "Aivars Vucāns"):
        assert selectors.client_search(query)[0] == aivars


def _new_client(client_for, user, **overrides):
    data = {
        "kind": "natural",
        "name": "Anna Bērziņa",
        "phones": "",
        "email": "",
        "service_address": "",
        "preferred_channel": "phone",
        "preferred_language": "lv",
        **overrides,
    }
    return client_for(user).post("/cases/clients/new/", data, HTTP_ACCEPT_LANGUAGE="lv")


def test_a_second_card_with_the_same_phone_is_held_back_with_a_link_to_the_first(
    reception, make_client, client_for
):
    anna = make_client(name="Anna Bērziņa", phones=("26 123 456",))
    response = _new_client(
        client_for, reception, name="A. Bērziņa", phones="+371 26123456", email="a@example.lv"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Šis klients, iespējams, jau ir reģistrēts." in html
    assert f'href="/cases/clients/{anna.pk}/"' in html
    assert 'value="a@example.lv"' in html  # nothing typed is lost
    assert Client.objects.count() == 1
    # The user has looked and it is another person: the card is created.
    created = _new_client(
        client_for, reception, name="A. Bērziņa", phones="+371 26123456", confirm_new="1"
    )
    assert created.status_code == 302
    assert Client.objects.count() == 2


def test_the_same_name_at_the_same_address_or_the_same_e_mail_is_a_likely_duplicate(
    reception, make_client, client_for
):
    make_client(name="Jānis Ozols", phones=(), service_address="Rīgas iela 5, Krāslava")
    make_client(name="Zaļā sēta SIA", phones=(), email="birojs@zalaseta.lv")
    same_place = _new_client(
        client_for, reception, name="janis ozols", service_address="RĪGAS IELA 5,  Krāslava"
    )
    assert "Jānis Ozols" in same_place.content.decode()
    same_mail = _new_client(client_for, reception, name="Zaļā Sēta", email="Birojs@zalaseta.lv")
    assert "Zaļā sēta SIA" in same_mail.content.decode()
    neighbour = _new_client(
        client_for, reception, name="Pēteris Ozols", service_address="Rīgas iela 5, Krāslava"
    )
    assert neighbour.status_code == 302  # another person at the address: no warning


def test_the_contact_screen_offers_the_client_on_file_instead_of_a_new_one(
    reception, make_client, client_for
):
    anna = make_client(name="Anna Bērziņa", phones=("26 123 456",))
    browser = client_for(reception)
    response = browser.post(
        "/cases/clients/quick/",
        {"name": "Anna Berzina", "phone": "26123456"},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="lv",
    )
    html = response.content.decode()
    assert response["HX-Retarget"] == "#quick-client"
    assert f'hx-get="/cases/clients/{anna.pk}/pick/"' in html
    assert "Tomēr izveidot jaunu klientu" in html
    assert Client.objects.count() == 1
    browser.post(
        "/cases/clients/quick/",
        {"name": "Anna Berzina", "phone": "26123456", "confirm_new": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert Client.objects.count() == 2


def test_the_card_lists_likely_duplicates_and_merges_one_with_a_click(
    reception, make_client, client_for
):
    keep = make_client(name="Anna Bērziņa", phones=("26 123 456",))
    other = make_client(name="Anna Berzina", phones=("26123456",))
    browser = client_for(reception)
    html = browser.get(f"/cases/clients/{keep.pk}/", HTTP_ACCEPT_LANGUAGE="lv").content.decode()
    assert "Iespējami dublikāti" in html
    assert f'name="duplicate" value="{other.pk}"' in html
    browser.post(f"/cases/clients/{keep.pk}/merge/", {"duplicate": other.pk})
    other.refresh_from_db()
    assert other.merged_into_id == keep.pk
    html = browser.get(f"/cases/clients/{keep.pk}/", HTTP_ACCEPT_LANGUAGE="lv").content.decode()
    assert "Iespējami dublikāti" not in html
