"""An angry client, in a browser. At the desk (4.12.1, Annex 1): reception logs the visit,
opens the conflict log, works through the steps up to the warning (step 6), is refused an
action ticked under a situation not chosen without losing what was ticked, logs the
aggressive client's warning (6.5) and the request to leave (6.6), and closes the log. On the
phone (4.12.2): the end of the call is offered only once the warning is recorded with its
time. Latvian screens, screenshots in ``tests/e2e/screenshots/``, axe-core on each."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cases import annex1
from cases.models import ConflictAction, ConflictLog, Contact, Outcome
from tests.e2e.test_cases_flow import SAVE_CONTACT, lv, shot
from tests.e2e.test_public import assert_accessible

SUMMARY = "Klients klātienē kliedz par neizvestiem atkritumiem un apvaino darbinieku."


def _log_the_visit(page) -> Contact:
    page.goto("/cases/new/?channel=visit")
    page.locator("#id_summary").fill(SUMMARY)
    page.locator(SAVE_CONTACT).click()
    page.wait_for_url("**/cases/*/")
    return Contact.objects.get()


def _mark_done(page, number: str, note: str = "") -> None:
    step = page.locator(".conflict-steps > li").nth(int(number) - 1)
    if note:
        page.locator(f"#note-{number}").fill(note)
    step.get_by_role("button").click()
    expect(page.locator(".conflict-steps > li").nth(int(number) - 1)).to_contain_text(lv("done"))


@pytest.mark.rule("4.12.1", "Annex 1, typical", "Annex 1, atypical")
def test_reception_logs_an_angry_visitor_warning_then_end(page, reception, login):
    login(reception)
    contact = _log_the_visit(page)
    page.locator("[data-bs-target='#act-conflict']").click()
    page.locator("#act-conflict button[type=submit]").click()
    page.wait_for_url(f"**/cases/{contact.pk}/conflict/")
    expect(page.locator("h1")).to_contain_text(lv("Conflict log (4.12.1, Annex 1)"))

    # Every action of the annex, as the annex numbers it: 8 for the dissatisfied, 7 for the
    # aggressive client.
    for code, count in (("dissatisfied", 8), ("aggressive", 7)):
        fieldset = page.locator("fieldset.situation").filter(has=page.locator(f"#sit-{code}"))
        expect(fieldset.locator("input[type=checkbox]")).to_have_count(count)
    expect(page.locator("#asterisk-note")).to_be_visible()
    _mark_done(page, "1", "Balss tonis pacelts")
    _mark_done(page, "2")
    _mark_done(page, "6", "Brīdināju stingrā tonī")  # the warning, with its time in the log
    shot(page, "conflict_log_steps_lv")
    assert_accessible(page)

    # An action ticked under another situation: refused, nothing lost.
    page.locator("#sit-dissatisfied").check()
    page.locator("[id='act-dissatisfied.3']").check()
    page.locator("[id='act-aggressive.6']").check()
    page.locator("#sit-note").fill("Klients atteicās nomierināties.")
    page.get_by_role("button", name=lv("Log the situation")).click()
    errors = page.locator("#situation-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text(annex1.SITUATIONS["aggressive"].title)
    expect(page.locator("[id='act-aggressive.6']")).to_be_checked()
    expect(page.locator("[id='act-dissatisfied.3']")).to_be_checked()
    expect(page.locator("#sit-note")).to_have_value("Klients atteicās nomierināties.")
    assert not ConflictAction.objects.filter(kind="situation").exists()
    shot(page, "conflict_log_refused_lv")
    assert_accessible(page)

    # The aggressive client: warned (6.5), then asked to leave (6.6); the log is closed.
    page.locator("#sit-aggressive").check()
    page.locator("[id='act-dissatisfied.3']").uncheck()
    page.locator("[id='act-aggressive.5']").check()
    page.get_by_role("button", name=lv("Log the situation")).click()
    log = page.locator("ul.list-group").last
    expect(log).to_contain_text(annex1.ACTION_TEXT["aggressive.6"])
    page.get_by_role("button", name=lv("The conflict is over: close the log")).click()
    expect(page.locator("#log-closed")).to_be_visible()
    shot(page, "conflict_log_closed_lv")
    assert_accessible(page)

    rows = list(ConflictAction.objects.order_by("at", "pk").values_list("kind", "code"))
    assert rows == [
        ("step", "1"),
        ("step", "2"),
        ("step", "6"),
        ("situation", "aggressive"),
        ("situation", "aggressive.5"),
        ("situation", "aggressive.6"),
    ]
    assert ConflictLog.objects.get().closed_at is not None
    assert Outcome.CONFLICT in Contact.objects.get().outcome_codes
    assert page.csp_violations == []


@pytest.mark.rule("4.12.2")
def test_on_the_phone_the_end_is_offered_only_after_the_warning(page, reception, login):
    login(reception)
    page.goto("/cases/new/?channel=phone_in")
    page.locator("#id_summary").fill("Zvanītājs lamājas un draud.")
    end = page.locator("#end-after-warning")
    expect(end).to_be_hidden()
    page.locator("#warn-now").click()
    expect(page.locator("#id_warning_given_at")).not_to_have_value("")
    expect(end).to_be_visible()
    page.locator("#id_ended_after_warning").check()
    shot(page, "phone_warning_then_end_lv")
    assert_accessible(page)
    page.locator(SAVE_CONTACT).click()
    page.wait_for_url("**/cases/*/")
    contact = Contact.objects.get()
    assert contact.warning_given_at is not None and contact.ended_at is not None
    assert contact.started_at <= contact.warning_given_at <= contact.ended_at
    assert Outcome.ENDED_AFTER_WARNING in contact.outcome_codes
    page.locator("[data-bs-target='#act-warning']").click()
    expect(page.locator("#act-warning")).to_have_class(re.compile(r"\bcollapse show\b"))
    expect(page.locator("#warning-given")).to_be_visible()  # the warning with its time
    expect(page.locator("#act-warning [name=end]")).to_have_count(0)  # already ended
    shot(page, "phone_warning_recorded_lv")
    assert_accessible(page)
    assert page.csp_violations == []
