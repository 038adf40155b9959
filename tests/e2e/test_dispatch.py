"""Outgoing correspondence in the browser: the front desk opens the list (in Latvian), opens
a letter's PDF, marks it printed and posted, and finds it on the day's dispatch list."""

from __future__ import annotations

import re
from io import BytesIO

from playwright.sync_api import expect
from pypdf import PdfReader

from cases import services
from cases.models import Dispatch
from tests.e2e.test_cases_flow import shot
from tests.e2e.test_public import assert_accessible


def test_reception_prints_and_posts_a_letter(page, reception, login, institution):
    dispatch = services.dispatch_to_client(
        actor=reception,
        kind=Dispatch.Kind.SUBMISSION_REPLY,
        target=None,
        name="Ārija Šņore",
        address="Žagaru iela 7-12\nĀdaži, LV-2164",
        subject="Atbilde uz iesniegumu",
        body="Labdien!\n\nJūsu iesniegums ir izskatīts.",
    )
    login(reception)
    page.goto("/cases/outgoing/")
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    row = page.locator("#dispatches tbody tr").filter(has_text=dispatch.number)
    expect(row).to_contain_text("Ārija Šņore")
    assert_accessible(page)
    shot(page, "dispatch_list")

    row.get_by_role("link", name=dispatch.number).click()
    page.wait_for_url(re.compile(rf"/cases/outgoing/{dispatch.pk}/$"))
    assert_accessible(page)
    shot(page, "dispatch_detail")
    href = page.locator("#dispatch-letter").get_attribute("href")
    pdf = page.context.request.get(href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = PdfReader(BytesIO(pdf.body())).pages[0].extract_text()
    assert dispatch.number in text and "Ārija Šņore" in text

    page.locator("form", has=page.locator("input[value=printed]")).get_by_role("button").click()
    page.wait_for_url(re.compile(rf"/cases/outgoing/{dispatch.pk}/$"))
    page.locator("form", has=page.locator("input[value=posted]")).get_by_role("button").click()
    page.wait_for_url(re.compile(rf"/cases/outgoing/{dispatch.pk}/$"))
    expect(page.locator("#dispatch-outcome")).to_contain_text(dispatch.number)
    shot(page, "dispatch_posted")

    page.get_by_role("link", name=re.compile("dispatch list|nosūtīšanas saraksts", re.I)).click()
    day = page.locator("#dispatch-day")
    expect(day).to_contain_text(dispatch.number)
    expect(day).to_contain_text("Žagaru iela 7-12")
    assert_accessible(page)
    shot(page, "dispatch_day")
    dispatch.refresh_from_db()
    assert dispatch.state == Dispatch.State.POSTED
