"""The acknowledgement register in a browser, in Latvian (clause 9: employees "ar parakstu
apliecina"): the administrator opens the register, where an inspector without a login is
missing, prints the sheet to sign, attaches the signed sheet and marks who signed it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings

from servicedesk.models import RulesSignature, RulesVersion
from servicedesk.services.rules import rules_version_create
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_public import assert_accessible
from tests.factories import EmployeeFactory

SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _shot(page, step: str) -> None:
    """A screenshot of a step on the way, next to the test's own final one."""
    SCREENSHOTS.mkdir(exist_ok=True)
    name = f"test_the_administrator_prints_attaches_and_marks_the_signed_sheet.{step}.png"
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _version_1(admin) -> RulesVersion:
    """Version 1 as the data migration loads it (a transactional test before may have emptied
    the table)."""
    existing = RulesVersion.objects.filter(number=1).first()
    if existing is not None:
        return existing
    text = Path(settings.BASE_DIR, "servicedesk/rules_text/klientu-apkalposanas-noteikumi-2019.txt")
    return rules_version_create(
        actor=admin,
        number=1,
        title="Klientu apkalpošanas noteikumi",
        effective_from=dt.date(2019, 3, 1),
        text=text.read_text(encoding="utf-8"),
    )


@pytest.mark.rule("9")
def test_the_administrator_prints_attaches_and_marks_the_signed_sheet(
    page, login, admin, institution, operations_unit
):
    version = _version_1(admin)
    inspector = EmployeeFactory(
        user=None,
        first_name="Andris",
        last_name="Bērziņš",
        position="Teritorijas apsekošanas speciālists",
        unit=operations_unit,
    )
    login(admin)

    page.goto("/rules/register/?version=1")
    missing = page.locator("#missing")
    missing.get_by_role("rowheader", name="Andris Bērziņš").wait_for()
    assert "trūkst" in missing.locator("tr", has_text="Andris Bērziņš").inner_text()
    assert_accessible(page)
    _shot(page, "register")

    with page.expect_navigation():
        page.locator("#print-sheet").click()
    sheet = page.locator("#sheet")
    sheet.get_by_role("rowheader", name="Andris Bērziņš").wait_for()
    assert page.get_by_role("heading", name="Iepazīšanās ar klientu apkalpošanas noteikumiem")
    assert institution.name in page.locator("article").inner_text()
    assert_accessible(page)
    _shot(page, "sheet_on_screen")
    page.emulate_media(media="print")
    assert not page.locator("nav").first.is_visible()
    _shot(page, "sheet_printed")
    page.emulate_media(media="screen")

    page.goto("/rules/register/?version=1")
    with page.expect_navigation():
        page.locator("#attach-sheet").click()
    assert_accessible(page)
    page.locator("#id_file").set_input_files(
        {"name": "parakstu-lapa.pdf", "mimeType": "application/pdf", "buffer": SCAN}
    )
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/rules/signed-sheets/\d+/$"))
    page.get_by_role("heading", name="Atzīmēt, kas parakstīja").wait_for()
    assert_accessible(page)
    _shot(page, "sheet_attached")

    page.get_by_label(re.compile("Andris Bērziņš")).check()
    page.locator("#id_signed_on").fill("2026-11-20")
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    page.locator("#signatures").get_by_role("rowheader", name="Andris Bērziņš").wait_for()
    withdraw = re.compile(r"Atsaukt \(reģistrēts kļūdaini\).*Andris Bērziņš")
    assert page.get_by_role("button", name=withdraw).is_visible()
    assert_accessible(page)
    _shot(page, "signatures_recorded")
    signature = RulesSignature.objects.get()
    assert (signature.employee, signature.version) == (inspector, version)

    page.goto("/rules/register/?version=1")
    row = page.locator("#register tr", has_text="Andris Bērziņš")
    assert "parakstīts" in row.inner_text() and "20.11.2026." in row.inner_text()
    assert not page.locator("#missing tr", has_text="Andris Bērziņš").count()
    assert page.csp_violations == []
