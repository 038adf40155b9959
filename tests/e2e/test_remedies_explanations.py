"""In a browser, in Latvian: the front desk records "our error" with its remedy and the owner
completes it (2.1.1.2); the head asks the employee a complaint is about for a written
explanation, the employee answers without ever seeing the complaint, and the head reads the
answer in the item's history (2.1.4.1). axe finds no serious violation on the new screens."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import pgettext
from playwright.sync_api import expect

from cases import services
from cases.models import Remedy
from complaints.models import Channel, ExplanationRequest, Kind, RoutingRule, SubjectKind
from complaints.register.services import registration
from tests.e2e.test_cases_flow import lv, shot
from tests.e2e.test_public import assert_accessible


@pytest.fixture(autouse=True)
def _routing_table(transactional_db: None) -> None:
    defaults = importlib.import_module("complaints.migrations.0002_default_routing").DEFAULTS
    for item_kind, subject_kind, authority_kind, clause in defaults:
        RoutingRule.objects.get_or_create(
            item_kind=item_kind,
            subject_kind=subject_kind,
            defaults={"authority_kind": authority_kind, "clause": clause},
        )


def _done() -> str:
    with translation.override("lv"):
        return pgettext("remedy", "Done")


def _switch(page, login, user) -> None:
    page.context.clear_cookies()
    login(user)


@pytest.mark.rule("2.1.1.2")
def test_reception_records_our_error_with_a_remedy_and_the_owner_completes_it(
    page, login, reception, reception2
):
    contact = services.contact_log(
        actor=reception, channel="visit", summary="Rēķinā divreiz iekļauta izvešana"
    )
    login(reception)
    page.goto(f"/cases/{contact.pk}/")
    page.get_by_role("button", name=lv("Our error (2.1.1.2)")).click()
    error = page.locator("#act-error")
    error.get_by_label(lv("I apologised to the client")).check()
    error.get_by_label(lv("I told the client of the right to complain")).check()
    error.get_by_label(lv("What will be done to remove the consequences")).fill(
        "Pārrēķināt rēķinu un nosūtīt klientam labojumu"
    )
    error.get_by_label(lv("Responsible employee")).select_option(str(reception2.pk))
    due = timezone.localdate() + timedelta(days=3)
    error.get_by_label(lv("Deadline")).fill(due.isoformat())
    shot(page, "remedy_our_error_form")
    with page.expect_navigation():
        error.get_by_role("button", name=lv("Mark as our error and open the remedy")).click()
    expect(page.locator("#remedies")).to_contain_text("Pārrēķināt rēķinu")
    expect(page.locator("#our-error-notice")).to_be_visible()  # "register a complaint now"
    assert_accessible(page)
    shot(page, "remedy_on_the_contact")

    _switch(page, login, reception2)
    page.goto("/")
    page.get_by_role("link", name=lv("Remedies of our errors I answer for")).click()
    expect(page.locator("main")).to_contain_text("Pārrēķināt rēķinu")
    assert_accessible(page)
    page.get_by_role("link", name="Pārrēķināt rēķinu").click()
    assert_accessible(page)
    page.get_by_label(lv("What was done, or why it is cancelled")).fill(
        "Rēķins pārrēķināts, labojums nosūtīts 1. decembrī."
    )
    with page.expect_navigation():
        page.get_by_role("button", name=_done(), exact=True).click()
    expect(page.locator("#remedy-outcome")).to_contain_text("Rēķins pārrēķināts")
    assert Remedy.objects.get().status == Remedy.Status.DONE
    assert_accessible(page)
    shot(page, "remedy_done")


@pytest.mark.rule("2.1.4.1")
def test_head_asks_the_employee_for_an_explanation_and_reads_the_answer(
    page, login, reception, head, expert, review_authorities
):
    item = registration.feedback_register(
        actor=reception,
        data=registration.FeedbackInput(
            kind=Kind.COMPLAINT,
            channel=Channel.VISIT,
            text="Darbinieks bija nepieklājīgs un atteicās pieņemt iesniegumu.",
            client_name="Anna Bērziņa",
            subject_kind=SubjectKind.EMPLOYEE,
            subject_employee=expert.employee,
        ),
    )
    login(head)
    page.goto(f"/complaints/{item.pk}/")
    form = page.locator("#explanations")
    form.get_by_label(lv("What the employee is asked to explain")).fill(
        "Lūdzu paskaidrot sarunu ar klientu klientu centrā 27. novembrī."
    )
    assert not form.get_by_label(lv("Tell the employee who complained")).is_checked()
    with page.expect_navigation():
        form.get_by_role("button", name=lv("Ask for a written explanation")).click()
    expect(page.locator("#explanations")).to_contain_text("27. novembrī")
    assert_accessible(page)
    asked = ExplanationRequest.objects.get()

    _switch(page, login, expert)
    page.goto("/")
    page.get_by_role("link", name=lv("Waiting for my written explanation")).click()
    assert_accessible(page)
    page.get_by_role("link", name="Lūdzu paskaidrot").click()
    main = page.locator("main")
    expect(main).to_contain_text("27. novembrī")
    for secret in (item.register_number, item.text, "Anna Bērziņa"):
        expect(main).not_to_contain_text(secret)
    assert_accessible(page)
    shot(page, "explanation_request_for_the_employee")
    page.get_by_label(lv("Your written explanation")).fill(
        "Klients pieprasīja pieņemt iesniegumu bez paraksta; paskaidroju kārtību."
    )
    with page.expect_navigation():
        page.get_by_role("button", name=lv("Send the explanation")).click()
    expect(page.locator("#explanation-answer")).to_contain_text("bez paraksta")
    # The item itself stays hidden from the person it is about.
    assert page.goto(f"/complaints/{item.pk}/").status == 404
    asked.refresh_from_db()
    assert asked.answered_at is not None

    _switch(page, login, head)
    page.goto(f"/complaints/{item.pk}/")
    expect(page.locator("#explanations")).to_contain_text("bez paraksta")
    expect(page.locator("table")).to_contain_text(lv("Employee's explanation received"))
    assert_accessible(page)
    shot(page, "explanation_answer_for_the_head")
