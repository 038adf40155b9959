"""The public channel in a browser (3.1, 3.4, 3.5.1): a client sends the form with an
attachment, gets the receipt and follows the tracking link; the keyboard reaches the error
summary; a kiosk rating; and axe-core finds no serious or critical WCAG 2.1 AA violation on the
public pages. axe-core comes from a PyPI package (axe-playwright-python ships axe.min.js);
nothing is fetched from a CDN."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from complaints.models import FeedbackItem, RoutingRule, SurveyResponse
from complaints.voice.views import public as public_views
from servicedesk.models import Notification


def axe_script() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js"


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) and fail on serious or critical findings."""
    # add_script_tag would insert an inline <script>, which our Content-Security-Policy
    # rightly blocks; evaluating the file through the DevTools protocol is not subject to it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script().read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert bad == [], bad


@pytest.fixture(autouse=True)
def _setup(transactional_db, settings, tmp_path):
    """Private files in a temporary folder, a fresh rate limit, and the routing table's
    defaults (a data migration seeds them; a transactional test before may have emptied it)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    cache.clear()
    defaults = importlib.import_module("complaints.migrations.0002_default_routing").DEFAULTS
    for item_kind, subject_kind, authority_kind, clause in defaults:
        RoutingRule.objects.get_or_create(
            item_kind=item_kind,
            subject_kind=subject_kind,
            defaults={"authority_kind": authority_kind, "clause": clause},
        )


@pytest.mark.rule("3.1", "3.4", "4.11")
def test_a_client_sends_the_form_with_an_attachment_and_follows_the_tracking_link(
    page, head, tmp_path
):
    attachment = tmp_path / "foto.png"
    attachment.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)

    page.goto("/p/")
    assert page.locator("html").get_attribute("lang") == "lv"
    assert_accessible(page)

    page.locator("#id_kind_0").check()  # a complaint
    page.locator("#id_subject_kind_0").check()  # about a service
    page.locator("#id_subject_description").fill("Sadzīves atkritumu izvešana")
    page.locator("#id_text").fill("Konteiners netika iztukšots trīs nedēļas.")
    page.locator("#id_attachments").set_input_files(str(attachment))
    page.locator("#id_client_name").fill("Anna Bērziņa")
    page.locator("#id_client_email").fill("anna@example.lv")
    page.locator("#id_reply_channel_0").check()  # e-mail
    page.locator("#id_privacy_accepted").check()
    page.locator("#public-form button[type=submit]").click()
    page.wait_for_url("**/p/receipt/")

    item = FeedbackItem.objects.get()
    assert page.locator("#register-number").inner_text() == item.register_number
    assert page.locator("#reply-due").inner_text() == item.reply_due.strftime("%d.%m.%Y.")
    assert item.attachments.get().original_name == "foto.png"
    assert Notification.objects.filter(recipient=head, object_id=item.pk).exists()
    assert_accessible(page)

    page.locator("#tracking-link").click()
    page.wait_for_url("**/p/track/**")
    assert item.register_number in page.locator("h1").inner_text()
    assert page.locator("#client-state").is_visible()
    assert_accessible(page)
    assert page.csp_violations == []


def test_errors_are_summarised_at_the_top_and_reached_by_keyboard(page, head):
    page.goto("/p/")
    page.locator("#id_kind_1").check()  # a suggestion
    page.locator("#id_text").fill("Ierosinu pagarināt darba laiku ceturtdienās.")
    page.locator("#public-form button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    # What was typed is still there.
    assert page.locator("#id_text").input_value() == "Ierosinu pagarināt darba laiku ceturtdienās."
    page.keyboard.press("Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href and href.startswith("#id_")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))  # the jump to the field
    assert_accessible(page)
    assert not FeedbackItem.objects.exists()


def test_the_privacy_notice_is_accessible(page, institution):
    page.goto("/p/privacy/")
    assert institution.name in page.locator("main").inner_text()
    assert_accessible(page)


@pytest.mark.rule("3.5.1")
def test_a_kiosk_rating_and_the_kiosk_resets_itself(page, reception, login, monkeypatch):
    monkeypatch.setattr(public_views, "KIOSK_RESET_SECONDS", 2)
    login(reception)
    # The kiosk is found in the menu, not only on the trust-line page.
    page.goto("/")
    page.get_by_role("button", name="Atsauksmes").click()
    page.get_by_role("link", name="Vērtēšanas kiosks").click()
    page.wait_for_url("**/voice/kiosk/start/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/p/kiosk/")
    assert page.locator("button[name=rating]").count() == 5
    # On a 1024 x 768 tablet the five buttons stand in one row.
    page.set_viewport_size({"width": 1024, "height": 768})
    tops = {round(b.bounding_box()["y"]) for b in page.locator("button[name=rating]").all()}
    assert len(tops) == 1, tops
    assert_accessible(page)

    page.locator("button[name=rating][value='5']").click()
    page.wait_for_url("**/p/kiosk/thanks/**")
    assert SurveyResponse.objects.get().rating == 5
    assert_accessible(page)
    page.wait_for_url("**/p/kiosk/", timeout=10_000)  # back to the buttons by itself
    assert page.locator("button[name=rating]").count() == 5
    assert page.csp_violations == []


def test_the_staff_page_fits_a_phone(page, reception, expert):
    """At 390 px the staff list is cards, nothing runs off the screen; axe finds no serious
    violation."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/public/staff/")
    cards = page.locator("#staff-cards li")
    expect(cards.first).to_be_visible()
    assert "Laura Kalniņa" in page.locator("#staff-cards").inner_text()
    beyond = page.evaluate(
        """() => Array.from(document.querySelectorAll('main *'))
            .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > 391)
            .map(e => e.tagName)"""
    )
    assert beyond == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
