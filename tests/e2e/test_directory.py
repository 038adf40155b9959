"""The staff directory in a browser: typing a name finds the person (3.3, 4.3.2)."""

from __future__ import annotations

from tests.factories import EmployeeFactory


def test_searching_the_directory_shows_the_person(page, reception, login, operations_unit):
    EmployeeFactory(
        user=None,
        first_name="Valdis",
        last_name="Ābeltiņš",
        unit=operations_unit,
        position="Konteineru speciālists",
    )
    EmployeeFactory(
        user=None, first_name="Zelma", last_name="Krūmiņa", unit=operations_unit, position="Jurists"
    )
    login(reception)

    page.locator("#main-nav a[href='/directory/']").click()
    search = page.get_by_role("searchbox")
    search.fill("Ābeltiņš")
    search.press("Enter")

    results = page.locator("#directory-results")
    results.get_by_text("Valdis Ābeltiņš").wait_for()
    assert results.get_by_text("Konteineru speciālists").is_visible()
    assert results.get_by_text("Zelma Krūmiņa").count() == 0
    assert page.csp_violations == []
