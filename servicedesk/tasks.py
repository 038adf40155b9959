"""Celery tasks of the core app: thin, take ids, call services.

Delivery is retried by the outbox itself, not by Celery's retry: after a temporary failure
the service queues the next attempt with a countdown (``next_attempt_at``), and the beat
sweeper is the safety net: a task that dies or times out leaves its row in the database, where
the sweeper finds it once its lease has run out. The Celery settings (acks late, reject on
worker lost, prefetch 1, JSON, time limits) are in ``servicedesk/settings.py``."""

from celery import shared_task

import servicedesk.worker_heartbeat  # noqa: F401 (connects the worker's heartbeat)
from servicedesk.services.breaches import breaches_send_reminders
from servicedesk.services.data_requests import data_requests_send_reminders
from servicedesk.services.notifications import (
    DELIVER_TASK,
    notification_deliver,
    notifications_sweep,
)
from servicedesk.services.outbox_watch import (
    SWEEPER,
    heartbeat_record,
    heartbeats_forget,
    outbox_warn_undelivered,
)
from servicedesk.services.retention import retention_apply
from servicedesk.services.rules import rules_remind_unacknowledged


@shared_task(name=DELIVER_TASK, ignore_result=True)
def deliver_notification(notification_id: int) -> None:
    """Deliver one outbox row (queued on commit by the service that wrote it)."""
    notification_deliver(notification_id=notification_id)


@shared_task(name="servicedesk.tasks.sweep_notifications", ignore_result=True)
def sweep_notifications() -> int:
    """Celery beat: re-queue due pending rows and rows stuck in "sending"; the sweeper's
    heartbeat says beat and a worker are running (``/readyz/outbox``). The rows of workers
    gone for a day are deleted."""
    if heartbeat_record(name=SWEEPER):
        heartbeats_forget()
    return len(notifications_sweep())


@shared_task(name="servicedesk.tasks.warn_undelivered_notifications", ignore_result=True)
def warn_undelivered_notifications() -> int:
    """Celery beat, every minute: warn the head and the administrators of 4.11 e-mails not
    delivered in time (servicedesk.services.outbox_watch)."""
    return outbox_warn_undelivered()


@shared_task(name="servicedesk.tasks.remind_rules_acknowledgement", ignore_result=True)
def remind_rules_acknowledgement() -> None:
    """Celery beat, weekly: remind staff who have not acknowledged the rules in force (9)."""
    rules_remind_unacknowledged()


@shared_task(name="servicedesk.tasks.apply_retention", ignore_result=True)
def apply_retention() -> dict[str, int]:
    """Celery beat, nightly: anonymise what has outlived its retention period (2.1.6.1)."""
    return dict(retention_apply().report)


@shared_task(name="servicedesk.tasks.remind_data_requests", ignore_result=True)
def remind_data_requests() -> int:
    """Celery beat, daily: GDPR requests due soon or overdue (2.1.6.1, art. 12(3))."""
    return data_requests_send_reminders()


@shared_task(name="servicedesk.tasks.remind_data_breaches", ignore_result=True)
def remind_data_breaches() -> int:
    """Celery beat, hourly: the 72-hour clock of personal data breaches (art. 33(1))."""
    return breaches_send_reminders()
