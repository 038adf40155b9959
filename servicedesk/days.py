"""Days as bounds of a period on a date-time column: a filter "from" one day "to" another
covers from the first moment of the first day up to (not including) that of the day after the
last, in the current time zone."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def day_start(day: date) -> datetime:
    """The first moment of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))
