"""Logging in through a real browser: the form, the keyboard, the layout's scripts under the
Content-Security-Policy, the language switch and the narrow-screen menu."""

from __future__ import annotations


def test_login_with_the_keyboard_lands_on_the_start_page(page, live_server, reception, login):
    login(reception)

    assert page.url == f"{live_server.url}/"
    assert "Laura Kalniņa" in page.locator("h1").inner_text()
    assert page.locator("form[action='/logout/'] button").is_visible()
    assert page.csp_violations == []


def test_wrong_password_keeps_the_user_on_the_login_form(page, reception, login):
    login(reception, password="nav-pareiza")

    assert "/login/" in page.url
    assert page.locator("#id_username").is_visible()
    assert page.locator(".alert-danger, .invalid-feedback, .errorlist").count() >= 1


def test_the_first_tab_stop_is_the_skip_link_to_the_main_content(page, reception, login):
    login(reception)

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator("a.skip-link").is_visible()  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_english_switch_translates_the_page(page):
    page.goto("/login/")
    assert page.locator("html").get_attribute("lang") == "lv"

    page.locator("button[name='language'][value='en']").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Staff login"


def test_on_a_phone_the_menu_opens_from_the_toggler(page, reception, login):
    page.set_viewport_size({"width": 375, "height": 740})
    login(reception)
    directory_link = page.locator("#main-nav a[href='/directory/']")
    assert not directory_link.is_visible()

    page.locator("button.navbar-toggler").click()  # Bootstrap's script, served by the app

    directory_link.wait_for(state="visible")
    assert page.csp_violations == []
