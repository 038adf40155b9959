"""Celery tasks of the complaints app: thin; the services do the work."""

from __future__ import annotations

from celery import shared_task

from complaints.register.services import reminders, tallies


@shared_task(acks_late=True, ignore_result=True)
def send_deadline_reminders() -> int:
    """Daily (Celery beat): remind reviewers before the reply date and when it has passed.
    Idempotent: the notifications' keys name the item and its reply date."""
    return reminders.deadline_reminders_send()


@shared_task(ignore_result=True)
def compact_feedback_tallies() -> int:
    """Every ten minutes (Celery beat): fold the dashboard's month tallies."""
    return tallies.feedback_tallies_compact()
