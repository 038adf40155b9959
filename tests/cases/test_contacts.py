"""Contacts: one screen with the look-up, the rules in the flow, the
list and the client history with pinned query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import Channel, Client, Contact, Outcome

pytestmark = pytest.mark.django_db


def _post(user_client, **data):
    base = {
        "channel": "phone_in",
        "language": "lv",
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "Jautā par konteinera maiņu",
    }
    base.update(data)
    return user_client.post("/cases/new/", base)


def test_contact_screen_has_lookup_and_form_together(reception, client_for):
    page = client_for(reception).get("/cases/new/?channel=phone_in").content.decode()
    assert 'hx-get="/cases/clients/lookup/"' in page
    assert 'id="contact-form"' in page
    assert 'id="call-timer"' in page
    assert "<script>" not in page  # CSP: no inline script


def test_lookup_partial_finds_by_phone_and_offers_new_client(reception, client_for, make_client):
    make_client(name="Anna Bērziņa", phones=["26 123 456"])
    response = client_for(reception).get(
        "/cases/clients/lookup/", {"q": "26 123 456"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Anna Bērziņa" in html
    assert "/cases/clients/quick/" in html
    assert "<html" not in html  # a partial


def test_inline_new_client_returns_the_chosen_client(reception, client_for):
    response = client_for(reception).post(
        "/cases/clients/quick/", {"name": "Jānis Ozols", "phone": "29 111 222"}
    )
    client = Client.objects.get(name="Jānis Ozols")
    assert f'name="client" value="{client.pk}"' in response.content.decode()
    assert client.phones.get().number == "+37129111222"


def test_inline_new_client_with_bad_phone_shows_error(reception, client_for):
    response = client_for(reception).post(
        "/cases/clients/quick/", {"name": "Jānis Ozols", "phone": "12"}
    )
    assert response.status_code == 422
    assert "Jānis Ozols" in response.content.decode()
    assert not Client.objects.exists()


def test_contact_is_logged_from_the_one_screen(reception, client_for, make_client, topic):
    client = make_client()
    response = _post(
        client_for(reception),
        client=client.pk,
        topic=topic.pk,
        outcomes=["answered"],
        caller_role="client",
        caller_identity="number_address",
    )
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert (contact.client, contact.employee, contact.topic) == (client, reception, topic)
    assert contact.outcome_codes == ["answered"]


def test_anonymous_contact_is_allowed(reception, client_for):
    _post(client_for(reception), channel="visit")
    assert Contact.objects.get().client is None


@pytest.mark.rule("4.4")
def test_phone_contact_language_defaults_to_latvian(reception, client_for, make_contact):
    form = client_for(reception).get("/cases/new/?channel=phone_in").context["form"]
    assert form["language"].value() == "lv"
    assert make_contact(channel=Channel.PHONE_IN).language == "lv"


@pytest.mark.rule("4.5")
def test_foreign_language_on_the_phone_logs_the_instruction(reception, client_for):
    page = client_for(reception).get("/cases/new/?channel=phone_in").content.decode()
    assert "iesniedziet savu jautājumu elektroniskā vēstulē vai dokumentā" in page
    _post(client_for(reception), foreign_language_requested="angļu", told_to_write_in="on")
    contact = Contact.objects.get()
    assert contact.foreign_language_requested == "angļu"
    assert Outcome.FOREIGN_LANGUAGE in contact.outcome_codes


@pytest.mark.rule("4.2.1", "4.2.2", "4.2.3")
@pytest.mark.parametrize(
    "ground", ["ground_document_content", "ground_service_info", "ground_restricted_info"]
)
def test_a_ground_for_the_offer_needs_the_offer_made(reception, make_contact, ground):
    with pytest.raises(ValidationError) as exc:
        make_contact(**{ground: True})
    assert "offer_made" in exc.value.error_dict
    contact = make_contact(**{ground: True, "offer_made": True, "client_choice": "written"})
    assert getattr(contact, ground) and Outcome.OFFER_MADE in contact.outcome_codes


@pytest.mark.rule("4.2.4")
def test_long_call_ground_without_offer_keeps_the_form(reception, client_for):
    response = _post(client_for(reception), ground_over_ten_minutes="on", summary="Ilgs zvans")
    assert response.status_code == 200
    assert "offer_made" in response.context["form"].errors
    assert "Ilgs zvans" in response.content.decode()
    assert not Contact.objects.exists()
    _post(
        client_for(reception), ground_over_ten_minutes="on", offer_made="on", client_choice="phone"
    )
    contact = Contact.objects.get()
    assert contact.ground_over_ten_minutes and contact.offer_made


def test_phone_screen_timer_prompts_at_ten_minutes(reception, client_for):
    page = client_for(reception).get("/cases/new/?channel=phone_in").content.decode()
    assert 'data-prompt-seconds="600"' in page
    assert 'id="offer-prompt"' in page
    assert "js/cases-contact.js" in page


@pytest.mark.rule("4.12.2")
def test_ended_after_warning_needs_the_warning_first(reception, client_for, make_contact):
    response = _post(client_for(reception), ended_after_warning="on")
    assert (
        "warning_given_at" in response.context["form"].errors
        or response.context["form"].non_field_errors()
    )
    assert not Contact.objects.exists()
    warned = timezone.localtime().strftime("%Y-%m-%dT%H:%M:%S")
    _post(client_for(reception), ended_after_warning="on", warning_given_at=warned)
    contact = Contact.objects.get()
    assert contact.warning_given_at is not None
    assert Outcome.ENDED_AFTER_WARNING in contact.outcome_codes


@pytest.mark.rule("4.12.2")
def test_ending_a_logged_call_after_warning_requires_the_warning(reception, make_contact):
    contact = make_contact()
    with pytest.raises(ValidationError):
        services.contact_end_after_warning(actor=reception, contact=contact)
    services.contact_record_warning(actor=reception, contact=contact)
    services.contact_end_after_warning(actor=reception, contact=contact)
    assert Outcome.ENDED_AFTER_WARNING in contact.outcome_codes


@pytest.mark.rule("2.1.1.2")
def test_our_error_needs_apology_and_right_to_complain(reception, client_for, make_contact):
    contact = make_contact()
    user_client = client_for(reception)
    response = user_client.post(f"/cases/{contact.pk}/our-error/", {"apologised": "on"})
    assert response.status_code == 422
    contact.refresh_from_db()
    assert not contact.our_error
    user_client.post(
        f"/cases/{contact.pk}/our-error/",
        {
            "apologised": "on",
            "told_right_to_complain": "on",
            "remedy_action": "Pārrēķināt rēķinu",
            "remedy_owner": reception.pk,
            "remedy_due": timezone.localdate().isoformat(),
        },
    )
    contact.refresh_from_db()
    assert contact.our_error and Outcome.OUR_ERROR in contact.outcome_codes
    assert contact.remedies.get().action == "Pārrēķināt rēķinu"


@pytest.mark.rule("2.1.1.2")
def test_our_error_page_offers_to_register_a_complaint_when_the_app_exists(
    reception, client_for, make_contact
):
    contact = make_contact(
        our_error=True,
        apologised=True,
        told_right_to_complain=True,
        remedy=services.RemedyPlan("Pārrēķināt rēķinu", reception, timezone.localdate()),
    )
    page = client_for(reception).get(f"/cases/{contact.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="our-error-notice"' in html
    assert f"/complaints/new/?contact={contact.pk}" in html


def test_database_refuses_our_error_without_confirmations(reception):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Contact.objects.create(
            channel="visit", employee=reception, started_at=timezone.now(), our_error=True
        )


def _many_contacts(make_contact, make_client, reception2, topic, n):
    client = make_client()
    for i in range(n):
        make_contact(
            actor=reception2 if i % 2 else None,
            client=client if i % 3 else None,
            topic=topic if i % 2 else None,
            outcomes=["answered"],
            started_at=timezone.now() - timedelta(hours=i),
        )
    return client


@pytest.mark.parametrize("rows", [3, 30])
def test_contact_list_query_count_does_not_grow(
    reception,
    reception2,
    client_for,
    make_contact,
    make_client,
    topic,
    rows,
    django_assert_num_queries,
):
    _many_contacts(make_contact, make_client, reception2, topic, rows)
    user_client = client_for(reception)
    user_client.get("/cases/")  # warm the session
    # session, user, roles, unread count, rules banner, the two filter selects (topics,
    # employees), count, page, outcomes, the access log row (one for the page, 2.1.6.1), and
    # the session save (savepoint, update, release)
    with django_assert_num_queries(14):
        response = user_client.get("/cases/")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_client_history_query_count_does_not_grow(
    reception,
    reception2,
    client_for,
    make_contact,
    make_client,
    topic,
    rows,
    django_assert_num_queries,
):
    client = _many_contacts(make_contact, make_client, reception2, topic, rows)
    user_client = client_for(reception)
    user_client.get(f"/cases/clients/{client.pk}/")
    # as the list, plus the client and its phone numbers, the access log row (2.1.6), and the
    # processing-restriction notice (one query, 2.1.6.1: GDPR art. 18 and 21), and the look
    # for likely duplicates of the card (one), its representatives and its visits ahead (one
    # each), and the client's timeline: one query per kind of record on it (contacts, e-mails,
    # written submissions, callbacks, consultations, remedies, outgoing correspondence,
    # feedback items and the viewer's review authorities for the visibility gate)
    with django_assert_num_queries(29):
        response = user_client.get(f"/cases/clients/{client.pk}/")
    assert response.status_code == 200


def test_contact_list_filters(reception, reception2, client_for, make_contact, topic):
    make_contact(channel="visit", topic=topic, outcomes=["answered"])
    make_contact(actor=reception2, channel="email_in", outcomes=["advised_written"])
    old = make_contact(channel="letter", started_at=timezone.now() - timedelta(days=40))
    user_client = client_for(reception)

    def listed(**params):
        return [c.pk for c in user_client.get("/cases/", params).context["page"]]

    assert len(listed(channel="visit")) == 1
    assert len(listed(topic=topic.pk)) == 1
    assert len(listed(employee=reception2.pk)) == 1
    assert len(listed(outcome="advised_written")) == 1
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert old.pk not in listed(date_from=since)
    assert listed(date_to=(timezone.localdate() - timedelta(days=30)).isoformat()) == [old.pk]


def test_contact_list_is_paginated(reception, client_for, make_contact):
    for _ in range(55):
        make_contact()
    user_client = client_for(reception)
    first = user_client.get("/cases/").context["page"]
    page = user_client.get(f"/cases/?{first.next_query}").context["page"]
    assert (len(first.object_list), len(page.object_list), page.has_next) == (50, 5, False)


def test_client_history_shows_only_that_clients_contacts(
    reception, client_for, make_contact, make_client
):
    anna = make_client()
    other = make_client(name="Cits", phones=["29 999 888"])
    make_contact(client=anna, summary="Annas jautājums")
    make_contact(client=other, summary="Cits jautājums")
    page = client_for(reception).get(f"/cases/clients/{anna.pk}/").context["page"]
    assert [c.client for c in page] == [anna]


def test_inline_new_client_errors_replace_the_little_form_under_htmx(reception, client_for):
    response = client_for(reception).post(
        "/cases/clients/quick/", {"name": "", "phone": "26 123 456"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#quick-client"
    assert 'id="quick-client"' in response.content.decode()
