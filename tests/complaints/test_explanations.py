"""The employee's written explanation (2.1.4.1; Labour Law s. 90): the reviewer asks the
person a complaint is about inside the desk; the employee sees only the request (never the
item, never who complained unless the reviewer chose to say), answers there, and the answer
joins the item's history for the reviewer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from complaints.models import ExplanationRequest, HistoryEntry, SubjectKind
from complaints.register.services import explanations
from servicedesk.models import Notification

pytestmark = pytest.mark.django_db

QUESTION = "Lūdzu paskaidrot, kā notika saruna ar klientu 12. novembrī."


def _ask(item, actor, employee, **more):
    values = {
        "question": QUESTION,
        "answer_by": timezone.localdate() + timedelta(days=5),
        **more,
    }
    return explanations.explanation_request(actor=actor, item=item, employee=employee, **values)


def _secrets(item):
    return [item.register_number, item.text, item.client_name, item.client_email]


@pytest.mark.rule("2.1.4.1")
def test_the_head_asks_the_employee_and_the_answer_joins_the_history(about_expert, head, expert):
    asked = _ask(about_expert, head, expert)
    assert HistoryEntry.objects.filter(
        item=about_expert, event=HistoryEntry.Event.EXPLANATION_ASKED, clause="2.1.4.1"
    ).exists()
    explanations.explanation_answer(actor=expert, request=asked, answer="Klients kliedza.")
    given = HistoryEntry.objects.get(item=about_expert, event=HistoryEntry.Event.EXPLANATION_GIVEN)
    assert given.note == "Klients kliedza." and given.actor == expert
    asked.refresh_from_db()
    assert asked.answered_at is not None
    with pytest.raises(ValidationError):
        explanations.explanation_answer(actor=expert, request=asked, answer="Vēlreiz")


@pytest.mark.rule("2.1.4.1")
def test_the_director_asks_the_head_about_a_complaint_about_the_head(about_head, director, head):
    asked = _ask(about_head, director, head)
    assert asked.employee == head


@pytest.mark.rule("2.1.4.1")
def test_only_the_reviewer_may_ask_and_only_the_person_it_is_about(
    about_expert, head, expert, reception, unithead
):
    with pytest.raises(PermissionDenied):
        _ask(about_expert, reception, expert)
    with pytest.raises(ValidationError) as refused:
        _ask(about_expert, head, unithead)
    assert "employee" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _ask(about_expert, head, expert, answer_by=timezone.localdate() - timedelta(days=1))
    assert "answer_by" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _ask(about_expert, head, expert, question="  ")
    assert not ExplanationRequest.objects.exists()


def test_no_one_to_ask_about_a_complaint_about_a_service(register, head, expert):
    item = register()  # about a service
    with pytest.raises(ValidationError):
        _ask(item, head, expert)


@pytest.mark.rule("2.1.4.1")
def test_only_the_employee_asked_answers(about_expert, head, expert, reception):
    asked = _ask(about_expert, head, expert)
    with pytest.raises(ValidationError):
        explanations.explanation_answer(actor=reception, request=asked, answer="Es")
    with pytest.raises(ValidationError):
        explanations.explanation_answer(actor=expert, request=asked, answer=" ")


@pytest.mark.rule("2.1.4.1")
def test_the_request_does_not_name_the_complainant_unless_the_reviewer_chose_to(
    about_expert, head, expert, client_for
):
    silent = _ask(about_expert, head, expert)
    page = client_for(expert).get(f"/complaints/explanations/{silent.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and QUESTION in html
    for secret in _secrets(about_expert):
        assert secret not in html
    assert not silent.names_complainant and silent.complainant == ""

    named = _ask(about_expert, head, expert, names_complainant=True)
    html = client_for(expert).get(f"/complaints/explanations/{named.pk}/").content.decode()
    assert about_expert.client_name in html
    assert about_expert.text not in html and about_expert.register_number not in html
    # The decision is recorded: on the request and in the item's history.
    assert named.names_complainant and named.complainant == about_expert.client_name
    assert HistoryEntry.objects.filter(
        item=about_expert, note__contains=about_expert.client_name
    ).exists()


@pytest.mark.rule("2.1.4.1")
def test_an_anonymous_complainant_cannot_be_named(register, head, expert):
    item = register(
        subject_kind=SubjectKind.EMPLOYEE,
        subject_employee=expert.employee,
        subject_description="",
        is_anonymous=True,
        client_name="",
        client_email="",
    )
    with pytest.raises(ValidationError) as refused:
        _ask(item, head, expert, names_complainant=True)
    assert "names_complainant" in refused.value.message_dict


@pytest.mark.rule("2.1.4.1")
def test_the_employee_asked_still_cannot_open_the_item(about_expert, head, expert, client_for):
    asked = _ask(about_expert, head, expert)
    browser = client_for(expert)
    assert browser.get(f"/complaints/{about_expert.pk}/").status_code == 404
    listing = browser.get("/complaints/explanations/").content.decode()
    assert f"/complaints/explanations/{asked.pk}/" in listing
    assert f"/complaints/{about_expert.pk}/" not in listing
    for secret in _secrets(about_expert):
        assert secret not in listing


def test_nobody_else_opens_the_request(about_expert, head, expert, reception, client_for):
    asked = _ask(about_expert, head, expert)
    for user in (reception, head):
        assert client_for(user).get(f"/complaints/explanations/{asked.pk}/").status_code == 404


@pytest.mark.rule("2.1.4.1")
def test_the_employee_is_told_with_only_a_link(
    about_expert, head, expert, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        asked = _ask(about_expert, head, expert)
    rows = Notification.objects.filter(recipient=expert, kind="complaint_explanation_request")
    assert rows.count() == 2  # e-mail and in-app
    sent = [m for m in mail.outbox if expert.email in m.to]
    assert sent
    for message in sent:
        assert f"/complaints/explanations/{asked.pk}/" in message.body
        for secret in [*_secrets(about_expert), QUESTION]:
            assert secret not in message.body and secret not in message.subject
    inbox = rows.get(channel=Notification.Channel.IN_APP)
    assert QUESTION not in inbox.body and about_expert.register_number not in inbox.body


@pytest.mark.rule("2.1.4.1")
def test_through_the_screens_head_asks_employee_answers_head_reads(
    about_expert, head, expert, client_for
):
    reviewer = client_for(head)
    page = reviewer.get(f"/complaints/{about_expert.pk}/").content.decode()
    assert 'id="explanations"' in page
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    sent = reviewer.post(
        f"/complaints/{about_expert.pk}/explanation/",
        {"explain-employee": expert.pk, "explain-question": QUESTION, "explain-answer_by": due},
    )
    assert sent.status_code == 302
    asked = ExplanationRequest.objects.get()
    assert not asked.names_complainant
    employee = client_for(expert)
    assert "/complaints/explanations/" in employee.get("/").content.decode()
    answered = employee.post(
        f"/complaints/explanations/{asked.pk}/", {"answer": "Klients kliedza, es paliku mierīgs."}
    )
    assert answered.status_code == 302
    page = reviewer.get(f"/complaints/{about_expert.pk}/").content.decode()
    assert "Klients kliedza, es paliku mierīgs." in page


def test_a_reviewer_without_the_item_cannot_ask(about_expert, ethics, expert, client_for):
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client_for(ethics).post(
        f"/complaints/{about_expert.pk}/explanation/",
        {"explain-employee": expert.pk, "explain-question": QUESTION, "explain-answer_by": due},
    )
    assert response.status_code == 404
    assert not ExplanationRequest.objects.exists()
