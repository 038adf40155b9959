"""The compliance report in a browser, as the head: from the dashboard to the report for
September 2026 by employee, then by unit; and as the compliance inspector, who is told the
complaint figures are not shown. Latvian, accessible, no CSP violation."""

from __future__ import annotations

from tests.complaints import compliance_data as data
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_public import assert_accessible


def test_the_head_reads_the_compliance_report_and_groups_it_by_unit(
    page,
    login,
    head,
    reception,
    reception2,
    expert,
    unithead,
    operations_unit,
    review_authorities,
):
    data.plant(reception, reception2, expert, operations_unit, review_authorities)
    login(head)
    page.goto("/complaints/dashboard/")
    page.locator("#compliance-link").click()
    page.wait_for_url("**/complaints/compliance/")
    page.locator("#id_date_from").fill("2026-09-01")
    page.locator("#id_date_to").fill("2026-09-30")
    page.locator(".dashboard-period button[type=submit]").click()
    page.wait_for_url("**/complaints/compliance/?*")

    assert page.locator("html").get_attribute("lang") == "lv"
    assert "01.09.2026" in page.locator("#compliance-period").inner_text()
    laura = page.locator("#compliance-table tbody tr", has_text="Laura Kalniņa")
    assert laura.count() == 1
    assert page.locator("#compliance-clauses tbody tr", has_text="7.1").count() == 1
    assert page.csp_violations == []
    assert_accessible(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "compliance_report_head.png"), full_page=True)

    page.locator("#id_by").select_option("unit")
    page.locator(".dashboard-period button[type=submit]").click()
    page.wait_for_url("**by=unit*")

    assert page.locator("#compliance-table tbody tr", has_text="Ekspluatācijas nodaļa").count() == 1
    assert page.locator("#compliance-table tbody tr", has_text="Laura Kalniņa").count() == 0
    csv_link = page.locator("a[href*='/complaints/compliance/export.csv']")
    assert "by=unit" in csv_link.get_attribute("href")
    page.emulate_media(media="print")
    assert not page.locator(".dashboard-period").is_visible()  # the form stays off the paper
    page.screenshot(path=str(SCREENSHOTS / "compliance_report_print.png"), full_page=True)


def test_the_inspector_reads_the_report_without_complaint_figures(
    page,
    login,
    inspector,
    head,
    reception,
    reception2,
    expert,
    unithead,
    operations_unit,
    review_authorities,
):
    """The compliance inspector: from the start page's navigation to the report; the staff
    figures are there, the complaints are said not to be shown (not zeros)."""
    data.plant(reception, reception2, expert, operations_unit, review_authorities)
    login(inspector)
    page.goto("/")
    page.locator("nav a[href='/complaints/compliance/']").first.click()
    page.wait_for_url("**/complaints/compliance/")
    page.goto("/complaints/compliance/?date_from=2026-09-01&date_to=2026-09-30&by=employee")

    assert page.locator("html").get_attribute("lang") == "lv"
    laura = page.locator("#compliance-table tbody tr", has_text="Laura Kalniņa")
    assert laura.count() == 1
    assert page.locator("#compliance-complaints-not-shown").is_visible()
    assert page.locator("#compliance-clauses").count() == 0
    assert page.csp_violations == []
    assert_accessible(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "compliance_report_inspector.png"), full_page=True)

    page.goto("/directory/")
    assert "Laura Kalniņa" not in page.content()
