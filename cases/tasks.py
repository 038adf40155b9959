"""Celery tasks of the cases app: thin, they call services."""

from __future__ import annotations

from celery import shared_task

from cases import services
from cases.mail import imap


@shared_task(name="cases.tasks.send_reminders", ignore_result=True)
def send_reminders() -> int:
    """Celery beat: callbacks due soon or overdue (4.3.1), unanswered questions to contact
    persons (4.9), written submissions near or past their reply deadline."""
    return (
        services.callbacks_send_reminders()
        + services.consultations_send_reminders()
        + services.submissions_send_reminders()
    )


@shared_task(name="cases.tasks.remind_article_reviews", ignore_result=True)
def remind_article_reviews() -> int:
    """Celery beat, daily: knowledge-base articles past their review-by date (2.1.4.2)."""
    return services.articles_send_review_reminders()


@shared_task(name="cases.tasks.fetch_mail", ignore_result=True)
def fetch_mail() -> int:
    """Celery beat, every minute: the institution's mailboxes read and each new e-mail filed
    (docs/mail.md); returns how many were read."""
    return imap.fetch_all().read
