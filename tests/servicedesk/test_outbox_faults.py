"""What the outbox does when delivery goes wrong: a permanent SMTP refusal fails the row at
once with its reason, a temporary one is retried on its own countdown with back-off capped at a
minute, a row left "sending" by a killed worker is given back after a short lease, an e-mail
the server accepted is marked sent across a lost database connection, and the head and the
administrators are warned in the desk when the head's 4.11 e-mails do not get through."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import OperationalError
from django.db.models import QuerySet
from django.utils import timezone, translation

from servicedesk.models import Notification, WorkerHeartbeat
from servicedesk.services import delivery_errors, outbox_watch
from servicedesk.services import notifications as outbox
from servicedesk.services.delivery_errors import delivery_error
from servicedesk.services.notifications import (
    backoff_delay,
    notification_create,
    notification_deliver,
    notifications_sweep,
)
from servicedesk.services.outbox_watch import (
    WARNING_KIND,
    heartbeat_record,
    outbox_warn_undelivered,
)
from servicedesk.tasks import sweep_notifications

pytestmark = pytest.mark.django_db

EMAIL = Notification.Channel.EMAIL
IN_APP = Notification.Channel.IN_APP
Status = Notification.Status


def _row(*, key: str = "k1", kind: str = "test", clause: str = "", email: str = "x@example.lv"):
    return notification_create(
        email=email,
        channel=EMAIL,
        kind=kind,
        rule_clause=clause,
        subject="Sūdzība S-2026/17 par Jāni Kalniņu",
        body="Klients sūdzas par darbinieka uzvedību.",
        idempotency_key=key,
    )


def _refusing(monkeypatch, exc: Exception) -> None:
    def refuse(self, messages):
        raise exc

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)


@pytest.fixture
def queued(monkeypatch):
    """The deliveries the outbox queues: (notification id, countdown)."""
    calls: list[tuple[int, float | None]] = []
    monkeypatch.setattr(
        outbox,
        "enqueue",
        lambda name, pk, countdown=None, priority=None: calls.append((pk, countdown)),
    )
    return calls


# --- Permanent and temporary refusals -------------------------------------------------------


def test_a_permanent_refusal_fails_the_row_at_once_with_its_reason(
    monkeypatch, queued, django_capture_on_commit_callbacks
):
    _refusing(monkeypatch, smtplib.SMTPDataError(550, b"5.7.1 Relaying denied"))
    row = _row()

    with django_capture_on_commit_callbacks(execute=True):
        assert notification_deliver(notification_id=row.pk) is False

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert row.last_error == "SMTPDataError: 550 5.7.1 Relaying denied"
    assert row.next_attempt_at is None
    assert queued == []  # no retry


def test_a_recipient_refused_for_good_fails_but_a_mailbox_full_for_now_is_retried(
    monkeypatch, queued, django_capture_on_commit_callbacks
):
    gone = _row(key="gone")
    busy = _row(key="busy")
    _refusing(
        monkeypatch,
        smtplib.SMTPRecipientsRefused({"x@example.lv": (550, b"5.1.1 User unknown")}),
    )
    notification_deliver(notification_id=gone.pk)
    _refusing(
        monkeypatch,
        smtplib.SMTPRecipientsRefused({"x@example.lv": (452, b"4.2.2 Mailbox full")}),
    )
    with django_capture_on_commit_callbacks(execute=True):
        notification_deliver(notification_id=busy.pk)

    gone.refresh_from_db()
    busy.refresh_from_db()
    assert gone.status == Status.FAILED
    assert "550 5.1.1 User unknown" in gone.last_error
    assert busy.status == Status.PENDING
    assert "452 4.2.2 Mailbox full" in busy.last_error
    assert queued == [(busy.pk, 5.0)]


@pytest.mark.parametrize(
    "exc",
    [
        smtplib.SMTPDataError(451, b"4.3.0 Try again later"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        ConnectionRefusedError(111, "Connection refused"),
        smtplib.SMTPAuthenticationError(535, b"5.7.8 Bad credentials"),  # our configuration
    ],
    ids=["451", "disconnected", "refused-connection", "auth-535"],
)
def test_a_temporary_failure_is_retried_on_its_own_countdown(
    monkeypatch, queued, django_capture_on_commit_callbacks, exc
):
    _refusing(monkeypatch, exc)
    row = _row()

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        notification_deliver(notification_id=row.pk)

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert timedelta(seconds=4) < row.next_attempt_at - before < timedelta(seconds=7)
    # Queued with a countdown: the retry does not wait for the sweeper.
    assert queued == [(row.pk, 5.0)]


def test_backoff_doubles_from_five_seconds_and_is_capped_at_a_minute(settings):
    settings.NOTIFY_BACKOFF_SECONDS = 5
    settings.NOTIFY_BACKOFF_MAX_SECONDS = 60

    delays = [backoff_delay(n).total_seconds() for n in range(1, 9)]

    assert delays == [5, 10, 20, 40, 60, 60, 60, 60]
    assert backoff_delay(500) == timedelta(minutes=1)


def test_temporary_failures_give_up_after_the_last_attempt(settings, monkeypatch, queued):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    _refusing(monkeypatch, smtplib.SMTPDataError(451, b"4.3.0 Try again later"))
    row = _row()
    notification_deliver(notification_id=row.pk)
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=None)

    notification_deliver(notification_id=row.pk)

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 2)


def test_delivery_error_names_the_code_and_the_text():
    error = delivery_error(smtplib.SMTPSenderRefused(553, b"5.7.1 Sender rejected", "d@x.lv"))

    assert error.permanent
    assert error.reason == "SMTPSenderRefused: 553 5.7.1 Sender rejected"


# --- The lease of a row left "sending" ------------------------------------------------------


def test_a_row_left_sending_by_a_killed_worker_is_given_back_after_a_short_lease(settings):
    assert settings.NOTIFY_STUCK_SECONDS <= 15  # the default: out within 30 s (docs)
    now = timezone.now()
    killed = _row(key="killed")
    working = _row(key="working")
    Notification.objects.filter(pk=killed.pk).update(
        status=Status.SENDING, attempts=1, claimed_at=now - timedelta(seconds=16)
    )
    Notification.objects.filter(pk=working.pk).update(
        status=Status.SENDING, attempts=1, claimed_at=now - timedelta(seconds=5)
    )

    assert notifications_sweep(now=now) == [killed.pk]
    assert Notification.objects.get(pk=killed.pk).status == Status.PENDING
    assert Notification.objects.get(pk=working.pk).status == Status.SENDING


@pytest.mark.django_db(transaction=True)
def test_an_accepted_email_is_marked_sent_across_a_lost_database_connection(monkeypatch):
    monkeypatch.setattr(outbox, "_enqueue", lambda *args, **kwargs: None)  # delivered below
    row = _row()
    real_update = QuerySet.update
    failures = iter([OperationalError("terminating connection due to administrator command")])

    def flaky_update(self, **kwargs):
        if kwargs.get("status") == Status.SENT:
            error = next(failures, None)
            if error is not None:
                raise error
        return real_update(self, **kwargs)

    class Connection:  # the test database must stay open: count the reconnects instead
        in_atomic_block = False
        closed = 0

        def close(self):
            Connection.closed += 1

    monkeypatch.setattr(QuerySet, "update", flaky_update)
    monkeypatch.setattr(delivery_errors, "connection", Connection())
    monkeypatch.setattr(delivery_errors.time, "sleep", lambda seconds: None)

    assert notification_deliver(notification_id=row.pk) is True

    row.refresh_from_db()
    assert row.status == Status.SENT
    assert len(mail.outbox) == 1  # sent once, not left for the sweeper to send again
    assert Connection.closed == 1


# --- Heartbeats ------------------------------------------------------------------------------


def test_a_heartbeat_is_written_at_most_every_few_seconds(monkeypatch):
    monkeypatch.setattr(outbox_watch, "_written", {})
    clock = iter([100.0, 103.0, 111.0, 111.0])  # written, checked, checked, written
    monkeypatch.setattr(outbox_watch.time, "monotonic", lambda: next(clock))

    assert heartbeat_record(name="worker:a") is True
    assert heartbeat_record(name="worker:a") is False  # 3 s later
    assert heartbeat_record(name="worker:a") is True  # 11 s later
    assert WorkerHeartbeat.objects.filter(name="worker:a").count() == 1


def test_the_sweep_task_writes_the_sweepers_heartbeat(monkeypatch):
    monkeypatch.setattr(outbox_watch, "_written", {})

    sweep_notifications()

    assert WorkerHeartbeat.objects.filter(name=outbox_watch.SWEEPER).exists()


def test_the_sweep_forgets_workers_gone_for_a_day(monkeypatch):
    """A replaced container comes back under a new host name: the old name's row goes, so
    the table does not grow with every deployment; a live worker's row stays."""
    monkeypatch.setattr(outbox_watch, "_written", {})
    now = timezone.now()
    WorkerHeartbeat.objects.create(name="worker:gone", seen_at=now - timedelta(days=1, hours=1))
    WorkerHeartbeat.objects.create(name="worker:alive", seen_at=now - timedelta(seconds=5))
    WorkerHeartbeat.objects.create(name=outbox_watch.SWEEPER, seen_at=now - timedelta(days=3))

    sweep_notifications()

    assert set(WorkerHeartbeat.objects.values_list("name", flat=True)) == {
        "worker:alive",
        outbox_watch.SWEEPER,
    }


