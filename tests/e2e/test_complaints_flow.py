"""The complaints register in a browser: the front desk registers a complaint
about an employee, the head finds it in the inbox and decides it (4.11, 7.1); a complaint
about the head reaches the executive director and never the head: not in the head's queue,
search, dashboard or inbox (7.2, 2.1.4.4).

Screenshots of the steps are kept in tests/e2e/screenshots/ next to the last state the
``page`` fixture saves."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.db import connection

from complaints.models import FeedbackItem, Outcome, RoutingRule, State
from tests.e2e.conftest import SCREENSHOTS


@pytest.fixture(autouse=True)
def _routing_table(transactional_db: None) -> None:
    """The routing table's defaults, which a data migration seeds: a browser test starts from a
    database emptied by the transactional test before it."""
    defaults = importlib.import_module("complaints.migrations.0002_default_routing").DEFAULTS
    for item_kind, subject_kind, authority_kind, clause in defaults:
        RoutingRule.objects.get_or_create(
            item_kind=item_kind,
            subject_kind=subject_kind,
            defaults={"authority_kind": authority_kind, "clause": clause},
        )


def snapshot(page: Any, request: pytest.FixtureRequest, step: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    suffix = f".{connection.vendor}" if connection.vendor != "sqlite" else ""
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{step}{suffix}.png"), full_page=True)


def register_through_the_form(page: Any, *, text: str, subject: str, employee: Any = None) -> None:
    """The front desk fills in /complaints/new/ as a person would."""
    page.goto("/complaints/new/")
    page.locator("input[name=kind][value=complaint]").check()
    page.locator("#id_channel").select_option("visit")
    page.locator("#id_client_name").fill("Anna Bērziņa")
    page.locator("#id_text").fill(text)
    page.locator("#id_subject_kind").select_option(subject)
    if employee is not None:
        page.locator("#id_subject_employee").select_option(str(employee.pk))
    page.locator("#register-submit").click()
    page.wait_for_url(re.compile(r"/complaints/\d+/$"))


def switch_user(page: Any, login: Any, user: Any) -> None:
    page.context.clear_cookies()
    login(user)


def row_links(page: Any) -> list[str]:
    """The register numbers listed on a queue or register page."""
    return page.locator("table tbody tr td:first-child a").all_inner_texts()


@pytest.mark.rule("4.11", "7.1")
def test_front_desk_registers_a_complaint_about_an_employee_and_the_head_decides_it(
    page, login, reception, head, expert, request
):
    login(reception)
    register_through_the_form(
        page,
        text="Darbinieks klientu centrā bija nepieklājīgs un atteicās pieņemt iesniegumu.",
        subject="employee",
        employee=expert.employee,
    )
    item = FeedbackItem.objects.get()
    assert item.register_number in page.locator("h1").inner_text()
    assert item.authority.members.filter(pk=head.pk).exists()

    # 4.11: the head finds it in the inbox, at once.
    switch_user(page, login, head)
    page.goto("/inbox/")
    notice = page.locator(".inbox-subject").filter(has_text=item.register_number)
    notice.first.wait_for()
    snapshot(page, request, "1-head-inbox")
    notice.first.click()
    page.wait_for_url(f"**/complaints/{item.pk}/")
    assert "nepieklājīgs" in page.locator(".complaint-text").inner_text()

    # The review: acknowledge, start, decide.
    for action in ("acknowledge", "start_review"):
        page.locator(f"section[aria-labelledby=action-{action}] button[type=submit]").click()
        page.wait_for_load_state()
    decide = page.locator("section[aria-labelledby=action-decide]")
    decide.locator(f"input[name=decide-outcome][value={Outcome.UPHELD}]").check()
    decide.locator("#id_decide-decision_text").fill(
        "Sūdzība pamatota: ar darbinieku pārrunāta klientu apkalpošanas kārtība."
    )
    decide.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("text=ar darbinieku pārrunāta").first.wait_for()
    snapshot(page, request, "2-head-decided")

    item.refresh_from_db()
    assert item.state == State.DECIDED
    assert item.outcome == Outcome.UPHELD
    assert page.csp_violations == []


@pytest.mark.rule("7.2", "2.1.4.4")
def test_a_complaint_about_the_head_is_hidden_from_the_head_and_shown_to_the_director(
    page, login, reception, head, director, request
):
    login(reception)
    register_through_the_form(
        page, text="Valdes loceklis divus mēnešus neatbild uz manu vēstuli.", subject="head"
    )
    item = FeedbackItem.objects.get()
    number = item.register_number

    # The head: not in the queue, not found by searching, not counted on the dashboard, not in
    # the inbox, 404 by address.
    switch_user(page, login, head)
    page.goto("/complaints/queue/")
    assert number not in row_links(page)
    snapshot(page, request, "1-head-queue")
    page.goto("/complaints/?q=neatbild")
    assert number not in row_links(page)
    assert "neatbild" in page.locator("#id_q").input_value()  # the search really ran
    page.goto("/complaints/dashboard/")
    assert page.locator("#key-received").inner_text().strip() == "0"
    snapshot(page, request, "2-head-dashboard")
    page.goto("/inbox/")
    assert page.locator(".inbox-subject").filter(has_text=number).count() == 0
    assert page.goto(f"/complaints/{item.pk}/").status == 404

    # The executive director: in the queue, found by searching, counted, in the inbox.
    switch_user(page, login, director)
    page.goto("/complaints/queue/")
    assert number in row_links(page)
    snapshot(page, request, "3-director-queue")
    page.goto("/complaints/?q=neatbild")
    assert row_links(page) == [number]
    page.goto("/complaints/dashboard/")
    assert page.locator("#key-received").inner_text().strip() == "1"
    page.goto("/inbox/")
    page.locator(".inbox-subject").filter(has_text=number).first.wait_for()
    assert page.csp_violations == []
