"""The front desk's contact screens in a browser: a contact logged
with the keyboard alone, a callback to a foreign number refused (4.3.1), a referral slip
(2.1.2.3) and the Annex 1 conflict checklist (4.12.1). Screenshots go to
``tests/e2e/screenshots/`` (the harness keeps the last state of each test; the helper below
keeps the intermediate ones)."""

from __future__ import annotations

import re
import time
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from cases import annex1, services
from cases.models import Callback, Channel, Client, ConflictAction, Contact, Outcome, Referral
from servicedesk.models import Notification, ReceptionHours
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import EmployeeFactory, TopicFactory

SAVE_CONTACT = "#contact-form button[type=submit]"


def lv(text: Any) -> str:
    """What a Latvian user reads for an English msgid (or a lazy string)."""
    with translation.override("lv"):
        return str(gettext(text) if isinstance(text, str) else text)


def shot(page: Any, name: str) -> None:
    """An intermediate screenshot next to the harness's own."""
    SCREENSHOTS.mkdir(exist_ok=True)
    suffix = "" if connection.vendor == "sqlite" else f".{connection.vendor}"
    page.screenshot(path=str(SCREENSHOTS / f"{name}{suffix}.png"), full_page=True)


def focused(page: Any) -> str:
    return page.evaluate("document.activeElement && (document.activeElement.id || '')")


