"""The front desk's team callback queue in a browser (4.3.1): a colleague's overdue callback is
said to be overdue in words, taken, tried without an answer ("try again at …") and passed
back; axe-core finds no serious or critical WCAG 2.1 AA violation on the queue pages."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import Callback
from servicedesk.models import Notification
from tests.e2e.test_cases_flow import lv, shot
from tests.e2e.test_public import assert_accessible


def test_a_colleagues_overdue_callback_is_taken_tried_and_passed_back(
    page, reception, reception2, login
):
    contact = services.contact_log(
        actor=reception2,
        channel="phone_in",
        started_at=timezone.now() - timedelta(hours=4),
        summary="Jautā par rēķinu",
        callback=services.CallbackRequest(
            phone_number="26 123 456",
            question="Kāpēc rēķins ir lielāks?",
            due_at=timezone.now() - timedelta(hours=2),
            owner=reception2,
        ),
    )
    callback = Callback.objects.get(contact=contact)
    login(reception)

    page.goto("/cases/callbacks/team/")
    row = page.locator("tbody tr", has_text="+37126123456")
    expect(row).to_contain_text(lv("Overdue by %(time)s").split("%")[0].strip())
    assert_accessible(page)
    shot(page, "team_queue_overdue")
    row.get_by_role("button", name=lv("Take")).click()
    page.wait_for_url("**/cases/callbacks/team/")
    callback.refresh_from_db()
    assert callback.owner == reception

    page.goto(f"/cases/callbacks/{callback.pk}/")
    later = timezone.localtime() + timedelta(hours=1)
    page.locator("#id_next_try_at").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name=lv("No answer: try again later")).click()
    page.wait_for_url("**/cases/callbacks/")
    row = page.locator("tbody tr", has_text="+37126123456")
    expect(row).to_contain_text("1")
    assert_accessible(page)
    callback.refresh_from_db()
    assert (callback.attempts, callback.status) == (1, Callback.Status.OPEN)

    page.goto("/cases/callbacks/team/")
    row = page.locator("tbody tr", has_text="+37126123456")
    row.get_by_label(lv("Colleague")).select_option(str(reception2.pk))
    row.get_by_role("button", name=lv("Pass on")).click()
    page.wait_for_url("**/cases/callbacks/team/")
    callback.refresh_from_db()
    assert callback.owner == reception2
    assert Notification.objects.filter(
        recipient=reception2, kind="cases.callback_assigned"
    ).exists()
