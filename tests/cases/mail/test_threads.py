"""Threads of incoming e-mail (docs/mail.md, "Threads"): a reply to the desk's own message,
a register number in the subject; a reply about a complaint is read through the complaint's
gate, so the employee it is about never sees it (2.1.4.4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import services as cases_services
from cases.services import mail
from complaints.models import SubjectKind
from servicedesk.models import Notification
from servicedesk.services.notifications import message_id_for, notification_create
from tests.cases.mail.messages import message

pytestmark = pytest.mark.django_db


def receive(raw: bytes):
    email, _ = mail.inbound_receive(received=mail.Received(mailbox="klienti@test/INBOX", raw=raw))
    return email


def test_a_reply_to_the_desks_message_joins_the_contact_it_was_about(make_contact, reception):
    contact = make_contact(channel="phone_in", summary="Jautā par rēķinu")
    sent = Notification.objects.create(
        email="anna@example.lv",
        channel=Notification.Channel.EMAIL,
        kind="test",
        subject="Atbilde",
        body="Atbilde",
        idempotency_key="mail-thread",
        target=contact,
    )

    reply = receive(message(subject="Re: Atbilde", in_reply_to=message_id_for(sent)))

    assert reply.replies_to == contact


def test_a_made_up_message_id_joins_nothing(make_contact, reception):
    """The desk's Message-IDs are random: a sender who guesses one from a row's id (as they
    were made before) does not get their e-mail filed with another client's contact."""
    contact = make_contact(channel="phone_in", summary="Jautā par rēķinu")
    sent = notification_create(
        email="anna@example.lv",
        channel=Notification.Channel.EMAIL,
        kind="test",
        subject="Atbilde",
        body="Atbilde",
        idempotency_key="mail-thread-random",
        target=contact,
    )

    guessed = receive(message(subject="Re: Atbilde", in_reply_to=f"<notification-{sent.pk}@x>"))
    real = receive(message(subject="Re: Atbilde", in_reply_to=message_id_for(sent)))

    assert guessed.replies_to is None
    assert real.replies_to == contact


def test_a_submission_number_in_the_subject_joins_that_submission(make_contact, reception):
    contact = make_contact(channel="letter", summary="Iesniegums")
    submission = cases_services.submission_register(
        actor=reception, contact=contact, subject="Rēķina pārrēķins"
    )

    reply = receive(message(subject=f"Papildinājums iesniegumam {submission.register_number}"))

    assert reply.submission == submission
    assert reply.replies_to == contact
    assert reply.case_reference == submission.register_number


@pytest.mark.rule("2.1.4.4")
def test_a_reply_about_a_complaint_is_hidden_from_the_employee_it_is_about(
    register, reception, reception2, client
):
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=reception2.employee)

    reply = receive(message(subject=f"Re: {item.register_number} papildu informācija"))

    assert reply.case_reference == item.register_number
    client.force_login(reception)
    assert client.get(reverse("cases:mail_detail", args=[reply.pk])).status_code == 200
    client.force_login(reception2)
    assert client.get(reverse("cases:mail_detail", args=[reply.pk])).status_code == 404
    assert item.register_number not in client.get(reverse("cases:mail_queue")).content.decode()
