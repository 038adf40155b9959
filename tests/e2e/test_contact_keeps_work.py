"""The contact screen never loses work, in a browser: a summary typed, a client searched with
the "Search" button and chosen, another chosen, a save refused; the summary, the call timer and
the start time survive, and the error summary has the focus. Without JavaScript "Search" posts
the form back with what was typed. Only the parts of the chosen channel show. Screenshots go to
``tests/e2e/screenshots/``."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from cases import services
from cases.models import Contact
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_cases_flow import SAVE_CONTACT, lv, shot

SUMMARY = "Jautā, kāpēc konteiners nav iztukšots Saules ielā 5."


def timer_seconds(page) -> int:
    """What the call timer shows, in seconds."""
    parts = [int(p) for p in page.locator("#call-timer").inner_text().split(":")]
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def search_with_the_button(page, text: str) -> None:
    """Type into the look-up without its own events, then press "Search" (the button alone
    must do the look-up)."""
    page.locator("#client-q").evaluate("(el, text) => { el.value = text; }", text)
    page.locator("#client-search").click()
    page.locator("#client-results").get_by_text(text).first.wait_for()


def test_a_search_a_client_change_and_a_refused_save_lose_nothing(page, reception, login):
    anna = services.client_create(
        actor=reception, name="Anna Bērziņa", phones=["26 123 456"], email="anna@example.lv"
    )
    services.client_create(actor=reception, name="Andris Ozols", phones=["29 876 543"])
    login(reception)
    page.goto("/cases/new/?channel=phone_in")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads
    started = page.locator("#id_started_at").input_value()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", started)  # the timer's start
    page.locator("#id_summary").fill(SUMMARY)

    search_with_the_button(page, "Ozols")
    assert page.evaluate("window.sameDocument === true")  # "Search" did not reload the page
    page.locator("#client-results [data-client-option]").first.click()
    page.locator("#selected-client").get_by_text("Andris Ozols").wait_for()
    expect(page.locator("#id_callback_phone")).to_have_value("+37129876543")  # 5: the client's
    search_with_the_button(page, "Bērziņa")
    page.locator("#client-results [data-client-option]").first.click()
    page.locator("#selected-client").get_by_text("Anna Bērziņa").wait_for()
    assert page.evaluate("window.sameDocument === true")
    expect(page.locator("#id_callback_phone")).to_have_value("+37126123456")  # replaced
    expect(page.locator("#id_email_address")).to_have_value("anna@example.lv")
    assert page.locator("#id_summary").input_value() == SUMMARY
    assert page.locator("#id_started_at").input_value() == started
    shot(page, "contact_keeps_work_client_chosen")

    page.locator("#id_callback").check()  # and no question to find out: refused
    time.sleep(2.2)
    before = timer_seconds(page)
    assert before >= 2
    page.locator(SAVE_CONTACT).click()
    page.wait_for_load_state()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert lv("Please correct the following; what you typed is kept:") in summary.inner_text()
    link = summary.locator("a[href='#id_callback_question']")
    assert link.count() == 1
    assert page.locator("#id_summary").input_value() == SUMMARY
    assert page.locator("#id_started_at").input_value() == started
    assert page.locator("#id_ended_at").input_value() == ""  # the call goes on
    assert timer_seconds(page) >= before  # not reset to 00:00
    assert page.locator("#call-timer").get_attribute("data-state") == "running"
    assert page.locator("#selected-client").get_by_text("Anna Bērziņa").is_visible()
    assert not Contact.objects.exists()
    shot(page, "contact_keeps_work_refused")

    link.click()
    expect(page.locator("#id_callback_question")).to_be_focused()
    page.keyboard.type("Kad iztukšos konteineru?")
    page.locator("input[name=caller_role][value=client]").check()  # 2.1.6.2
    page.locator("#id_caller_identity").select_option("personal_code")
    page.locator("#call-timer-stop").click()
    assert page.locator("#call-timer").get_attribute("data-state") == "stopped"
    assert page.locator("#id_ended_at").input_value() >= started
    page.locator(SAVE_CONTACT).click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))

    contact = Contact.objects.get()
    assert contact.client == anna and contact.summary == SUMMARY
    assert contact.ended_at is not None and contact.ended_at >= contact.started_at
    assert contact.callbacks.get().phone_number == "+37126123456"
    assert re.fullmatch(r"\d\d:\d\d", page.locator("#contact-duration").inner_text().strip())
    assert page.csp_violations == []


def test_only_the_parts_of_the_chosen_channel_show(page, reception, login):
    login(reception)
    page.goto("/cases/new/?channel=phone_in")
    timer = page.locator(".call-timer-box")
    phone = page.locator("fieldset[data-channels='phone_in phone_out']").first
    email = page.locator("fieldset[data-channels='email_in']")
    paper = page.locator("#id_subject")
    assert timer.is_visible() and phone.is_visible()
    assert not email.is_visible() and not paper.is_visible()
    assert not page.locator("#over-ten-manual").is_visible()  # the timer measures 4.2.4

    page.locator("#id_channel").select_option("visit")
    expect(timer).to_be_hidden()
    expect(phone).to_be_hidden()
    expect(page.locator("#id_callback")).to_be_hidden()
    expect(page.locator("#id_language_helptext")).to_be_hidden()  # 4.4 is about the phone
    expect(paper).to_be_visible()
    expect(page.locator("h1")).to_have_text(lv("New contact"))
    shot(page, "contact_keeps_work_visit")

    page.locator("#id_channel").select_option("email_in")
    expect(email).to_be_visible()
    expect(timer).to_be_hidden()
    assert page.csp_violations == []


def test_without_javascript_search_posts_back_what_was_typed(browser, live_server, reception):
    context = browser.new_context(
        base_url=live_server.url, locale="lv-LV", java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        services.client_create(actor=reception, name="Anna Bērziņa", phones=["26 123 456"])
        from tests.factories import PASSWORD

        page.goto("/login/")
        page.locator("#id_username").fill(reception.username)
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("#id_password").press("Enter")
        page.goto("/cases/new/?channel=visit")
        page.locator("#id_summary").fill(SUMMARY)
        page.locator("#client-q").fill("Bērziņa")
        page.locator("#client-search").click()
        page.wait_for_load_state()
        assert page.locator("#id_summary").input_value() == SUMMARY
        page.locator("#client-results button[name=pick]").first.click()
        page.wait_for_load_state()
        assert page.locator("#selected-client").get_by_text("Anna Bērziņa").is_visible()
        assert page.locator("#id_summary").input_value() == SUMMARY
        assert not Contact.objects.exists()
        shot(page, "contact_keeps_work_without_javascript")
    finally:
        context.close()
