"""An order issue (4.10.1) in a browser, in Latvian: the unit head sees it on "Pasūtījumu
izpildes problēmas", closes it with what was done, and the front-desk specialist who reported
it reads the closure there; axe finds no serious violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cases import services
from servicedesk.models import Notification
from tests.e2e.test_cases_flow import shot
from tests.e2e.test_public import assert_accessible


@pytest.mark.rule("4.10.1")
def test_the_unit_head_closes_an_order_issue_and_the_reporter_reads_it(
    page, reception, unithead, operations_unit, login
):
    contact = services.contact_log(
        actor=reception, channel="phone_in", summary="Konteiners nav izvests"
    )
    services.order_issue_report(
        actor=reception,
        contact=contact,
        unit=operations_unit,
        order_reference="P-2026/881",
        description="Konteiners nav izvests divas nedēļas.",
    )
    login(unithead)
    page.goto("/cases/order-issues/")
    expect(page.locator("main")).to_contain_text("Konteiners nav izvests divas nedēļas.")
    assert_accessible(page)
    page.get_by_label("Kas tika darīts").fill("Izvests 1. decembrī; šoferim atgādināts grafiks.")
    with page.expect_navigation():
        page.get_by_role("button", name="Slēgt un informēt ziņotāju").click()
    expect(page.locator(".alert-success")).to_contain_text("ziņotājs ir informēts")
    assert Notification.objects.filter(kind="cases.order_issue_resolved").exists()

    page.context.clear_cookies()
    login(reception)
    page.goto("/cases/order-issues/")
    expect(page.locator("main")).to_contain_text("Izvests 1. decembrī")
    shot(page, "order_issue_closed_for_the_reporter")
    assert_accessible(page)


@pytest.mark.rule("4.10.1")
def test_the_unit_head_passes_an_issue_on_after_a_refusal_that_keeps_the_reason(
    page, reception, unithead, operations_unit, customer_service_unit, login
):
    customer_service_unit.email = "klienti@aadso.lv"
    customer_service_unit.save(update_fields=["email"])
    contact = services.contact_log(
        actor=reception, channel="phone_in", summary="Konteiners nav izvests"
    )
    services.order_issue_report(
        actor=reception, contact=contact, unit=operations_unit, description="Nav izvests."
    )
    login(unithead)
    page.goto("/cases/order-issues/")
    page.get_by_text("Pasūtījumu izpilda cita struktūrvienība: nodot tālāk").click()
    # The same unit is refused: the reason typed comes back with the message at the top.
    page.get_by_label("Nodot struktūrvienībai").select_option(label="Ekspluatācijas nodaļa")
    page.get_by_label("Kāpēc").fill("Izvešanu organizē klientu centrs")
    page.get_by_role("button", name="Nodot tālāk un informēt struktūrvienību").click()
    expect(page.locator("#error-summary")).to_contain_text("jau ir šīs struktūrvienības rīcībā")
    expect(page.get_by_label("Kāpēc")).to_have_value("Izvešanu organizē klientu centrs")
    shot(page, "order_issue_pass_refused")
    assert_accessible(page)
    page.get_by_label("Nodot struktūrvienībai").select_option(label="Klientu apkalpošanas centrs")
    with page.expect_navigation():
        page.get_by_role("button", name="Nodot tālāk un informēt struktūrvienību").click()
    expect(page.locator(".alert-success")).to_contain_text("nodota tālāk")
    assert Notification.objects.filter(kind="cases.order_issue", email="klienti@aadso.lv").exists()

    page.context.clear_cookies()
    login(reception)
    page.goto("/cases/order-issues/")
    expect(page.locator("main")).to_contain_text("iepriekš: Ekspluatācijas nodaļa")
    shot(page, "order_issue_passed_for_the_reporter")
    assert_accessible(page)
