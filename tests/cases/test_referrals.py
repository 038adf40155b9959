"""Referrals: a staff specialist by topic (2.1.2.3) or a competent
institution (4.1.1), with a printable and e-mailable slip."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import Outcome, Referral
from servicedesk.models import Notification
from tests.factories import CompetentInstitutionFactory, ReceptionHoursFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialist(expert, topic):
    employee = expert.employee
    employee.room = "214"
    employee.phone = "+37165400214"
    employee.save()
    employee.topics.add(topic)
    ReceptionHoursFactory(employee=employee, weekday=1, opens=dt.time(9), closes=dt.time(12))
    return employee


@pytest.fixture
def vvd(topic):
    institution = CompetentInstitutionFactory(address="Rūpniecības iela 23, Rīga")
    institution.topics.add(topic)
    return institution


def test_specialists_are_offered_by_topic(reception, client_for, specialist, topic):
    html = (
        client_for(reception)
        .get("/cases/referrals/options/", {"topic": topic.pk}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert specialist.full_name in html


@pytest.mark.rule("2.1.2.3")
def test_referral_to_a_specialist_needs_the_reason(reception, make_contact, specialist):
    contact = make_contact()
    with pytest.raises(ValidationError):
        services.referral_create(
            actor=reception, contact=contact, reason=" ", specialist=specialist
        )


@pytest.mark.rule("2.1.2.3")
def test_specialist_slip_shows_all_six_items(
    reception, client_for, make_contact, specialist, topic
):
    contact = make_contact(topic=topic)
    response = client_for(reception).post(
        f"/cases/{contact.pk}/referral/",
        {
            "kind": "specialist",
            "topic": topic.pk,
            "specialist": specialist.pk,
            "reason": "Jautājums par līguma pārslēgšanu nav manā kompetencē",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == f"/cases/referrals/{referral.pk}/"
    html = client_for(reception).get(response.url).content.decode()
    for item in ("Pēteris", "Vītols", "Vecākais speciālists", "214", "+37165400214", "09:00"):
        assert item in html
    assert "nav manā kompetencē" in html
    assert Outcome.REFERRED_SPECIALIST in contact.outcome_codes


@pytest.mark.rule("2.1.2.3")
def test_referral_form_keeps_the_reason_when_no_specialist_chosen(
    reception, client_for, make_contact
):
    contact = make_contact()
    response = client_for(reception).post(
        f"/cases/{contact.pk}/referral/", {"kind": "specialist", "reason": "Mans iemesls"}
    )
    assert response.status_code == 422
    assert "Mans iemesls" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.rule("2.1.2.3")
def test_slip_is_emailed_to_the_client_through_the_outbox(
    reception, client_for, make_contact, specialist
):
    contact = make_contact()
    referral = services.referral_create(
        actor=reception, contact=contact, reason="Nav kompetencē", specialist=specialist
    )
    client_for(reception).post(f"/cases/referrals/{referral.pk}/", {"email": "klients@example.lv"})
    note = Notification.objects.get(kind="cases.referral_slip")
    assert note.email == "klients@example.lv"
    assert "214" in note.body and "Vītols" in note.body and "09:00" in note.body
    referral.refresh_from_db()
    assert referral.emailed_to == "klients@example.lv"


@pytest.mark.rule("2.1.2.3")
def test_the_slip_says_who_issued_it_for_which_institution_and_when(
    reception, client_for, make_contact, specialist, institution
):
    """A slip the client carries away names its issuer, the institution and the date."""
    referral = services.referral_create(
        actor=reception, contact=make_contact(), reason="Nav kompetencē", specialist=specialist
    )
    day = timezone.localtime(referral.created_at)
    issued = f"Izsniedza: Laura Kalniņa, {institution.name}, {day:%d.%m.%Y}."
    page = client_for(reception).get(f"/cases/referrals/{referral.pk}/", HTTP_ACCEPT_LANGUAGE="lv")
    assert issued in page.content.decode().replace("&quot;", '"')
    client_for(reception).post(f"/cases/referrals/{referral.pk}/", {"email": "k@example.lv"})
    assert issued in Notification.objects.get(kind="cases.referral_slip").body


@pytest.mark.rule("4.1.1")
def test_referral_to_a_competent_institution_shows_its_public_contacts(
    reception, client_for, make_contact, vvd, topic
):
    contact = make_contact(topic=topic)
    client_for(reception).post(
        f"/cases/{contact.pk}/referral/",
        {"kind": "institution", "institution": vvd.pk, "reason": "Vides kontrole nav mūsu"},
    )
    referral = Referral.objects.get()
    html = client_for(reception).get(f"/cases/referrals/{referral.pk}/").content.decode()
    for item in (vvd.name, "+37167084200", "pasts@vvd.gov.lv", "Rūpniecības iela 23"):
        assert item in html
    assert Outcome.REFERRED_INSTITUTION in contact.outcome_codes


def test_referral_needs_exactly_one_target(reception, make_contact, specialist, vvd):
    contact = make_contact()
    with pytest.raises(ValidationError):
        services.referral_create(
            actor=reception, contact=contact, reason="x", specialist=specialist, institution=vvd
        )
