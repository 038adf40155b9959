"""Reads of the client's choice (4.2) and of who may hear about an account (2.1.6.2): the free
slots of the reception hours, the visits booked for a day or a client, a client's
representatives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import VISIT_SLOT, Client, Representative, Visit
from servicedesk.days import day_start
from servicedesk.hours import RIGA, DaySchedule, week_schedule
from servicedesk.selectors.organisation import current_institution

#: How far ahead the contact screen looks for the next day with a free slot.
BOOKING_HORIZON_DAYS = 30


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    is_free: bool


def day_slots(day: date) -> list[datetime]:
    """Every slot of ``day`` inside the institution's reception hours (with its exceptions
    and holidays), ``VISIT_SLOT`` long, each ending by the time its period closes."""
    institution = current_institution()
    if institution is None:
        return []
    return _slots_in(week_schedule(institution, day, 1)[0])


def _slots_in(schedule: DaySchedule) -> list[datetime]:
    slots: list[datetime] = []
    for period in schedule.periods:
        start = datetime.combine(schedule.date, period.opens, tzinfo=RIGA)
        closes = datetime.combine(schedule.date, period.closes, tzinfo=RIGA)
        while start + VISIT_SLOT <= closes:
            slots.append(start)
            start += VISIT_SLOT
    return slots


def slots_of(day: date, *, now: datetime | None = None) -> list[Slot]:
    """The slots of ``day`` still ahead of ``now``, each free or already booked."""
    moment = now or timezone.now()
    taken = set(
        Visit.objects.filter(
            status=Visit.Status.BOOKED,
            starts_at__gte=day_start(day),
            starts_at__lt=day_start(day + timedelta(days=1)),
        ).values_list("starts_at", flat=True)
    )
    return [Slot(s, s not in taken) for s in day_slots(day) if s > moment]


def free_slots(day: date, *, now: datetime | None = None) -> list[datetime]:
    return [slot.starts_at for slot in slots_of(day, now=now) if slot.is_free]


def first_day_with_free_slots(*, now: datetime | None = None) -> date:
    """Today, or the next day within the horizon that still has a free slot (the hours of
    the whole horizon and its visits read at once)."""
    moment = now or timezone.now()
    today = timezone.localdate(moment, RIGA)
    institution = current_institution()
    if institution is None:
        return today
    horizon = week_schedule(institution, today, BOOKING_HORIZON_DAYS)
    taken = set(
        Visit.objects.filter(
            status=Visit.Status.BOOKED,
            starts_at__gte=day_start(today),
            starts_at__lt=day_start(today + timedelta(days=BOOKING_HORIZON_DAYS)),
        ).values_list("starts_at", flat=True)
    )
    for schedule in horizon:
        if any(s > moment and s not in taken for s in _slots_in(schedule)):
            return schedule.date
    return today


def visits_on(day: date) -> QuerySet[Visit]:
    """The front desk's visits of ``day``, booked ones first by time, then cancelled ones."""
    return (
        Visit.objects.filter(
            starts_at__gte=day_start(day), starts_at__lt=day_start(day + timedelta(days=1))
        )
        .select_related("client", "contact", "booked_by")
        .order_by("status", "starts_at", "pk")
    )


def visits_of(client: Client) -> QuerySet[Visit]:
    """The client's booked visits from today on."""
    return Visit.objects.filter(
        client=client, status=Visit.Status.BOOKED, starts_at__gte=day_start(timezone.localdate())
    ).order_by("starts_at")


def visit_get(pk: int) -> Visit:
    return get_object_or_404(Visit.objects.select_related("contact", "client"), pk=pk)


def representatives_of(client: Client) -> list[Representative]:
    """All of the client's representatives, active mandates first."""
    today = timezone.localdate()
    reps = list(client.representatives.all())
    return sorted(reps, key=lambda r: (not r.is_active_on(today), r.name))


def active_representatives(client: Client, *, on: date | None = None) -> list[Representative]:
    """The mandates that count on ``on`` (today): not revoked, not expired (2.1.6.2)."""
    day = on or timezone.localdate()
    return [r for r in client.representatives.all() if r.is_active_on(day)]


def representative_get(pk: int) -> Representative:
    return get_object_or_404(Representative, pk=pk)
