"""The desk's administration in a browser, in Latvian (2.1.6.2, 3.2): the administrator gives
an employee a login with a role, then adds a reception-hours exception with its hours, which
the public hours page shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from servicedesk.models import ReceptionException
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import EmployeeFactory


def _open_more_menu_and_follow(page, href: str) -> None:
    item = f"a.dropdown-item[href='{href}']"
    menu = page.locator("#main-nav li.dropdown").filter(has=page.locator(item))
    menu.locator(".dropdown-toggle").click()
    menu.locator(item).click()
    page.wait_for_url(f"**{href}")


def _screenshot(page, step: str) -> None:
    """A screenshot of a step on the way, next to the test's own final one."""
    SCREENSHOTS.mkdir(exist_ok=True)
    name = f"test_the_administrator_gives_a_login_and_adds_an_exception.{step}.png"
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


@pytest.mark.rule("2.1.6.1", "3.2")
def test_the_administrator_gives_a_login_and_adds_an_exception(
    page, login, admin, customer_service_unit
):
    newcomer = EmployeeFactory(
        user=None,
        first_name="Zane",
        last_name="Bērziņa",
        unit=customer_service_unit,
        email="zane.berzina@aadso.lv",
    )
    login(admin)
    assert page.locator("html").get_attribute("lang") == "lv"

    _open_more_menu_and_follow(page, "/staff/")
    page.locator(f"a[href='/staff/{newcomer.pk}/login/']").click()
    assert page.locator("#id_username").input_value() == "zane.berzina"
    _screenshot(page, "login_form")
    page.locator("input[name='roles'][value='front_desk']").check()
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    page.get_by_role("cell", name="zane.berzina").wait_for()
    user = User.objects.get(username="zane.berzina")
    assert set(user.groups.values_list("name", flat=True)) == {"front_desk"}

    day = timezone.localdate() + dt.timedelta(days=20)
    _open_more_menu_and_follow(page, "/hours/exceptions/")
    assert page.locator("input[name='state'][value='open']").is_checked()
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_opens").fill("08:00")
    page.locator("#id_closes").fill("13:00")
    page.locator("#id_reason").fill("Pirmssvētku diena")
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    page.get_by_role("cell", name="08:00–13:00").wait_for()
    _screenshot(page, "exceptions")
    saved = ReceptionException.objects.get(date=day)
    assert (saved.is_closed, saved.opens, saved.closes) == (False, dt.time(8), dt.time(13))

    page.goto("/public/hours/")
    assert page.get_by_text("Pirmssvētku diena").is_visible()
    assert page.csp_violations == []