def tab_to(page: Any, element_id: str, limit: int = 40) -> int:
    """Press Tab until ``element_id`` has the focus; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused(page) == element_id:
            return presses
    raise AssertionError(f"Tab never reached #{element_id} (stuck on #{focused(page)})")


def record_the_caller(page: Any) -> None:
    """2.1.6.2 with the keyboard: the caller is the client, checked by the personal code."""
    tab_to(page, "id_caller_role_0")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")


@pytest.fixture
def topics(db):
    return TopicFactory(name="Atkritumu izvešana"), TopicFactory(name="Konteineri")


# --- Item 2: under 30 seconds, one screen, the keyboard alone -----------------------------------


def test_a_phone_contact_is_logged_with_the_keyboard_alone(page, reception, login, topics):
    collection, _containers = topics
    anna = services.client_create(actor=reception, name="Anna Bērziņa", phones=["26 123 456"])
    services.client_create(actor=reception, name="Andris Ozols", phones=["29 876 543"])
    login(reception)
    started = time.monotonic()

    page.goto("/cases/new/?channel=phone_in")
    assert focused(page) == "client-q"  # the look-up has the focus when the screen opens
    page.keyboard.type("26 123 456")
    page.locator("#client-results li").filter(has_text="Anna Bērziņa").wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent").strip().startswith(lv("Choose"))
    page.keyboard.press("Enter")
    page.locator("#selected-client").get_by_text("Anna Bērziņa").wait_for()
    expect(page.locator("#id_topic")).to_be_focused()
    page.keyboard.type("Atk")  # the select's type-ahead picks "Atkritumu izvešana"
    record_the_caller(page)
    tab_to(page, "id_summary")
    page.keyboard.type("Jautā, kad izvedīs atkritumus Saules ielā.")
    page.keyboard.press("Tab")
    assert focused(page) == "id_outcomes_0"  # "Answered", the first outcome
    page.keyboard.press("Space")
    tab_to(page, "id_phone_number", limit=12)
    page.keyboard.type("26123456")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    elapsed = time.monotonic() - started

    contact = Contact.objects.get()
    assert contact.client == anna
    assert contact.topic == collection
    assert contact.channel == Channel.PHONE_IN
    assert contact.employee == reception
    assert contact.summary == "Jautā, kad izvedīs atkritumus Saules ielā."
    assert contact.outcome_codes == [Outcome.ANSWERED]
    assert contact.phone_number == "+37126123456"
    assert (contact.caller_role, contact.caller_identity) == ("client", "personal_code")
    assert page.get_by_text(lv("Contact saved.")).is_visible()
    assert elapsed < 30
    assert page.csp_violations == []


def test_a_new_client_is_created_inline_with_the_keyboard(page, reception, login, topics):
    login(reception)
    page.goto("/cases/new/?channel=visit")

    page.keyboard.type("Valdis Strods")
    page.locator("#quick-client").wait_for()
    page.keyboard.press("Enter")  # Enter in the look-up moves to the first result
    expect(page.locator("#quick-client summary")).to_be_focused()
    page.keyboard.press("Enter")  # opens "New client"; the name is already typed
    tab_to(page, "id_name", limit=3)
    assert page.locator("#id_name").input_value() == "Valdis Strods"
    page.keyboard.press("Tab")
    page.keyboard.type("26 555 123")
    page.keyboard.press("Enter")
    page.locator("#selected-client").get_by_text("Valdis Strods").wait_for()
    expect(page.locator("#id_topic")).to_be_focused()
    record_the_caller(page)
    tab_to(page, "id_summary")
    page.keyboard.type("Jauns klients, jautā par līgumu.")
    tab_to(page, "id_phone_number", limit=12)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cases/\d+/$"))

    client = Client.objects.get(name="Valdis Strods")
    assert [p.number for p in client.phones.all()] == ["+37126555123"]
    assert Contact.objects.get().client == client
    assert page.csp_violations == []


# --- Item 16: the rules in the browser --------------------------------------------------------


@pytest.mark.rule("4.3.1", "4.13")
def test_a_callback_to_a_foreign_number_is_refused_and_answered_by_email(
    page, reception, login, topics
):
    login(reception)
    page.goto("/cases/new/?channel=phone_in")

    page.locator("#id_summary").fill("Zvana no Vācijas, jautā par rēķinu.")
    page.locator("#id_callback").check()
    page.locator("#id_callback_phone").fill("+49 151 23456789")
    page.locator("#id_callback_question").fill("Vai rēķins ir apmaksāts?")
    page.locator(SAVE_CONTACT).click()
    page.wait_for_load_state()

    # The refusal is in the error summary at the top of the form (and next to the field).
    refusal = page.locator("#error-summary").get_by_text(lv(services.CALLBACK_REFUSED_MESSAGE))
    refusal.wait_for()
    expect(page.locator("#error-summary")).to_be_focused()
    assert "is-invalid" in (page.locator("#id_callback_phone").get_attribute("class") or "")
    assert page.locator("#id_summary").input_value() == "Zvana no Vācijas, jautā par rēķinu."
    assert not Contact.objects.exists() and not Callback.objects.exists()
    shot(page, "cases_callback_to_a_foreign_number_refused")

    page.locator("#id_email_address").fill("klients@example.de")
    page.locator("#id_reply_by_email").check()
    page.locator(SAVE_CONTACT).click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))

    contact = Contact.objects.get()
    assert not Callback.objects.exists()
    assert Outcome.REPLY_BY_EMAIL in contact.outcome_codes
    assert contact.email_address == "klients@example.de"
    assert page.get_by_text(lv(Outcome.REPLY_BY_EMAIL.label)).is_visible()
    assert page.csp_violations == []


@pytest.mark.rule("2.1.2.3")
def test_a_referral_slip_names_the_specialist_with_room_phone_and_hours(
    page, reception, login, topics, operations_unit
):
    _collection, containers = topics
    specialist = EmployeeFactory(
        user=None,
        first_name="Pēteris",
        last_name="Vītols",
        position="Vecākais atkritumu apsaimniekošanas speciālists",
        unit=operations_unit,
        room="305",
        phone="+371 65400022",
        email="peteris.vitols@aadso.lv",
    )
    specialist.topics.add(containers)
    other = EmployeeFactory(
        user=None, first_name="Zelma", last_name="Krūmiņa", unit=operations_unit
    )
    other.topics.add(topics[0])
    for weekday in range(5):
        ReceptionHours.objects.create(
            employee=specialist, weekday=weekday, opens="09:00", closes="12:00"
        )
    contact = services.contact_log(
        actor=reception,
        channel=Channel.VISIT,
        started_at=timezone.now(),
        summary="Konteinera novietne pie daudzdzīvokļu mājas.",
    )
    login(reception)
    page.goto(f"/cases/{contact.pk}/")

    page.locator("[data-bs-target='#act-referral']").click()
    page.locator("#act-referral #id_topic").select_option(str(containers.pk))
    specialists = page.locator("#id_specialist option")
    specialists.filter(has_text="Zelma Krūmiņa").wait_for(state="detached")
    assert specialists.count() == 2  # the empty choice and the one who knows containers
    page.locator("#id_specialist").select_option(str(specialist.pk))
    page.locator("#id_reason").fill("Vajadzīgs speciālista vērtējums uz vietas.")
    page.locator("#act-referral button[type=submit]").click()
    page.wait_for_url(re.compile(r"/cases/referrals/\d+/$"))

    slip = page.locator(".referral-slip")
    text = slip.inner_text()
    assert lv("Your question is answered by:") in text
    for shown in ("Pēteris Vītols", specialist.position, "305", "+371 65400022", "09:00"):
        assert shown in text, shown
    assert "Vajadzīgs speciālista vērtējums uz vietas." in text
    shot(page, "cases_referral_slip")

    page.locator("#id_email").fill("klients@example.lv")
    page.locator("form button[type=submit]").filter(has_text=lv("E-mail the slip")).click()
    page.wait_for_load_state()

    referral = Referral.objects.get()
    assert referral.specialist == specialist
    assert referral.emailed_to == "klients@example.lv"
    assert Notification.objects.filter(email="klients@example.lv", rule_clause="2.1.2.3").exists()
    assert Outcome.REFERRED_SPECIALIST in Contact.objects.get().outcome_codes
    assert page.csp_violations == []


@pytest.mark.rule("4.12.1", "Annex 1, typical", "Annex 1, atypical")
def test_the_conflict_checklist_records_steps_and_an_atypical_situation(
    page, reception, login, topics
):
    contact = services.contact_log(
        actor=reception,
        channel=Channel.VISIT,
        started_at=timezone.now(),
        summary="Klients klātienē neapmierināts ar neizvestiem atkritumiem.",
    )
    login(reception)
    page.goto(f"/cases/{contact.pk}/")

    page.locator("[data-bs-target='#act-conflict']").click()
    page.locator("#act-conflict button[type=submit]").click()
    page.wait_for_url(f"**/cases/{contact.pk}/conflict/")

    steps = page.locator(".conflict-steps > li")
    assert steps.count() == 6
    for step, li in zip(annex1.TYPICAL_STEPS, steps.all(), strict=True):
        assert step.action in li.inner_text()
        assert all(r in li.inner_text() for r in step.results)  # with its expected results
    page.locator("#note-1").fill("Balss tonis pacelts")
    steps.nth(0).get_by_role("button").click()
    page.wait_for_load_state()
    assert "list-group-item-success" in (steps.nth(0).get_attribute("class") or "")
    assert lv("done") in steps.nth(0).inner_text()

    health = page.locator("fieldset.situation").filter(has=page.locator("#sit-health"))
    assert health.locator(".emergency-badge").inner_text() == "113"
    page.locator("#sit-health").check()
    page.locator("[id='act-health.3']").check()
    page.locator("#sit-note").fill("Klientam kļuva slikti; izsaukta ātrā palīdzība.")
    page.get_by_role("button", name=lv("Log the situation")).click()
    page.wait_for_load_state()

    log = page.locator("ul.list-group").last.inner_text()
    assert annex1.TYPICAL_STEPS[0].action in log and "Balss tonis pacelts" in log
    assert annex1.SITUATIONS["health"].title in log
    assert annex1.ACTION_TEXT["health.3"] in log
    codes = list(ConflictAction.objects.values_list("kind", "code"))
    assert codes == [("step", "1"), ("situation", "health"), ("situation", "health.3")]
    assert Outcome.CONFLICT in Contact.objects.get().outcome_codes
    assert page.csp_violations == []


# --- Item 17: the screens with the demo desk ----------------------------------------------------


def test_the_demo_desk_lists_contacts_and_opens_the_phone_screen(page, login):
    call_command("demo_data", stdout=StringIO())
    from django.contrib.auth import get_user_model

    login(get_user_model().objects.get(username="reception"))

    page.goto("/cases/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 50
    assert page.locator(".pagination").is_visible()
    shot(page, "cases_demo_contact_list")

    page.goto("/cases/new/?channel=phone_in")
    client = Client.objects.filter(phones__number__startswith="+3712").order_by("pk").first()
    assert client is not None
    page.keyboard.type(client.name.split()[-1])
    page.locator("#client-results li").filter(has_text=client.name).first.wait_for()
    assert page.locator("#call-timer").is_visible()
    assert page.csp_violations == []
