"""How many contacts there were, by month, channel and topic (the dashboard's contact figures,
3.5.1): on PostgreSQL added up from the day tallies its triggers keep (``ContactDayTally``,
migration ``cases/0022_contact_day_tally``): a few thousand rows for a year, however many
contacts; on SQLite (the embedded mode, thousands of contacts) counted from the contacts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from cases.models import Contact, ContactDayTally
from servicedesk.days import day_start, month_index, months_between

Counts = Iterator[tuple[date, str, int | None, int]]


def contact_counts(start: date, end: date) -> Counts:
    """(first day of the month, channel, topic id or None, contacts) of the contacts started
    on the days ``start`` … ``end`` (Riga days), one tuple per group."""
    if connection.vendor == "postgresql":
        return tallied(start, end)
    return counted(start, end)


def tallied(start: date, end: date) -> Counts:
    """``contact_counts`` from the day tallies (PostgreSQL)."""
    rows = (
        ContactDayTally.objects.filter(day__gte=start, day__lte=end, n__gt=0)
        .annotate(month=TruncMonth("day"))
        .values("month", "channel", "topic_id")
        .annotate(total=Sum("n"))
        .order_by()
    )
    for row in rows:
        yield row["month"], row["channel"], row["topic_id"] or None, row["total"]


def counted(start: date, end: date) -> Counts:
    """``contact_counts`` from the contacts themselves."""
    months = months_between(start, end)
    rows = (
        Contact.objects.filter(
            started_at__gte=day_start(start), started_at__lt=day_start(end + timedelta(days=1))
        )
        .annotate(month=month_index("started_at", months, moments=True))
        .values("month", "channel", "topic_id")
        .annotate(total=Count("*"))
        .order_by()
    )
    for row in rows:
        yield months[row["month"]], row["channel"], row["topic_id"], row["total"]
