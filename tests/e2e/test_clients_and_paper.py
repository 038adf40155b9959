"""The front desk's clients and paper, in a browser (Latvian): a client found with the surname
first; a second card of the same person held back with a link to the first; a written
submission handed in at a visit registered from the visit. Screenshots go to
``tests/e2e/screenshots/``; axe finds no serious violation on the new screens."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cases import services
from cases.models import Client, WrittenSubmission
from tests.e2e.test_cases_flow import SAVE_CONTACT, shot
from tests.e2e.test_public import assert_accessible


def test_a_client_is_found_surname_first_and_not_entered_twice(page, reception, login):
    services.client_create(actor=reception, name="Aivars Vucāns", phones=["26 555 123"])
    login(reception)
    page.goto("/cases/clients/?q=Vucāns+Aivars")
    expect(page.locator("main").get_by_text("Aivars Vucāns").first).to_be_visible()

    page.goto("/cases/clients/new/")
    page.get_by_label("Nosaukums").fill("Vucāns Aivars")
    page.get_by_label("Tālruņa numuri").fill("+371 26555123")
    with page.expect_navigation():
        page.get_by_role("button", name="Saglabāt").click()
    warning = page.locator("#client-duplicates")
    expect(warning).to_contain_text("Šis klients, iespējams, jau ir reģistrēts.")
    expect(warning.get_by_role("link", name="Aivars Vucāns")).to_be_visible()
    expect(page.get_by_label("Nosaukums")).to_have_value("Vucāns Aivars")  # nothing lost
    assert Client.objects.count() == 1
    shot(page, "clients_duplicate_warning")
    assert_accessible(page)


@pytest.mark.rule("2.1.2.2")
def test_paper_handed_in_at_a_visit_is_registered_from_the_visit(page, reception, login):
    login(reception)
    page.goto("/cases/new/?channel=visit")
    page.get_by_label("Kopsavilkums").fill("Klients atnesa iesniegumu par konteinera nomaiņu.")
    page.locator("#id_subject").fill("Iesniegums par konteinera nomaiņu")
    with page.expect_navigation():
        page.locator(SAVE_CONTACT).click()
    submission = WrittenSubmission.objects.get()
    assert submission.subject == "Iesniegums par konteinera nomaiņu"
    expect(page.locator("main")).to_contain_text(submission.register_number)
    shot(page, "paper_from_a_visit")
    assert_accessible(page)
