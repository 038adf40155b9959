"""In a browser, in Latvian: the front desk opens a client's card and reads one timeline of
everything that happened with the client, complaints included; from a contact marked "our
error" (2.1.1.2) it registers a complaint on a form filled in from the contact, and finds a
client by look-up on the registration form. axe finds no serious violation."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from complaints.models import Channel, FeedbackItem, Kind, RoutingRule, SubjectKind
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


@pytest.fixture
def card(reception):
    return services.client_create(
        actor=reception,
        name="Zelma Kociņa",
        phones=["26 555 123"],
        email="zelma@example.lv",
        contract_number="L-4471",
        service_address="Rīgas iela 5, Valmiera",
    )


def _our_error(reception, card):
    return services.contact_log(
        actor=reception,
        channel="phone_in",
        client=card,
        started_at=timezone.now() - timedelta(minutes=10),
        ended_at=timezone.now() - timedelta(minutes=5),
        summary="Rēķinā divreiz ieskaitīta viena izvešana.",
        our_error=True,
        apologised=True,
        told_right_to_complain=True,
        remedy=services.RemedyPlan(
            "Pārrēķināt rēķinu", reception, timezone.localdate() + timedelta(days=3)
        ),
    )


def test_reception_reads_the_timeline_and_registers_a_complaint_from_our_error(
    page, login, reception, head, review_authorities, card
):
    earlier = registration.feedback_register(
        actor=reception,
        data=registration.FeedbackInput(
            kind=Kind.SUGGESTION,
            channel=Channel.VISIT,
            text="Lūdzu, uzstādiet vēl vienu konteineru pagalmā.",
            client_name="Zelma Kociņa",
            client=card,
        ),
    )
    contact = _our_error(reception, card)
    login(reception)
    page.goto(f"/cases/clients/{card.pk}/")
    timeline = page.locator("#client-timeline")
    expect(timeline).to_contain_text("Rēķinā divreiz ieskaitīta viena izvešana.")
    expect(timeline).to_contain_text(earlier.register_number)
    expect(timeline).to_contain_text("Pārrēķināt rēķinu")
    assert_accessible(page)
    shot(page, "client_timeline_card")

    page.goto(f"/cases/{contact.pk}/")
    with page.expect_navigation():
        page.locator("#register-complaint").click()
    expect(page.locator("#id_client_name")).to_have_value("Zelma Kociņa")
    expect(page.locator("#id_client_email")).to_have_value("zelma@example.lv")
    expect(page.locator("#id_text")).to_have_value("Rēķinā divreiz ieskaitīta viena izvešana.")
    expect(page.locator("#linked-client")).to_contain_text("Zelma Kociņa")
    page.locator("#id_subject_kind").select_option(SubjectKind.SERVICE)
    page.locator("#id_subject_description").fill("Rēķini")
    assert_accessible(page)
    shot(page, "client_timeline_our_error_form")
    with page.expect_navigation():
        page.get_by_role("button", name=lv("Register"), exact=True).click()
    item = FeedbackItem.objects.exclude(pk=earlier.pk).get()
    assert item.contact_id == contact.pk and item.client_id == card.pk

    page.goto(f"/cases/clients/{card.pk}/")
    expect(page.locator("#client-timeline")).to_contain_text(item.register_number)
    shot(page, "client_timeline_with_the_complaint")


def test_reception_finds_the_client_on_the_registration_form(
    page, login, reception, head, review_authorities, card
):
    login(reception)
    page.goto("/complaints/new/")
    page.locator("#id_text").fill("Konteiners netika iztukšots.")
    page.locator("#client-q").fill("Kociņa")
    with page.expect_navigation():  # Enter in the look-up field searches
        page.locator("#client-q").press("Enter")
    results = page.locator("#client-results")
    expect(results).to_contain_text("Zelma Kociņa")
    assert_accessible(page)
    shot(page, "client_timeline_lookup_results")
    with page.expect_navigation():
        results.get_by_role("button").first.click()
    expect(page.locator("#id_client_name")).to_have_value("Zelma Kociņa")
    expect(page.locator("#id_client_phone")).to_have_value("+371 26 555 123")
    expect(page.locator("#id_text")).to_have_value("Konteiners netika iztukšots.")
    assert_accessible(page)
    shot(page, "client_timeline_lookup_chosen")

    # Enter in any other field registers the item (not a search, not a choice).
    page.locator("#id_subject_kind").select_option(SubjectKind.SERVICE)
    page.locator("#id_subject_description").fill("Izvešana")
    with page.expect_navigation():
        page.locator("#id_client_name").press("Enter")
    item = FeedbackItem.objects.get()
    assert item.client_id == card.pk and item.text == "Konteiners netika iztukšots."
