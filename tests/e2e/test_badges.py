"""The badge print page in a browser (2.2, 3.3): an administrator opens it for an employee and
sees the name on a card, on screen and in print."""

from __future__ import annotations

import pytest

from tests.factories import EmployeeFactory


@pytest.mark.rule("2.2", "3.3")
def test_badge_print_page_shows_the_employees_name_on_a_card(
    page, admin, login, customer_service_unit
):
    employee = EmployeeFactory(
        user=None,
        first_name="Ģirts",
        last_name="Šķēle",
        unit=customer_service_unit,
        position="Klientu apkalpošanas speciālists",
    )
    login(admin)

    page.goto(f"/badges/print/?kind=badge&ids={employee.pk}")

    card = page.locator(".print-card").filter(has_text="Šķēle")
    card.first.wait_for()
    assert "Ģirts" in card.first.inner_text()
    assert "Klientu apkalpošanas speciālists" in card.first.inner_text()
    page.emulate_media(media="print")
    assert page.get_by_text("Šķēle").first.is_visible()
    assert page.csp_violations == []
