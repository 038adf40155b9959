"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's
``live_server`` (docs/testing.md). Never ``playwright install``: the browser is the system's
``/usr/bin/chromium`` (``.ci/run`` installs it with apt). Without it every test here is skipped
with the reason. Each test leaves a screenshot in ``tests/e2e/screenshots/<test>.png``, kept by
CI as an artefact and ignored by git."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def _skip_reason() -> str | None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return (
            f"no browser: {CHROMIUM} is missing (apt-get install chromium; .ci/run does it, "
            "or set E2E_CHROMIUM)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "no browser driver: the playwright package is not installed (requirements-dev)"
    return None


SKIP_REASON = _skip_reason()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
            # The live server answers from another thread, so the data must be committed.
            item.add_marker(pytest.mark.django_db(transaction=True))
            if SKIP_REASON:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One chromium per test module. Playwright's sync API runs an event loop in this thread
    while it is open; Django's ORM (fixtures, factories) refuses to run inside one unless told
    that this thread serves no async code, so the flag is set only for that time."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _roles(transactional_db: None) -> None:
    """The role groups, which a migration creates: a transactional test starts from a database
    emptied by the one before it. (Django's serialized rollback would restore all migration
    data, but it clashes with content types re-created by other transactional tests.)"""
    from django.contrib.auth.models import Group

    from servicedesk.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.fixture
def page(browser, live_server, request) -> Iterator[Any]:
    """A fresh browser context (no cookies) on the live server, Latvian, desktop size; a
    screenshot of the last state is saved whatever the outcome. ``page.csp_violations`` lists
    what the Content-Security-Policy blocked."""
    from django.db import connection

    context = browser.new_context(
        base_url=live_server.url,
        locale="lv-LV",
        timezone_id="Europe/Riga",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.csp_violations = []

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            page.csp_violations.append(message.text)

    page.on("console", on_console)
    yield page
    SCREENSHOTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    if connection.vendor != "sqlite":  # CI runs the suite on both at once: keep both
        name += f".{connection.vendor}"
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture
def login(page):
    """``login(user)``: log in through the login form, as a person would."""
    from tests.factories import PASSWORD

    def log_in(user: Any, password: str = PASSWORD) -> None:
        page.goto("/login/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(password)
        with page.expect_navigation():  # the answer to the POST, wrong password or right
            page.locator("#id_password").press("Enter")

    return log_in
