"""The knowledge base kept in the desk (2.1.4.2), in a browser: an editor writes an article in
Latvian with an owner and a review date; a front-desk specialist finds it by another form of
the word ("konteiners" finds "konteinera"); axe finds no serious violation on either page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from servicedesk.roles import Role
from tests.e2e.test_public import assert_accessible
from tests.factories import EmployeeFactory, UserFactory


@pytest.mark.rule("2.1.4.2")
def test_an_editor_writes_an_article_and_the_desk_finds_it_by_another_word_form(
    page, reception, login, operations_unit
):
    editor = UserFactory(
        username="redaktore", first_name="Zane", last_name="Ozola", roles=[Role.KNOWLEDGE_EDITOR]
    )
    EmployeeFactory(user=editor, unit=operations_unit, position="Satura redaktore")
    login(editor)
    page.goto("/cases/kb/new/")
    assert page.locator("h1").inner_text() == "Jauns raksts"
    page.get_by_label("Nosaukums").fill("Bojāta konteinera nomaiņa")
    page.get_by_label("Teksts").fill(
        "Bojātu konteineru nomainām bez maksas piecu darba dienu laikā."
    )
    page.get_by_label("Pieejamība").select_option("internal")
    page.get_by_label("Atbildīgais").select_option(label="Zane Ozola")
    review = timezone.localdate() + dt.timedelta(days=90)
    page.get_by_label("Pārskatīt līdz").fill(review.isoformat())
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Saglabāt").click()
    assert "Bojāta konteinera nomaiņa" in page.locator("h1").inner_text()

    page.context.clear_cookies()
    login(reception)
    page.goto("/cases/kb/?q=konteiners")
    results = page.locator("main")
    results.get_by_text("Bojāta konteinera nomaiņa").first.wait_for()
    assert_accessible(page)
