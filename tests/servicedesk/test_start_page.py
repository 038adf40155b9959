"""The start page shows each person what waits for them: the front desk's own callbacks,
questions and written submissions; a reviewer's items that owe a reply. Counted through the
same gates as the lists they link to, so the head never learns here of a complaint about the
head (2.1.4.4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as cases_services
from cases.models import Callback, Channel, WrittenSubmission
from complaints.models import FeedbackItem, Kind, SubjectKind
from complaints.register.services import registration


def start_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def figure(html: str, href: str) -> int:
    """The count shown next to the link ``href`` ("" when the line is not shown)."""
    import re

    match = re.search(
        rf'<a href="{re.escape(href)}">[^<]*</a>\s*<span class="badge[^"]*">(\d+)</span>', html
    )
    return int(match.group(1)) if match else 0


@pytest.fixture
def contact(reception):
    return cases_services.contact_log(
        actor=reception,
        channel=Channel.PHONE_IN,
        started_at=timezone.now(),
        summary="Jautā par rēķinu",
    )


def callback(reception, contact, due_at):
    made = cases_services.callback_arrange(
        actor=reception,
        contact=contact,
        phone_number="26 123 456",
        question="Kad izvedīs?",
        due_at=timezone.now() + timedelta(hours=1),
        owner=reception,
    )
    Callback.objects.filter(pk=made.pk).update(due_at=due_at)
    return made


def test_the_front_desk_sees_its_late_and_coming_work(
    reception, reception2, expert, contact, client_for
):
    now = timezone.now()
    midnight = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    callback(reception, contact, now - timedelta(hours=2))  # late
    callback(reception, contact, now - timedelta(minutes=5))  # late
    callback(reception, contact, min(now + timedelta(minutes=1), midnight))  # later today
    callback(reception, contact, now + timedelta(days=2))  # not today
    callback(reception2, contact, now - timedelta(hours=1))  # someone else's
    letter = cases_services.contact_log(
        actor=reception, channel=Channel.LETTER, started_at=now, summary="Vēstule par rēķinu"
    )
    late = cases_services.submission_register(actor=reception, contact=letter, subject="Rēķins")
    WrittenSubmission.objects.filter(pk=late.pk).update(
        reply_due=timezone.localdate() - timedelta(days=1)
    )
    other_contact = cases_services.contact_log(
        actor=reception, channel=Channel.LETTER, started_at=now, summary="Vēstule"
    )
    cases_services.submission_register(actor=reception, contact=other_contact, subject="Līgums")

    html = start_page(client_for(reception))

    assert figure(html, "/cases/callbacks/") == 2  # the first line: past their time
    assert "Atzvani, kuru laiks pagājis" in html
    assert "Atzvani vēl šodien" in html
    assert "Rakstiski iesniegumi, kuru atbildes termiņš pagājis" in html
    assert figure(html, "/cases/submissions/?status=open&amp;mine=1") == 1
    assert "Rakstiski iesniegumi manā atbildībā" in html


def test_a_contact_person_sees_the_questions_waiting_for_them(
    reception, expert, contact, client_for
):
    cases_services.consultation_request(
        actor=reception, contact=contact, contact_person=expert, question="Vai var mainīt grafiku?"
    )

    html = start_page(client_for(expert))

    assert figure(html, "/cases/consultations/") == 1
    assert "Jautājumi, kas gaida manu atbildi" in html
    assert "Jums nekas negaida" not in html


def test_nothing_waiting_is_said_plainly(reception, client_for):
    html = start_page(client_for(reception))

    assert "Jums nekas negaida." in html
    assert "badge text-bg-danger" not in html


def test_a_clear_panel_beside_a_busy_one_does_not_say_nothing_waits(
    reception, head, review_authorities, client_for
):
    """The head who also logs contacts: the review panel has a complaint, the contacts panel
    is clear; the page must not say that nothing waits."""
    head.groups.add(*reception.groups.all())
    registration.feedback_register(
        actor=reception,
        data=registration.FeedbackInput(
            kind=Kind.COMPLAINT,
            channel="visit",
            text="Konteiners netika iztukšots.",
            client_name="Anna Bērziņa",
            subject_kind=SubjectKind.SERVICE,
            subject_description="Izvešana",
        ),
    )
    html = start_page(client_for(head))

    assert figure(html, "/complaints/queue/") == 1
    assert "Šeit nekas negaida." in html  # of the clear panel itself
    assert "Jums nekas negaida." not in html


@pytest.mark.rule("2.1.4.4", "7.2")
def test_the_head_counts_the_queue_but_never_a_complaint_about_the_head(
    reception, head, director, review_authorities, client_for
):
    def register(**fields):
        values = {
            "actor": reception,
            "kind": Kind.COMPLAINT,
            "channel": "visit",
            "text": "Konteiners netika iztukšots.",
            "client_name": "Anna Bērziņa",
            "subject_kind": SubjectKind.SERVICE,
            "subject_description": "Izvešana",
        } | fields
        actor = values.pop("actor")
        return registration.feedback_register(
            actor=actor, data=registration.FeedbackInput(**values)
        )

    register()
    late = register()
    FeedbackItem.objects.filter(pk=late.pk).update(
        reply_due=timezone.localdate() - timedelta(days=1)
    )
    register(subject_kind=SubjectKind.HEAD, subject_description="Vadītāja rīcība")

    head_page = start_page(client_for(head))
    assert figure(head_page, "/complaints/queue/?overdue=on") == 1
    assert figure(head_page, "/complaints/queue/") == 2  # not the one about the head
    director_page = start_page(client_for(director))
    assert figure(director_page, "/complaints/queue/") == 1


def test_a_person_without_a_role_gets_no_panels(outsider, client_for):
    html = start_page(client_for(outsider))

    assert "card-title" not in html


def test_the_start_page_query_count_is_pinned(
    reception, head, contact, client_for, django_assert_num_queries
):
    for hours in range(1, 6):
        callback(reception, contact, timezone.now() - timedelta(hours=hours))
    client = client_for(head)  # the head logs contacts and reviews: both panels
    client.get(reverse("home"))  # rotates the session, caches the institution's name
    # session, user, roles; callbacks, questions, submissions, remedies (2.1.1.2); requests
    # for an explanation (2.1.4.1); memberships (the gate and the queue each ask), the
    # queue's counts; unread count, rules banner; the session save (savepoint, update,
    # release). However many rows there are.
    with django_assert_num_queries(16):
        client.get(reverse("home"))
