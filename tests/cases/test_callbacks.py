"""Callbacks (rules 4.3.1 and 4.13)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cases import services
from cases.models import Callback, Channel, Contact, Outcome
from servicedesk.models import Notification

pytestmark = pytest.mark.django_db


def _request(owner, number="26 123 456", abroad=False, hours=2):
    return services.CallbackRequest(
        phone_number=number,
        question="Kad tiks nomainīts konteiners?",
        due_at=timezone.now() + timedelta(hours=hours),
        owner=owner,
        client_abroad=abroad,
    )


@pytest.mark.rule("4.3.1")
def test_callback_to_a_latvian_number_is_queued(reception, make_contact):
    contact = make_contact(callback=_request(reception))
    callback = Callback.objects.get()
    assert (callback.phone_number, callback.owner, callback.contact) == (
        "+37126123456",
        reception,
        contact,
    )
    assert Outcome.CALLBACK in contact.outcome_codes


@pytest.mark.rule("4.3.1")
@pytest.mark.parametrize("number", ["+370 600 12345", "+44 7911 123456", "004917612345678"])
def test_callback_to_a_foreign_number_is_refused(reception, make_contact, number):
    with pytest.raises(services.CallbackRefused) as exc:
        make_contact(callback=_request(reception, number=number))
    assert "4.3.1" in exc.value.messages[0]
    assert not Contact.objects.exists() and not Callback.objects.exists()


@pytest.mark.rule("4.3.1")
def test_callback_to_a_client_abroad_is_refused(reception, make_contact):
    with pytest.raises(services.CallbackRefused):
        make_contact(callback=_request(reception, abroad=True))


@pytest.mark.rule("4.3.1")
def test_phone_screen_refuses_foreign_callback_and_asks_for_email(reception, client_for):
    user_client = client_for(reception)
    data = {
        "channel": "phone_in",
        "language": "lv",
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "Zvana no Lietuvas",
        "callback": "on",
        "callback_phone": "+370 600 12345",
        "callback_question": "Rēķina summa",
        "callback_due": (timezone.localtime() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = user_client.post("/cases/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].has_error("callback_phone", code="callback_refused")
    assert 'name="reply_by_email"' in html and "alert-danger" in html
    assert "+37060012345" in html or "+370 600 12345" in html  # what was typed is kept
    assert not Contact.objects.exists()

    data.update(reply_by_email="on", email_address="klients@example.lt")
    response = user_client.post("/cases/new/", data)
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert Outcome.REPLY_BY_EMAIL in contact.outcome_codes
    assert contact.email_address == "klients@example.lt"
    assert not Callback.objects.exists()


@pytest.mark.rule("4.13")
def test_email_wanting_a_phone_answer_creates_a_callback(reception, make_contact, make_client):
    client = make_client(phones=["26 123 456"])
    contact = make_contact(channel=Channel.EMAIL_IN, client=client, wants_phone_answer=True)
    callback = Callback.objects.get()
    assert (callback.contact, callback.phone_number, callback.owner) == (
        contact,
        "+37126123456",
        reception,
    )


@pytest.mark.rule("4.13")
@pytest.mark.parametrize("number,abroad", [("+44 7911 123456", False), ("26 123 456", True)])
def test_email_wanting_a_phone_answer_abroad_is_answered_by_email(
    reception, make_contact, number, abroad
):
    contact = make_contact(
        channel=Channel.EMAIL_IN,
        wants_phone_answer=True,
        phone_number=number,
        client_abroad=abroad,
        email_address="klients@example.com",
    )
    assert not Callback.objects.exists()
    assert Outcome.REPLY_BY_EMAIL in contact.outcome_codes


@pytest.mark.rule("4.3.1")
def test_my_queue_shows_overdue_first(reception, reception2, make_contact, client_for):
    contact = make_contact()
    late = services.callback_arrange(
        actor=reception,
        contact=contact,
        phone_number="26 000 001",
        question="a",
        due_at=timezone.now() - timedelta(hours=1),
        owner=reception,
    )
    soon = services.callback_arrange(
        actor=reception,
        contact=contact,
        phone_number="26 000 002",
        question="b",
        due_at=timezone.now() + timedelta(hours=1),
        owner=reception,
    )
    later = services.callback_arrange(
        actor=reception,
        contact=contact,
        phone_number="26 000 003",
        question="c",
        due_at=timezone.now() + timedelta(hours=5),
        owner=reception,
    )
    services.callback_arrange(
        actor=reception,
        contact=contact,
        phone_number="26 000 004",
        question="d",
        due_at=timezone.now() - timedelta(hours=3),
        owner=reception2,
    )
    response = client_for(reception).get("/cases/callbacks/")
    assert list(response.context["callbacks"]) == [late, soon, later]
    assert response.content.decode().count("table-danger") == 1  # only the overdue row


@pytest.mark.rule("4.3.1")
def test_completing_a_callback_logs_an_outgoing_phone_contact(
    reception, make_contact, make_client, client_for
):
    client = make_client()
    origin = make_contact(client=client, callback=_request(reception))
    callback = Callback.objects.get()
    response = client_for(reception).post(
        f"/cases/callbacks/{callback.pk}/", {"summary": "Konteiners tiks nomainīts piektdien"}
    )
    callback.refresh_from_db()
    logged = callback.completion_contact
    assert response.status_code == 302
    assert callback.status == Callback.Status.DONE
    assert (logged.channel, logged.client, logged.phone_number) == (
        "phone_out",
        client,
        "+37126123456",
    )
    assert logged.pk != origin.pk


def test_callback_cannot_be_completed_twice(reception, make_contact):
    make_contact(callback=_request(reception))
    callback = Callback.objects.get()
    services.callback_complete(actor=reception, callback=callback, summary="x")
    with pytest.raises(Exception):  # noqa: B017 - ValidationError
        services.callback_complete(actor=reception, callback=callback, summary="x")


@pytest.mark.rule("4.3.1")
def test_reminders_before_due_and_when_overdue_go_once(
    reception, make_contact, django_capture_on_commit_callbacks
):
    make_contact(callback=_request(reception, hours=0))  # due now-ish
    callback = Callback.objects.get()
    Callback.objects.filter(pk=callback.pk).update(due_at=timezone.now() + timedelta(minutes=10))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.callbacks_send_reminders() == 1
        assert services.callbacks_send_reminders() == 0
    assert Notification.objects.filter(kind="cases.callback_before", recipient=reception).exists()

    later = timezone.now() + timedelta(minutes=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.callbacks_send_reminders(now=later) == 1
        assert services.callbacks_send_reminders(now=later) == 0
    overdue = Notification.objects.filter(kind="cases.callback_overdue", recipient=reception)
    assert overdue.count() == 2  # e-mail and in-app
    assert any("+37126123456" in m.subject for m in mail.outbox)


def test_reminder_task_is_scheduled_by_beat(settings):
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "cases.tasks.send_reminders" in tasks


def test_done_callback_gets_no_reminder(reception, make_contact):
    make_contact(callback=_request(reception))
    callback = Callback.objects.get()
    services.callback_complete(actor=reception, callback=callback, summary="x")
    assert services.callbacks_send_reminders(now=timezone.now() + timedelta(days=2)) == 0
