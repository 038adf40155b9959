"""Days as bounds of a period on a date-time column: a filter "from" one day "to" another
covers from the first moment of the first day up to (not including) that of the day after the
last, in the current time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone


def day_start(day: date) -> datetime:
    """The first moment of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def months_between(start: date, end: date) -> list[date]:
    """The first days of the months from ``start``'s to ``end``'s."""
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def month_index(field: str, months: list[date], *, moments: bool) -> Case:
    """The position in ``months`` (first days of months, ascending) of the month a row's
    ``field`` falls in, from 0; rows before the second month count as the first. A CASE of
    comparisons the database makes itself, instead of truncating every row's date (on SQLite
    a Python function per row): a year of figures is twelve comparisons a row. ``moments``:
    the field is a date-time, compared with the first moment of each month here."""
    whens = [
        When(**{f"{field}__lt": day_start(month) if moments else month}, then=Value(i))
        for i, month in enumerate(months[1:])
    ]
    return Case(*whens, default=Value(len(months) - 1), output_field=IntegerField())
