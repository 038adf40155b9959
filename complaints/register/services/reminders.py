"""Deadline reminders to the reviewers (Celery beat, daily)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from cases.deadlines import working_days_between
from complaints.conf import reminder_working_days
from complaints.models import (
    OPEN_STATES,
    FeedbackItem,
)
from servicedesk.models import ReviewAuthority

from .notifying import (
    _tell_members,
)

AuthorityKind = ReviewAuthority.Kind

# --- Reminders (Celery beat, daily) -------------------------------------------------------

#: How far back the "deadline passed" reminder still goes out (covers a beat outage).
OVERDUE_WINDOW = timedelta(days=7)


def deadline_reminders_send(*, today: date | None = None) -> int:
    """Remind the reviewers of open items whose reply date is near (``COMPLAINTS_REMINDER_
    WORKING_DAYS`` working days or fewer) and of those whose date has just passed. The
    idempotency keys name the item and its reply date, so running the task again (or twice
    a day) sends nothing new, while an extended date earns fresh reminders. Returns the
    number of items reminded about."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=reminder_working_days() * 2 + 10)
    items = FeedbackItem.objects.filter(
        state__in=list(OPEN_STATES),
        reply_due__gte=today - OVERDUE_WINDOW,
        reply_due__lte=horizon,
    ).select_related("authority", "subject_employee")
    reminded = 0
    for item in items.iterator():
        if item.reply_due < today:
            kind, template = "complaint_overdue", "notifications/complaint_overdue"
        elif working_days_between(today, item.reply_due) <= reminder_working_days():
            kind, template = "complaint_due_soon", "notifications/complaint_due_soon"
        else:
            continue
        with transaction.atomic():
            rows = _tell_members(
                item,
                kind=kind,
                template=template,
                key=f"{kind}:{item.pk}:{item.reply_due.isoformat()}",
            )
        reminded += bool(rows)
    return reminded