# --- The warning: the head's e-mails are not getting through (4.11) --------------------------


def _head_notice(head, *, minutes_ago: int, status=Status.PENDING, key: str = "n1"):
    row = notification_create(
        recipient=head,
        channel=EMAIL,
        kind="complaint_head_notice",
        rule_clause="4.11",
        subject="Reģistrēts iesniegums S-2026/17",
        body="Sūdzība par Jāni Kalniņu: nepieklājīga apkalpošana.",
        link="/complaints/17/",
        idempotency_key=key,
    )
    Notification.objects.filter(pk=row.pk).update(
        status=status, created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return row


def _warnings():
    return Notification.objects.filter(kind=WARNING_KIND).order_by("recipient__username")


@pytest.mark.rule("4.11")
def test_head_and_administrators_are_warned_once_of_a_head_email_late_five_minutes(
    head, admin, reception, expert
):
    late = _head_notice(head, minutes_ago=6, key="late")
    _head_notice(head, minutes_ago=3, key="recent")  # the worker may still send it
    sent = _head_notice(head, minutes_ago=30, status=Status.SENT, key="sent")

    assert outbox_warn_undelivered() == 1
    assert outbox_warn_undelivered() == 0  # once per row

    warnings = list(_warnings())
    assert [w.recipient for w in warnings] == [admin, head]
    assert all(w.channel == IN_APP for w in warnings)
    assert {n.pk for n in Notification.objects.exclude(warned_at=None)} == {late.pk}
    assert Notification.objects.get(pk=sent.pk).warned_at is None
    # Nobody else is told.
    assert not Notification.objects.filter(kind=WARNING_KIND, recipient__in=[reception, expert])


@pytest.mark.rule("4.11")
def test_the_warning_reveals_nothing_of_the_item(head, admin):
    _head_notice(head, minutes_ago=6)

    outbox_warn_undelivered()

    for warning in _warnings():
        text = f"{warning.subject}\n{warning.body}\n{warning.link}"
        assert "S-2026/17" not in text and "Kalniņ" not in text and "/complaints/" not in text
        assert warning.content_type is None and warning.object_id == ""
        assert warning.scope_type == "" and warning.scope_id is None
        assert "Aivars Pudāns" in warning.body  # whom the e-mail was for
    admin_warning, head_warning = _warnings()
    assert admin_warning.link == "/admin/servicedesk/notification/"
    assert head_warning.link == ""  # the head does not manage the outbox


@pytest.mark.rule("4.11")
def test_a_failed_head_email_is_warned_of_at_once_and_other_mail_is_not(head, admin):
    failed = _head_notice(head, minutes_ago=1, status=Status.FAILED, key="failed")
    _row(key="client", kind="complaint_acknowledgement")  # not the head's notice
    other_clause = _head_notice(head, minutes_ago=10, key="other")
    Notification.objects.filter(pk=other_clause.pk).update(rule_clause="7.2")

    assert outbox_warn_undelivered() == 1
    assert Notification.objects.get(pk=failed.pk).warned_at is not None


@pytest.mark.rule("4.11")
def test_the_warning_is_in_latvian_and_the_inbox_shows_it(head, admin, client_for):
    _head_notice(head, minutes_ago=6)

    with translation.override("en"):
        outbox_warn_undelivered()

    page = client_for(head).get("/inbox/")
    assert page.status_code == 200
    warning = _warnings().get(recipient=head)
    assert warning.language == "lv"
    assert warning.subject in page.content.decode()
