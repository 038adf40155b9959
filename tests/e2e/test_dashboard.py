"""The head's dashboard in a browser: it renders with demo-like data,
charts and tables, no CSP violation, and a figure's link opens the filtered register."""

from __future__ import annotations

import datetime as dt

import pytest

from servicedesk.models import ReviewAuthority
from tests.complaints import dashboard_data as data
from tests.e2e.conftest import SCREENSHOTS


@pytest.fixture
def demo_like(review_authorities, reception):
    """The known set, 60 more items over the last months and contacts on every channel."""
    known = data.known_set(review_authorities, reception)
    data.many(review_authorities[ReviewAuthority.Kind.HEAD], reception, 60)
    data.known_contacts(reception)
    from complaints.models import SurveyResponse

    for rating, day in [(5, 3), (4, 9), (4, 28), (3, 40), (5, 50), (2, 55)]:
        SurveyResponse.objects.create(
            via=SurveyResponse.Via.KIOSK,
            rating=rating,
            answered_at=data.riga(2026, 9, 1, 10) + dt.timedelta(days=day),
        )
    return known


@pytest.mark.rule("3.5.1")
def test_the_head_opens_the_dashboard_and_drills_down(page, login, head, demo_like):
    login(head)
    page.locator("#main-nav a[href='/complaints/dashboard/']").click()
    page.locator("#id_date_from").fill("2026-09-01")
    page.locator("#id_date_to").fill("2026-10-31")
    page.get_by_role("button", name=page.locator(".dashboard-period button").inner_text()).click()
    page.wait_for_load_state()

    assert page.locator("svg.chart").count() == 9
    assert page.locator("#key-received").inner_text() == "65"
    assert page.locator("#chart-kind > title").first.text_content()
    assert page.csp_violations == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard_head.png"), full_page=True)

    claims = page.locator("#figure-kind table a").nth(2)  # complaint, suggestion, claim
    expected = claims.locator("xpath=../../td").inner_text()
    claims.click()
    page.wait_for_url("**/complaints/registers/all/**")

    assert page.locator(".register-table tbody tr").count() == int(expected)
    assert page.csp_violations == []
