"""The counts the dashboard's feedback figures are made of, for one reader and one period,
through the visibility gate (2.1.4.4) and the content rule (7.3, 4.1.3).

On SQLite the visible items of the period are counted (three grouped queries). On PostgreSQL
a year of items is not counted item by item: the months the period covers whole are added up
from ``FeedbackMonthTally`` (kept by triggers, complaints/models/tallies.py), where each row
carries what the gate and the content rule ask of its items: the review authority, who
registered them, whether their content is restricted. The gate's other half, "never an item
about yourself", is a correction: the items of those months the reader's authorities or
registrations would show but that are about the reader (found through indexes, few) are
counted and taken away. The items derived from another item, and the days of a month the
period cuts, are counted as on SQLite. The two ways give the same figures (a test compares
them for every persona); the tallied one costs the same at 10,000 or 100,000 items.
See docs/dashboard.md."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from complaints.models import FeedbackItem, FeedbackMonthTally, Kind, SubjectKind
from complaints.selectors import (
    about_not_derived,
    complaints_visible_to,
    gate_parts,
    overdue,
    readable_content,
    readable_flag,
    topic_expression,
)
from servicedesk.days import month_index, months_between

Part = FeedbackMonthTally.Part
Reply = FeedbackMonthTally.Reply

#: (kind, subject kind, outcome or ``None`` where the reader may not read it, month, reply)
Group = tuple[str, str, str | None, date, int]


@dataclass
class FeedbackCounts:
    """The visible items of a period, added up by what each figure shows. Counts from
    different sources add (``add``): tallies, counted items, and corrections taken away."""

    groups: Counter[Group] = field(default_factory=Counter)
    reply_days: Counter[int] = field(default_factory=Counter)  # answered items by days taken
    topics: Counter[tuple[str, str]] = field(default_factory=Counter)  # complaints
    overdue: int = 0

    def add(self, other: FeedbackCounts, sign: int = 1) -> None:
        for key, n in other.groups.items():
            self.groups[key] += sign * n
        for days, n in other.reply_days.items():
            self.reply_days[days] += sign * n
        for topic, n in other.topics.items():
            self.topics[topic] += sign * n
        self.overdue += sign * other.overdue

    def median_days(self) -> float | None:
        """The median days from receipt to the reply: the middle value, or the mean of the
        two middle ones (as PostgreSQL's ``percentile_cont(0.5)``)."""
        answered = sum(n for n in self.reply_days.values() if n > 0)
        if not answered:
            return None
        wanted = {(answered - 1) // 2, answered // 2}
        middle, seen = [], 0
        for days in sorted(self.reply_days):
            n = self.reply_days[days]
            middle += [days for position in wanted if seen <= position < seen + n]
            seen += n
        return sum(middle) / len(middle)


def feedback_counts(user: Any, date_from: date, date_to: date) -> FeedbackCounts:
    """What ``user`` may count of the feedback received ``date_from`` … ``date_to``."""
    if connection.vendor != "postgresql":
        items = complaints_visible_to(user).filter(received_on__range=(date_from, date_to))
        return count_items(items, readable_content(user), months_between(date_from, date_to))
    if connection.in_atomic_block:
        return _added_up(user, date_from, date_to)
    # The tallies, the counted rest and the correction read one snapshot: an item
    # registered meanwhile is in all of them or in none.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _added_up(user, date_from, date_to)


def _added_up(user: Any, date_from: date, date_to: date) -> FeedbackCounts:
    """PostgreSQL: the tallies of the months the period holds whole, less the items about
    the reader among them, plus the rest counted."""
    readable = readable_content(user)
    months = months_between(date_from, date_to)
    whole = _whole_months(date_from, date_to)
    period = complaints_visible_to(user).filter(received_on__range=(date_from, date_to))
    if not whole:
        return count_items(period, readable, months)
    about = about_not_derived(user)
    counts = _tallied(user, whole, about_head=about.head)
    tallied = _in_months(whole)
    # The rest of the period, and the derived items of the tallied months: counted.
    parts = [(period.filter(~tallied | Q(derived_from_id__isnull=False)), 1)]
    if about.named is not None:
        # Shown by the tallies through the reader's authorities or registrations, but naming
        # the reader or about their employee record: never counted (2.1.4.4). The items
        # about the head the head's tallies left out already.
        allowed, _mine = gate_parts(user)
        named = FeedbackItem.objects.filter(allowed, about.named, tallied, derived_from_id=None)
        if about.head:
            named = named.exclude(subject_kind=SubjectKind.HEAD)
        parts.append((named, -1))
    counts.add(count_items(parts, readable, months))
    return counts


def _in_months(months: list[date]) -> Q:
    """Received in one of ``months`` (consecutive first days of months)."""
    end = (months[-1] + timedelta(days=32)).replace(day=1)
    return Q(received_on__gte=months[0], received_on__lt=end)


def _whole_months(date_from: date, date_to: date) -> list[date]:
    """The months whose every item falls in the period: the months it covers whole, and a
    month it cuts where no item was received on the days cut off (the current month of a
    period that ends today, usually). One query, on the index of the receipt date, for each
    end of the period that cuts a month."""
    whole = []
    for month in months_between(date_from, date_to):
        end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        cut_off = [
            Q(received_on__gte=month, received_on__lt=date_from) if month < date_from else None,
            Q(received_on__gt=date_to, received_on__lte=end) if date_to < end else None,
        ]
        if not any(
            FeedbackItem.objects.filter(days).exists() for days in cut_off if days is not None
        ):
            whole.append(month)
    # Only a run of consecutive months is tallied (the first and the last may be cut).
    return whole if whole and len(whole) == len(months_between(whole[0], whole[-1])) else []


def _tallied(user: Any, months: list[date], *, about_head: bool) -> FeedbackCounts:
    """The tallies of ``months`` the reader's gate admits: through their authorities or
    registrations, less the items about the head for the head (7.2); not yet less the items
    naming the reader (``_added_up`` takes those away)."""
    counts = FeedbackCounts()
    allowed, mine = gate_parts(user)
    today = timezone.localdate()
    tallies = FeedbackMonthTally.objects.filter(allowed, month__in=months)
    if about_head:
        tallies = tallies.exclude(subject_kind=SubjectKind.HEAD)
    rows = (
        tallies.values(
            "part",
            "month",
            "authority_id",
            "registered_by_id",
            "restricted",
            "kind",
            "subject_kind",
            "outcome",
            "reply",
            "days",
            "due",
            "topic",
        )
        .annotate(total=Sum("n"))
        .order_by()
    )
    for r in rows:
        n = r["total"]
        readable = not r["restricted"] or r["registered_by_id"] == user.pk
        readable = readable or r["authority_id"] in mine
        if not n:
            continue
        if r["part"] == Part.FIGURES:
            outcome = r["outcome"] if readable else None
            key = (r["kind"], r["subject_kind"], outcome, r["month"], r["reply"])
            counts.groups[key] += n
        elif r["part"] == Part.REPLY_DAYS:
            counts.reply_days[r["days"]] += n
        elif r["part"] == Part.TOPICS:
            counts.topics[(r["subject_kind"], r["topic"] if readable else "")] += n
        elif r["due"] is not None and r["due"] < today:
            counts.overdue += n
    return counts


def count_items(
    items: QuerySet[FeedbackItem] | list[tuple[QuerySet[FeedbackItem], int]],
    readable: Q,
    months: list[date],
) -> FeedbackCounts:
    """``items`` counted by what the figures show: three grouped queries at most. ``items``
    may be several sets, each with a sign (+1 counted, −1 taken away): each grouping is then
    one query of them all (``UNION ALL``)."""
    parts = [(items, 1)] if isinstance(items, QuerySet) else items
    counts = FeedbackCounts()
    answered_on = TruncDate("answered_at")
    reply = Case(
        When(answered_at__isnull=True, then=Value(Reply.NONE)),
        When(answered_on__lte=F("reply_due"), then=Value(Reply.ON_TIME)),
        default=Value(Reply.LATE),
        output_field=IntegerField(),
    )
    today = timezone.localdate()
    groups = _union(
        qs.annotate(
            answered_on=answered_on,
            reply=reply,
            month=month_index("received_on", months, moments=False),
            content_readable=readable_flag(readable),
        )
        .values("kind", "subject_kind", "outcome", "content_readable", "month", "reply")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=overdue(today)), sign=Value(sign))
        for qs, sign in parts
    )
    answered = 0
    for g in groups:
        outcome = g["outcome"] if g["content_readable"] else None
        key = (g["kind"], g["subject_kind"], outcome, months[g["month"]], g["reply"])
        counts.groups[key] += g["sign"] * g["n"]
        counts.overdue += g["sign"] * g["overdue"]
        answered += g["n"] if g["reply"] != Reply.NONE else 0
    if answered:
        days = ExpressionWrapper(answered_on - F("received_on"), output_field=DurationField())
        for d in _union(
            qs.filter(answered_at__isnull=False)
            .annotate(days=days)
            .values("days")
            .annotate(n=Count("pk"), sign=Value(sign))
            for qs, sign in parts
        ):
            counts.reply_days[d["days"].days] += d["sign"] * d["n"]
    if any(key[0] == Kind.COMPLAINT for key in counts.groups):
        for t in _union(
            qs.filter(kind=Kind.COMPLAINT)
            .annotate(topic=topic_expression(readable))
            .values("subject_kind", "topic")
            .annotate(n=Count("pk"), sign=Value(sign))
            for qs, sign in parts
        ):
            counts.topics[(t["subject_kind"], t["topic"])] += t["sign"] * t["n"]
    return counts


def _union(querysets: Iterable[QuerySet[Any]]) -> list[dict[str, Any]]:
    """The rows of the grouped ``querysets`` (the same columns), in one query."""
    first, *rest = [_unordered(qs) for qs in querysets]
    return list(_unordered(first.union(*rest, all=True)) if rest else first)


def _unordered(qs: QuerySet[Any]) -> QuerySet[Any]:
    """``qs`` without any order, its model's default one too (a ``UNION`` of queries ordered
    by a column they do not select is refused)."""
    qs = qs.all()
    qs.query.clear_ordering(force=True, clear_default=True)
    return qs
