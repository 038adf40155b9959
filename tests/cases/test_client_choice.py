"""The client's choice when offered a visit or a written submission (4.2.1–4.2.4), visits
booked in free slots of the reception hours, the cooperation partner's documents (4.1.4) and
who may hear about a client's account (2.1.6.2): the services, then the screens (the contact
page books a free slot, the front desk's list of the day, the client's card; the 4.1.4 refusal
said on the contact page; the caller's check, the third-party warning and the register of
representatives)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import VISIT_SLOT, Contact, Outcome, Visit
from cases.selectors import visits as visit_reads
from servicedesk.hours import RIGA, holiday_name, is_statutory_holiday
from servicedesk.models import ReceptionException, ReceptionHours

pytestmark = pytest.mark.django_db


@pytest.fixture
def hours(institution):
    """Monday to Friday 08:00–12:00 and 13:00–17:00 (a lunch break)."""
    for weekday in range(5):
        for opens, closes in ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17))):
            ReceptionHours.objects.create(
                institution=institution, weekday=weekday, opens=opens, closes=closes
            )
    return institution


@pytest.fixture
def day(hours):
    """A regular working day next week or later (no holiday on it or the day after)."""
    d = timezone.localdate() + dt.timedelta(days=7)
    while d.weekday() > 4 or holiday_name(d) or is_statutory_holiday(d + dt.timedelta(days=1)):
        d += dt.timedelta(days=1)
    return d


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=RIGA)


@pytest.fixture
def chose_visit(make_contact, make_client):
    def make(**fields):
        fields.setdefault("client", make_client())
        return make_contact(
            ground_document_content=True,
            offer_made=True,
            client_choice="visit",
            caller_role="client",
            caller_identity="number_address",
            **fields,
        )

    return make


# --- 4.2: the offer and the client's choice ------------------------------------------------------


@pytest.mark.rule("4.2.1")
def test_the_offer_records_what_the_client_chose(make_contact):
    with pytest.raises(ValidationError) as exc:
        make_contact(ground_document_content=True, offer_made=True)
    assert "client_choice" in exc.value.error_dict
    contact = make_contact(ground_document_content=True, offer_made=True, client_choice="written")
    assert contact.client_choice == "written"
    assert Outcome.OFFER_MADE in contact.outcome_codes


@pytest.mark.rule("4.2.2")
def test_a_choice_without_the_offer_is_refused(make_contact):
    with pytest.raises(ValidationError) as exc:
        make_contact(ground_service_info=True, client_choice="visit")
    assert "offer_made" in exc.value.error_dict
    assert not Contact.objects.exists()


@pytest.mark.rule("4.2.4")
def test_a_long_call_offer_may_be_declined_and_is_recorded(make_contact):
    now = timezone.now()
    contact = make_contact(
        started_at=now - dt.timedelta(minutes=12),
        ended_at=now,
        offer_made=True,
        client_choice="declined",
    )
    assert contact.ground_over_ten_minutes and contact.client_choice == "declined"
    assert Outcome.OFFER_MADE in contact.outcome_codes


# --- 4.2: booking the visit the client chose ---------------------------------------------------


@pytest.mark.rule("4.2.1")
def test_a_visit_is_booked_in_a_free_slot_and_the_slot_is_taken(reception, chose_visit, day):
    contact = chose_visit()
    assert at(day, 9) in visit_reads.free_slots(day)
    visit = services.visit_book(
        actor=reception, contact=contact, starts_at=at(day, 9), purpose="Līguma dokumenti"
    )
    assert visit.client == contact.client and visit.ends_at == at(day, 9) + VISIT_SLOT
    assert Outcome.VISIT_BOOKED in contact.outcome_codes
    assert at(day, 9) not in visit_reads.free_slots(day)
    other = chose_visit()
    with pytest.raises(ValidationError) as exc:
        services.visit_book(actor=reception, contact=other, starts_at=at(day, 9), purpose="X")
    assert "starts_at" in exc.value.error_dict
    services.visit_cancel(actor=reception, visit=visit)
    assert at(day, 9) in visit_reads.free_slots(day)  # free again


def test_two_desks_booking_one_slot_at_once_get_one_visit(reception, chose_visit, day, monkeypatch):
    first, second = chose_visit(), chose_visit()
    services.visit_book(actor=reception, contact=first, starts_at=at(day, 9), purpose="A")
    # The second desk read the slots before the first one booked: the check passes.
    monkeypatch.setattr("cases.services.choice.free_slots", lambda d: [at(day, 9)])
    with pytest.raises(ValidationError) as exc:
        services.visit_book(actor=reception, contact=second, starts_at=at(day, 9), purpose="B")
    assert "starts_at" in exc.value.error_dict
    assert Visit.objects.count() == 1
    assert Outcome.VISIT_BOOKED not in second.outcome_codes


def test_the_slots_follow_the_reception_hours(hours, day):
    slots = visit_reads.free_slots(day)
    assert slots[0] == at(day, 8) and slots[-1] == at(day, 16, 45)
    assert at(day, 12) not in slots and at(day, 12, 45) not in slots  # lunch
    assert len(slots) == 8 * 4  # eight hours of 15-minute slots


@pytest.mark.parametrize(
    "when",
    [
        lambda day: at(day, 7, 45),  # before opening
        lambda day: at(day, 12, 15),  # lunch break
        lambda day: at(day, 9, 5),  # not the start of a slot
        lambda day: at(day - dt.timedelta(days=30), 9),  # in the past
    ],
)
def test_a_time_outside_the_free_slots_is_refused(reception, chose_visit, day, when):
    with pytest.raises(ValidationError) as exc:
        services.visit_book(
            actor=reception, contact=chose_visit(), starts_at=when(day), purpose="Dokumenti"
        )
    assert "starts_at" in exc.value.error_dict
    assert not Visit.objects.exists()


def test_the_page_opens_on_the_first_day_with_a_free_slot(hours, day):
    assert visit_reads.first_day_with_free_slots(now=at(day, 9)) == day
    after = visit_reads.first_day_with_free_slots(now=at(day, 16, 50))  # the last slot gone
    assert after > day and after.weekday() < 5
    assert visit_reads.free_slots(after, now=at(day, 16, 50))


def test_a_closed_day_has_no_free_slots(hours, day):
    ReceptionException.objects.create(institution=hours, date=day, is_closed=True)
    assert visit_reads.free_slots(day) == []


def test_a_visit_only_when_the_client_chose_one(reception, make_contact, day):
    contact = make_contact(ground_service_info=True, offer_made=True, client_choice="written")
    with pytest.raises(ValidationError):
        services.visit_book(actor=reception, contact=contact, starts_at=at(day, 9), purpose="X")


# --- 4.1.4: documents are assessed only for a cooperation partner ---------------------------


@pytest.mark.rule("4.1.4")
def test_a_document_review_is_refused_to_a_client_who_is_not_a_partner(make_client, make_contact):
    contact = make_contact(
        client=make_client(),
        document_review_requested=True,
        caller_role="client",
        caller_identity="personal_code",
    )
    assert Outcome.DOCUMENT_REVIEW_REFUSED in contact.outcome_codes
    assert Outcome.DOCUMENT_REVIEW_PARTNER not in contact.outcome_codes


@pytest.mark.rule("4.1.4")
def test_a_cooperation_partners_document_may_be_assessed(make_client, make_contact):
    partner = make_client(
        name="SIA Partneris",
        is_cooperation_partner=True,
        partner_agreement="SL-2025/14",
        partner_agreement_date=dt.date(2025, 3, 3),
    )
    contact = make_contact(
        client=partner,
        document_review_requested=True,
        caller_role="client",
        caller_identity="number_address",
    )
    assert Outcome.DOCUMENT_REVIEW_PARTNER in contact.outcome_codes


@pytest.mark.rule("4.1.4")
def test_a_partner_is_marked_only_with_the_agreement(make_client):
    with pytest.raises(ValidationError) as exc:
        make_client(name="SIA Bez līguma", is_cooperation_partner=True)
    assert "partner_agreement" in exc.value.error_dict


# --- 2.1.6.2: nothing to a third party without a mandate --------------------------------------


@pytest.fixture
def anna(make_client):
    return make_client()


@pytest.fixture
def mandate(reception, anna):
    return services.representative_register(
        actor=reception,
        client=anna,
        name="Jānis Bērziņš",
        relation="dēls",
        scope="all",
        valid_until=timezone.localdate() + dt.timedelta(days=60),
        document_reference="Pilnvara Nr. 12",
    )


@pytest.mark.rule("2.1.6.2")
def test_a_third_party_is_told_nothing_and_that_is_recorded(make_contact, anna):
    with pytest.raises(ValidationError) as exc:
        make_contact(client=anna, caller_role="third_party")
    assert "nothing_disclosed" in exc.value.error_dict
    contact = make_contact(client=anna, caller_role="third_party", nothing_disclosed=True)
    assert Outcome.NOTHING_DISCLOSED in contact.outcome_codes


@pytest.mark.rule("2.1.6.2")
def test_the_callers_identity_check_is_recorded_before_the_account(make_contact, anna):
    with pytest.raises(ValidationError) as exc:
        make_contact(client=anna, caller_role="client")
    assert "caller_identity" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        make_contact(client=anna, caller_role="client", caller_identity="not_checked")
    assert "nothing_disclosed" in exc.value.error_dict


@pytest.mark.rule("2.1.6.2")
def test_an_active_representative_may_hear_about_the_account(make_contact, anna, mandate):
    contact = make_contact(
        client=anna,
        caller_role="representative",
        representative=mandate,
        caller_identity="personal_code",
    )
    assert contact.representative == mandate
    assert Outcome.NOTHING_DISCLOSED not in contact.outcome_codes


@pytest.mark.rule("2.1.6.2")
def test_a_revoked_or_another_clients_mandate_does_not_count(
    reception, make_contact, make_client, anna, mandate
):
    other = make_client(name="Pēteris Kalns", phones=["26 555 111"])
    with pytest.raises(ValidationError) as exc:
        make_contact(
            client=other,
            caller_role="representative",
            representative=mandate,
            caller_identity="personal_code",
        )
    assert "representative" in exc.value.error_dict
    services.representative_revoke(actor=reception, representative=mandate)
    with pytest.raises(ValidationError) as exc:
        make_contact(
            client=anna,
            caller_role="representative",
            representative=mandate,
            caller_identity="personal_code",
        )
    assert "representative" in exc.value.error_dict
    assert list(anna.active_representatives) == []


@pytest.mark.rule("2.1.6.2")
def test_an_expired_mandate_does_not_count_and_is_not_registered(reception, anna, mandate):
    assert mandate.is_active_on(mandate.valid_until)
    assert not mandate.is_active_on(mandate.valid_until + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.representative_register(
            actor=reception,
            client=anna,
            name="Ilze Kalna",
            relation="grāmatvede",
            scope="billing",
            valid_until=timezone.localdate() - dt.timedelta(days=1),
            document_reference="Pilnvara Nr. 3",
        )


# --- The screens --------------------------------------------------------------------------------


def _post_contact(user_client, **data):
    base = {
        "channel": "phone_in",
        "language": "lv",
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "Jautā par rēķinu",
    }
    return user_client.post("/cases/new/", {**base, **data})


def _warning(html: str) -> str:
    match = re.search(r'<div id="third-party-warning"[^>]*>', html)
    assert match is not None
    return match.group(0)


@pytest.mark.rule("4.2.1")
def test_the_contact_page_books_a_free_slot_the_desk_then_lists(
    reception, client_for, make_contact, anna, day
):
    contact = make_contact(
        client=anna,
        ground_document_content=True,
        offer_made=True,
        client_choice="visit",
        caller_role="client",
        caller_identity="number_address",
    )
    desk = client_for(reception)
    page = desk.get(f"/cases/{contact.pk}/", {"visit_day": day.isoformat()}).content.decode()
    assert 'id="visit-slots"' in page
    assert f'value="{day:%Y-%m-%d} 09:00"' in page
    assert f'value="{day:%Y-%m-%d} 12:15"' not in page  # lunch break
    response = desk.post(
        f"/cases/{contact.pk}/visit/",
        {"starts_at": f"{day:%Y-%m-%d} 09:00", "purpose": "Līguma dokumenti"},
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.starts_at == at(day, 9) and visit.client == anna
    listed = desk.get("/cases/visits/", {"visit_day": day.isoformat()}).content.decode()
    assert "Anna Bērziņa" in listed and "09:00–09:15" in listed
    card = desk.get(f"/cases/clients/{anna.pk}/").content.decode()
    assert "Līguma dokumenti" in card
    again = desk.get(f"/cases/{contact.pk}/").content.decode()
    assert 'id="visit-slots"' not in again  # booked: no second booking offered


@pytest.mark.rule("4.2.1")
def test_a_taken_slot_comes_back_with_the_reason(reception, client_for, make_contact, anna, day):
    fields = {
        "client": anna,
        "ground_document_content": True,
        "offer_made": True,
        "client_choice": "visit",
        "caller_role": "client",
        "caller_identity": "number_address",
    }
    first, second = make_contact(**fields), make_contact(**fields)
    services.visit_book(actor=reception, contact=first, starts_at=at(day, 9), purpose="A")
    response = client_for(reception).post(
        f"/cases/{second.pk}/visit/", {"starts_at": f"{day:%Y-%m-%d} 09:00", "purpose": "B"}
    )
    assert response.status_code == 422
    assert 'id="id_starts_at_error"' in response.content.decode()
    assert Visit.objects.count() == 1


def test_a_cancelled_visit_frees_its_time(reception, client_for, make_contact, anna, day):
    contact = make_contact(
        client=anna,
        ground_service_info=True,
        offer_made=True,
        client_choice="visit",
        caller_role="client",
        caller_identity="number_address",
    )
    visit = services.visit_book(
        actor=reception, contact=contact, starts_at=at(day, 10), purpose="Rēķins"
    )
    response = client_for(reception).post(f"/cases/visits/{visit.pk}/cancel/")
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CANCELLED


@pytest.mark.rule("4.1.4")
def test_the_contact_page_says_why_a_document_is_not_assessed(
    reception, client_for, make_contact, anna
):
    contact = make_contact(
        client=anna,
        document_review_requested=True,
        caller_role="client",
        caller_identity="personal_code",
    )
    page = client_for(reception).get(f"/cases/{contact.pk}/").content.decode()
    assert 'id="document-review-refused"' in page
    assert "4.1.4" in page


@pytest.mark.rule("2.1.6.2")
def test_the_screen_asks_who_is_calling_when_a_client_is_chosen(reception, client_for, anna):
    response = _post_contact(client_for(reception), client=anna.pk)
    assert response.status_code == 200
    assert "caller_role" in response.context["form"].errors
    assert not Contact.objects.exists()


@pytest.mark.rule("2.1.6.2")
def test_the_screen_warns_about_a_third_party_and_records_nothing_disclosed(
    reception, client_for, anna
):
    desk = client_for(reception)
    fresh = desk.get(f"/cases/new/?client={anna.pk}").content.decode()
    assert " hidden" in _warning(fresh)
    response = _post_contact(desk, client=anna.pk, caller_role="third_party")
    assert response.status_code == 200
    assert " hidden" not in _warning(response.content.decode())  # shown, in words
    assert "nothing_disclosed" in response.context["form"].errors
    _post_contact(desk, client=anna.pk, caller_role="third_party", nothing_disclosed="on")
    contact = Contact.objects.get()
    assert Outcome.NOTHING_DISCLOSED in contact.outcome_codes
    detail = desk.get(f"/cases/{contact.pk}/").content.decode()
    assert 'id="caller"' in detail


@pytest.mark.rule("2.1.6.2")
def test_a_representative_is_registered_on_the_card_and_offered_on_the_screen(
    reception, client_for, anna
):
    desk = client_for(reception)
    response = desk.post(
        f"/cases/clients/{anna.pk}/representatives/",
        {
            "name": "Jānis Bērziņš",
            "relation": "dēls",
            "scope": "billing",
            "valid_until": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "document_reference": "Pilnvara Nr. 12",
        },
    )
    assert response.status_code == 302
    rep = anna.representatives.get()
    picked = desk.get(f"/cases/clients/{anna.pk}/pick/").content.decode()
    assert f'name="representative" value="{rep.pk}"' in picked
    _post_contact(
        desk,
        client=anna.pk,
        caller_role="representative",
        representative=rep.pk,
        caller_identity="personal_code",
    )
    assert Contact.objects.get().representative == rep
    desk.post(f"/cases/representatives/{rep.pk}/revoke/")
    picked = desk.get(f"/cases/clients/{anna.pk}/pick/").content.decode()
    assert 'name="representative"' not in picked


@pytest.mark.rule("2.1.6.2")
def test_an_expired_mandate_is_refused_on_the_card(reception, client_for, anna):
    response = client_for(reception).post(
        f"/cases/clients/{anna.pk}/representatives/",
        {
            "name": "Jānis Bērziņš",
            "relation": "dēls",
            "scope": "all",
            "valid_until": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "document_reference": "Pilnvara Nr. 12",
        },
    )
    assert response.status_code == 422
    assert "Jānis Bērziņš" in response.content.decode()  # what was typed comes back
    assert not anna.representatives.exists()


@pytest.mark.parametrize("rows", [1, 4])
def test_the_visit_list_query_count_does_not_grow(
    reception, client_for, make_contact, make_client, day, django_assert_num_queries, rows
):
    desk = client_for(reception)
    for n in range(rows):
        contact = make_contact(
            client=make_client(name=f"Klients {n}", phones=[f"26 000 00{n}"]),
            ground_service_info=True,
            offer_made=True,
            client_choice="visit",
            caller_role="client",
            caller_identity="number_address",
        )
        services.visit_book(
            actor=reception, contact=contact, starts_at=at(day, 9, 15 * n), purpose="Rēķins"
        )
    desk.get("/cases/visits/", {"visit_day": day.isoformat()})
    # the same for any number of visits: one query reads them with their clients, contacts
    # and bookers
    with django_assert_num_queries(10):
        response = desk.get("/cases/visits/", {"visit_day": day.isoformat()})
    assert response.content.decode().count("Rēķins") == rows


@pytest.mark.rule("2.1.6.1")
def test_erasing_a_client_erases_the_mandates_and_their_history(anna, mandate):
    from cases.models import Representative
    from cases.privacy import anonymise_client

    anonymise_client(anna.pk, reason="GDPR 17. pants")
    assert not Representative.objects.exists()
    assert not Representative.audit_trail.filter(name="Jānis Bērziņš").exists()


@pytest.mark.rule("4.2.3")
def test_a_written_submission_chosen_opens_the_draft_on_the_contact_page(
    reception, client_for, make_contact
):
    contact = make_contact(ground_restricted_info=True, offer_made=True, client_choice="written")
    page = client_for(reception).get(f"/cases/{contact.pk}/").content.decode()
    written = page[page.index('id="written-choice"') :]
    assert 'data-bs-target="#act-draft"' in written[: written.index("</div>")]
    assert 'id="visit-slots"' not in page  # no visit to book
