"""The client's choice in a browser (Latvian): reception logs a long call, records the offer and
the client's choice of a visit, and books a free slot of the reception hours, which the front
desk's list of the day shows (4.2.4); a representative is registered on the client's card, and
an unknown caller gets the warning that nothing is disclosed (2.1.6.2). Screenshots go to
``tests/e2e/screenshots/``; axe finds no serious violation on the new screens."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import Contact, Outcome, Visit
from servicedesk.hours import holiday_name, is_statutory_holiday
from servicedesk.models import ReceptionHours
from tests.e2e.test_cases_flow import SAVE_CONTACT, shot
from tests.e2e.test_public import assert_accessible
from tests.factories import InstitutionFactory


@pytest.fixture
def visit_day(transactional_db):
    """A regular working day next week or later, with reception hours 08:00–17:00."""
    institution = InstitutionFactory()
    for weekday in range(5):
        ReceptionHours.objects.create(
            institution=institution, weekday=weekday, opens=dt.time(8), closes=dt.time(17)
        )
    day = timezone.localdate() + dt.timedelta(days=7)
    while day.weekday() > 4 or holiday_name(day) or is_statutory_holiday(day + dt.timedelta(1)):
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def anna(reception):
    return services.client_create(actor=reception, name="Anna Bērziņa", phones=["26 123 456"])


@pytest.mark.rule("4.2.4")
def test_a_long_call_ends_in_a_visit_booked_in_a_free_slot(page, reception, login, anna, visit_day):
    login(reception)
    page.goto(f"/cases/new/?channel=phone_in&client={anna.pk}")
    started = timezone.localtime() - dt.timedelta(minutes=12)
    page.locator("#id_started_at").fill(started.strftime("%Y-%m-%dT%H:%M:%S"))
    page.locator("input[name=caller_role][value=client]").check()
    page.locator("#id_caller_identity").select_option("number_address")
    page.locator("#id_summary").fill("Ilgi jautā par līguma pielikumiem; vēlas atnākt.")
    page.locator("#id_offer_made").check()
    page.locator("input[name=client_choice][value=visit]").check()
    shot(page, "client_choice_offer_and_choice")
    with page.expect_navigation():
        page.locator(SAVE_CONTACT).click()

    contact = Contact.objects.get()
    assert contact.ground_over_ten_minutes and contact.client_choice == "visit"
    panel = page.locator("#visit-panel")
    expect(panel).to_be_visible()
    page.locator("#id_visit_day").fill(visit_day.isoformat())
    with page.expect_navigation():
        panel.locator("form[method=get] button[type=submit]").click()
    panel.locator("label[for=id_starts_at]").click()  # the first free time: 08:00
    panel.locator("#id_purpose").fill("Līguma pielikumi")
    shot(page, "client_choice_free_slots")
    assert_accessible(page)
    with page.expect_navigation():
        panel.locator("#visit-form button[type=submit]").click()

    visit = Visit.objects.get()
    assert timezone.localtime(visit.starts_at).time() == dt.time(8)
    assert Outcome.VISIT_BOOKED in contact.outcome_codes
    expect(page.locator("#contact-visits")).to_contain_text("08:00")

    page.goto(f"/cases/visits/?visit_day={visit_day.isoformat()}")
    row = page.locator("#visit-list tbody tr").first
    expect(row).to_contain_text("Anna Bērziņa")
    expect(row).to_contain_text("08:00–08:15")
    shot(page, "client_choice_visits_of_the_day")
    assert_accessible(page)
    assert page.csp_violations == []


@pytest.mark.rule("2.1.6.2")
def test_a_representative_is_registered_and_an_unknown_caller_is_warned(
    page, reception, login, anna
):
    login(reception)
    page.goto(f"/cases/clients/{anna.pk}/")
    page.locator("#representatives summary").click()
    page.locator("#id_name").fill("Jānis Bērziņš")
    page.locator("#id_relation").fill("dēls")
    page.locator("#id_scope").select_option("billing")
    until = timezone.localdate() + dt.timedelta(days=180)
    page.locator("#id_valid_until").fill(until.isoformat())
    page.locator("#id_document_reference").fill("Pilnvara Nr. 12, 03.11.2026.")
    with page.expect_navigation():
        page.locator("#representatives form button[type=submit]").click()
    expect(page.locator("#representatives table")).to_contain_text("Jānis Bērziņš")
    shot(page, "client_choice_representatives")
    assert_accessible(page)

    page.goto(f"/cases/new/?channel=phone_in&client={anna.pk}")
    expect(page.locator("#client-representatives")).to_contain_text("Jānis Bērziņš")
    warning = page.locator("#third-party-warning")
    expect(warning).to_be_hidden()
    page.locator("input[name=caller_role][value=third_party]").check()
    expect(warning).to_be_visible()
    page.locator("#id_summary").fill("Zvana kaimiņš, jautā par Annas rēķinu.")
    page.locator("#id_nothing_disclosed").check()
    shot(page, "client_choice_unknown_caller_warning")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator(SAVE_CONTACT).click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    contact = Contact.objects.get()
    assert contact.caller_role == "third_party" and contact.nothing_disclosed
    expect(page.locator("#caller")).to_be_visible()
    assert page.csp_violations == []
