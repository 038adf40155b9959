"""The incoming e-mail queue in a browser (docs/mail.md): a client's e-mail waits under
"New", a front-desk specialist opens it — sanitised text, the quoted history folded away,
the attachment — and takes it; it then waits under "Mine". axe-core finds no serious or
critical WCAG 2.1 AA violation on the two pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cases.services import mail
from tests.cases.mail.messages import PDF, message
from tests.e2e.test_cases_flow import lv, shot
from tests.e2e.test_public import assert_accessible


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_an_email_is_opened_and_taken_from_the_queue(page, reception, login):
    mail.inbound_receive(
        received=mail.Received(
            mailbox="klienti@aadso.lv/INBOX",
            raw=message(
                subject="Konteiners nav iztukšots",
                text="Labdien! Konteiners nav iztukšots jau nedēļu.\n\n"
                "2026. gada 20. nov. AADSO rakstīja:\n> Paldies par ziņu.",
                attachments=(("foto-akts.pdf", "application/pdf", PDF),),
            ),
        )
    )
    login(reception)
    page.goto("/cases/mail/")
    expect(page.locator("#mail-queue")).to_contain_text("Konteiners nav iztukšots")
    assert_accessible(page)
    shot(page, "mail-queue")

    page.get_by_role("link", name="Konteiners nav iztukšots").click()
    expect(page.locator("#mail-text")).to_contain_text("Konteiners nav iztukšots jau nedēļu.")
    expect(page.locator("#mail-quoted")).to_be_hidden()  # folded away until asked for
    expect(page.locator("#mail-attachments")).to_contain_text("foto-akts.pdf")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=lv("Take it")).click()
    expect(page.locator("#taken-by")).not_to_have_text("–")
    shot(page, "mail-detail")

    page.goto("/cases/mail/?queue=mine")
    expect(page.locator("#mail-queue")).to_contain_text("Konteiners nav iztukšots")
