"""Questions to contact persons in the team queues, in a browser, in Latvian (4.8, 4.9, 4.3.2):
the front desk asks the expert, the expert passes the question on to a colleague with a
reason, the colleague answers, and the answer reaches the one who asked; a colleague takes a
question from the team's queue; an absent contact person's substitute gets a new question and
the screen says so; a consultation during the call is logged answered. axe-core finds no
serious or critical WCAG 2.1 AA violation on the new screens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import Consultation
from cases.services.absences import absence_record
from servicedesk.models import Notification
from servicedesk.roles import Role
from tests.e2e.test_cases_flow import lv, shot
from tests.e2e.test_public import assert_accessible
from tests.factories import EmployeeFactory, UserFactory

QUESTION = "Vai konteineru Brīvības ielā 5 var nomainīt pret lielāku jau šonedēļ?"


@pytest.fixture
def expert2(operations_unit):
    user = UserFactory(
        username="expert2", first_name="Ilze", last_name="Ozola", roles=[Role.CONTACT_PERSON]
    )
    EmployeeFactory(user=user, unit=operations_unit, position="Speciāliste")
    return user


def _switch_to(page, login, user) -> None:
    page.context.clear_cookies()
    login(user)


def _phone_contact(reception):
    return services.contact_log(
        actor=reception, channel="phone_in", summary="Jautā par konteinera maiņu"
    )


@pytest.mark.rule("4.9")
def test_a_question_is_passed_on_answered_and_the_answer_reaches_the_asker(
    page, reception, expert, expert2, login
):
    contact = _phone_contact(reception)
    login(reception)
    page.goto(f"/cases/{contact.pk}/")
    page.get_by_role("button", name=lv("Ask a contact person for a later answer (4.8)")).click()
    form = page.locator("#act-consult")
    form.get_by_label(lv("Contact person")).select_option(str(expert.pk))
    form.get_by_label(lv("Question")).fill(QUESTION)
    with page.expect_navigation():
        form.get_by_role("button", name=lv("Ask")).click()
    expect(page.locator(".alert-success")).to_contain_text(lv("The contact person has been asked."))
    question = Consultation.objects.get()

    _switch_to(page, login, expert)
    page.goto("/cases/consultations/")
    expect(page.locator("main")).to_contain_text(QUESTION[:30])
    assert_accessible(page)
    shot(page, "consultation_mine")
    page.get_by_role("link", name=QUESTION[:30], exact=False).click()
    page.get_by_label(lv("Pass on to")).select_option(str(expert2.pk))
    page.get_by_label(lv("Why")).fill("Brīvības iela ir Ilzes iecirknis")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=lv("Pass on")).click()
    expect(page.locator(".alert-success")).to_contain_text(lv("The question was passed on."))
    question.refresh_from_db()
    assert question.contact_person == expert2

    _switch_to(page, login, expert2)
    page.goto("/cases/consultations/team/")
    expect(page.locator("main")).to_contain_text(QUESTION[:30])
    assert_accessible(page)
    shot(page, "consultation_team")
    page.goto(f"/cases/consultations/{question.pk}/")
    expect(page.locator("main")).to_contain_text("Brīvības iela ir Ilzes iecirknis")  # the trail
    shot(page, "consultation_passed_on")
    page.get_by_label(lv("Answer")).fill("Jā, piektdien atvedīs 1,1 m³ konteineru.")
    with page.expect_navigation():
        page.get_by_role("button", name=lv("Send the answer")).click()
    expect(page.locator(".alert-success")).to_contain_text(lv("Answer sent."))

    _switch_to(page, login, reception)
    page.goto("/cases/consultations/")
    asked = page.locator("tbody tr", has_text=QUESTION[:30])
    expect(asked).to_contain_text("piektdien atvedīs")
    assert_accessible(page)
    shot(page, "consultation_answer_back_to_the_asker")
    assert Notification.objects.filter(
        recipient=reception, kind="cases.consultation_answer"
    ).exists()


@pytest.mark.rule("4.9")
def test_a_colleague_takes_a_question_from_the_team_queue(page, reception, expert, expert2, login):
    question = services.consultation_request(
        actor=reception,
        contact=_phone_contact(reception),
        contact_person=expert,
        question=QUESTION,
    )
    Consultation.objects.filter(pk=question.pk).update(asked_at=timezone.now() - timedelta(hours=2))
    login(expert2)
    page.goto("/cases/consultations/team/")
    row = page.locator("tbody tr", has_text=QUESTION[:30])
    expect(row).to_contain_text(lv("overdue"))  # in words
    with page.expect_navigation():
        row.get_by_role("button", name=lv("Take")).click()
    expect(page.locator(".alert-success")).to_contain_text(
        lv("The question is yours to answer now.")
    )
    assert page.url.endswith(f"/cases/consultations/{question.pk}/")
    question.refresh_from_db()
    assert question.contact_person == expert2


@pytest.mark.rule("2.1.2.2")
def test_a_question_to_an_absent_contact_person_goes_to_the_substitute(
    page, reception, expert, expert2, login
):
    today = timezone.localdate()
    absence_record(
        actor=expert, employee=expert, starts_on=today, ends_on=today, substitute=expert2
    )
    contact = _phone_contact(reception)
    login(reception)
    page.goto(f"/cases/{contact.pk}/")
    page.get_by_role("button", name=lv("Ask a contact person for a later answer (4.8)")).click()
    form = page.locator("#act-consult")
    away = lv("%(name)s — away today; the substitute answers: %(substitute)s")
    expect(form.locator(f"option[value='{expert.pk}']")).to_have_text(
        away % {"name": "Pēteris Vītols", "substitute": "Ilze Ozola"}
    )
    assert_accessible(page)
    form.get_by_label(lv("Contact person")).select_option(str(expert.pk))
    form.get_by_label(lv("Question")).fill(QUESTION)
    with page.expect_navigation():
        form.get_by_role("button", name=lv("Ask")).click()
    said = lv("The contact person is away today; the question went to the substitute: %(name)s.")
    expect(page.locator(".alert-success")).to_contain_text(said % {"name": "Ilze Ozola"})
    shot(page, "consultation_to_the_substitute")
    assert Consultation.objects.get().contact_person == expert2


@pytest.mark.rule("4.3.2")
def test_a_consultation_during_the_call_is_logged_answered(page, reception, expert, login):
    contact = _phone_contact(reception)
    login(reception)
    page.goto(f"/cases/{contact.pk}/")
    page.get_by_role(
        "button", name=lv("Consulted a contact person during the call (4.3.2)")
    ).click()
    form = page.locator("#act-consult-live")
    form.locator("#id_live_contact_person").select_option(str(expert.pk))
    form.get_by_label(lv("Question")).fill(QUESTION)
    form.get_by_label(lv("The contact person's answer")).fill("Jā, var.")
    assert_accessible(page)
    with page.expect_navigation():
        form.get_by_role("button", name=lv("Log the consultation")).click()
    expect(page.locator("main")).to_contain_text(lv("during the call (4.3.2)"))
    shot(page, "consultation_live")
    live = Consultation.objects.get()
    assert live.live and live.answered_at == live.asked_at
    assert not Notification.objects.filter(recipient=expert).exists()
