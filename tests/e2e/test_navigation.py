"""The staff navigation on a desktop screen: every role's bar fits 1280 pixels without
sideways scrolling, and the grouped menus open from the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize(
    "persona", ["reception", "head", "admin", "director", "ethics", "expert", "unithead"]
)
def test_the_navigation_fits_a_desktop_screen_for_every_role(page, login, persona, request):
    user = request.getfixturevalue(persona)
    login(user)

    assert page_width(page) <= 1280
    bar = page.locator("nav.navbar").bounding_box()
    assert bar is not None and bar["height"] < 80  # one line, not wrapped into several
    assert page.csp_violations == []


def test_the_clients_menu_opens_and_is_walked_with_the_keyboard(page, login, reception):
    login(reception)
    contacts = page.locator("#main-nav a.dropdown-item[href='/cases/']")
    callbacks = page.locator("#main-nav a.dropdown-item[href='/cases/callbacks/']")
    assert not callbacks.is_visible()

    page.locator("#main-nav .dropdown-toggle").first.focus()
    page.keyboard.press("Enter")
    expect(callbacks).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(contacts).to_be_focused()
    for _item in ("Incoming e-mail", "Clients", "My callbacks"):
        page.keyboard.press("ArrowDown")
    expect(callbacks).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/callbacks/")
    page.keyboard.press("Escape")
