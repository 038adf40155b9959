"""Reception hours (rule 3.2): when the institution, a unit or an employee receives clients.

How a day's hours are decided, for an owner (employee, unit or institution):

1. The weekly pattern comes from the nearest owner that has one: the employee's own hours,
   else their unit's, else the institution's. A day may have several periods (a lunch break).
2. A dated exception (``ReceptionException``) replaces that day. Exceptions are layered like
   the pattern: the employee's exception for a date wins over the unit's, the unit's over the
   institution's, so "the whole institution is closed on 2 January" reaches every employee
   while a person may still set their own day. Several open exceptions of one owner on one
   date add up (a split day); a closed one closes the day.
3. Without an exception, a Latvian public holiday (``holidays.country_holidays("LV")``,
   including the days off moved by Cabinet order) is closed.
4. Without an exception, a Saturday that the Cabinet made a working day (the package's
   ``weekend_workdays``) is worked with the pattern of the weekday whose day off it replaces.
5. Without an exception, a working day right before a public holiday is one hour shorter
   (Labour Law, section 135(2)): its last period closes an hour earlier, never before it opens.
   An exception for that date states the day's hours in full and is taken as it is.

All times are Europe/Riga. Reading many owners at once (the staff directory) goes through
:class:`HoursBook`, which loads the hours and exceptions of every owner in two queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from servicedesk.models import (
    Employee,
    Institution,
    ReceptionException,
    ReceptionHours,
    StructuralUnit,
    Weekday,
)

RIGA = ZoneInfo("Europe/Riga")
# How far ahead "opens …" looks. The longest closed stretch in Latvia (Christmas to New Year
# with a weekend) is well inside it.
HORIZON_DAYS = 31

Owner = Institution | StructuralUnit | Employee
OwnerKey = tuple[str, int]


@dataclass(frozen=True, slots=True, order=True)
class Period:
    opens: dt.time
    closes: dt.time

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


@dataclass(frozen=True, slots=True)
class ExceptionDay:
    """The exceptions of one owner on one date. No periods: closed all day."""

    periods: tuple[Period, ...]
    reason: str = ""


class DayKind(StrEnum):
    REGULAR = "regular"
    HOLIDAY = "holiday"
    EXCEPTION = "exception"
    MOVED_WORKDAY = "moved_workday"
    PRE_HOLIDAY = "pre_holiday"


@dataclass(frozen=True, slots=True)
class DaySchedule:
    date: dt.date
    periods: tuple[Period, ...]
    kind: DayKind = DayKind.REGULAR
    holiday: str = ""
    reason: str = ""

    @property
    def is_closed(self) -> bool:
        return not self.periods

    @property
    def periods_text(self) -> str:
        return ", ".join(str(p) for p in self.periods)


@dataclass(frozen=True, slots=True)
class OpeningState:
    is_open: bool
    closes_at: dt.datetime | None
    next_opening: dt.datetime | None


@dataclass(frozen=True, slots=True)
class WeekdayGroup:
    """Consecutive weekdays with the same hours, for display: "Monday–Thursday 08:00–17:00"."""

    first: int
    last: int
    periods: tuple[Period, ...]

    @property
    def label(self) -> str:
        if self.first == self.last:
            return str(Weekday(self.first).label)
        return f"{Weekday(self.first).label}–{Weekday(self.last).label}"

    @property
    def periods_text(self) -> str:
        return ", ".join(str(p) for p in self.periods)


def now() -> dt.datetime:
    """The current moment; the one place pages ask for it, so tests can pin the clock."""
    return timezone.now()


# --- Latvian public holidays ---------------------------------------------------------------


def _holiday_language() -> str:
    return "en_US" if (translation.get_language() or "lv").startswith("en") else "lv"


@lru_cache(maxsize=32)
def _latvian_holidays(year: int, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays("LV", years=year, language=language)


def holiday_name(day: dt.date, language: str | None = None) -> str:
    """The Latvian public holiday on ``day`` in the current language, or ""."""
    return _latvian_holidays(day.year, language or _holiday_language()).get(day) or ""


@lru_cache(maxsize=32)
def _moved_workdays(year: int) -> Mapping[dt.date, dt.date | None]:
    """Weekend days made working days in ``year`` → the weekday whose day off they replace.

    The package lists the working Saturdays (``weekend_workdays``) and names each moved day off
    "Brīvdiena (pārcelta no 17.01.2026)"; we pair them by that date. A pair the package does
    not name maps to None and the day is worked with its own weekday's pattern.
    """
    years = [year - 1, year, year + 1]
    tables = [_latvian_holidays(y, "lv") for y in years]
    result: dict[dt.date, dt.date | None] = {}
    for workday in _latvian_holidays(year, "lv").weekend_workdays:
        if workday.year != year:
            continue
        needle = workday.strftime("%d.%m.%Y")
        replaced = next(
            (day for table in tables for day, name in table.items() if needle in name), None
        )
        result[workday] = replaced
    return result


def is_statutory_holiday(day: dt.date) -> bool:
    """A public holiday of the law, not a day off the Cabinet moved ("Brīvdiena (pārcelta no
    …)"): only the former shortens the working day before it."""
    name = holiday_name(day, "lv")
    return bool(name) and not name.startswith("Brīvdiena")


def moved_workday(day: dt.date) -> tuple[bool, dt.date | None]:
    """(is ``day`` a weekend day made a working day, the weekday it replaces)."""
    table = _moved_workdays(day.year)
    if day in table:
        return True, table[day]
    return False, None


# --- One day, one owner: pure logic --------------------------------------------------------


def merge_periods(periods: Iterable[Period]) -> tuple[Period, ...]:
    """Sorted, with touching or overlapping periods joined (08–12 and 12–17 is 08–17)."""
    merged: list[Period] = []
    for period in sorted(periods):
        if merged and period.opens <= merged[-1].closes:
            last = merged[-1]
            merged[-1] = Period(last.opens, max(last.closes, period.closes))
        else:
            merged.append(period)
    return tuple(merged)


def day_schedule(
    day: dt.date,
    weekly: Mapping[int, Sequence[Period]],
    exception: ExceptionDay | None,
) -> DaySchedule:
    """The hours of one day from the weekly pattern and that day's exception (steps 2–4)."""
    holiday = holiday_name(day)
    if exception is not None:
        return DaySchedule(
            day, merge_periods(exception.periods), DayKind.EXCEPTION, holiday, exception.reason
        )
    if holiday:
        return DaySchedule(day, (), DayKind.HOLIDAY, holiday)
    is_moved, replaces = moved_workday(day)
    pattern_day = replaces if is_moved and replaces is not None else day
    periods = merge_periods(weekly.get(pattern_day.weekday(), ()))
    if periods and is_statutory_holiday(day + dt.timedelta(days=1)):
        return DaySchedule(day, shortened(periods, PRE_HOLIDAY_SHORTER), DayKind.PRE_HOLIDAY)
    return DaySchedule(day, periods, DayKind.MOVED_WORKDAY if is_moved else DayKind.REGULAR)


# Labour Law, section 135(2): the working day before a public holiday is an hour shorter.
PRE_HOLIDAY_SHORTER = dt.timedelta(hours=1)


def shortened(periods: tuple[Period, ...], by: dt.timedelta) -> tuple[Period, ...]:
    """``periods`` with the last one closing ``by`` earlier; a period left empty is dropped."""
    *first, last = periods
    closes = (dt.datetime.combine(dt.date.min, last.closes) - by).time()
    if closes <= last.opens:
        return tuple(first)
    return (*first, Period(last.opens, closes))


def state_from_days(now: dt.datetime, days: Iterable[DaySchedule]) -> OpeningState:
    """Open now (and until when), and the next opening after ``now``; ``days`` start today."""
    local_now = now.astimezone(RIGA)
    closes_at: dt.datetime | None = None
    for day in days:
        for period in day.periods:
            start = dt.datetime.combine(day.date, period.opens, tzinfo=RIGA)
            end = dt.datetime.combine(day.date, period.closes, tzinfo=RIGA)
            if end <= local_now:
                continue
            if start <= local_now:
                closes_at = end
                continue
            return OpeningState(closes_at is not None, closes_at, start)
    return OpeningState(closes_at is not None, closes_at, None)


def weekday_groups(weekly: Mapping[int, Sequence[Period]]) -> list[WeekdayGroup]:
    """The weekly pattern as runs of consecutive weekdays with equal hours; closed days left
    out."""
    groups: list[WeekdayGroup] = []
    for weekday in range(7):
        periods = merge_periods(weekly.get(weekday, ()))
        if not periods:
            continue
        if groups and groups[-1].last == weekday - 1 and groups[-1].periods == periods:
            groups[-1] = WeekdayGroup(groups[-1].first, weekday, periods)
        else:
            groups.append(WeekdayGroup(weekday, weekday, periods))
    return groups


def describe_state(state: OpeningState, at: dt.datetime | None = None) -> str:
    """ "Open now, until 12:00" / "Closed now, opens tomorrow at 08:00" in the current
    language."""
    local_now = _local(at)
    if state.is_open and state.closes_at is not None:
        return _("Open now, until %(time)s") % {"time": f"{state.closes_at:%H:%M}"}
    if state.next_opening is None:
        return _("Closed now; no reception hours in the coming weeks")
    opening = state.next_opening.astimezone(RIGA)
    time = f"{opening:%H:%M}"
    days_ahead = (opening.date() - local_now.date()).days
    if days_ahead == 0:
        return _("Closed now, opens today at %(time)s") % {"time": time}
    if days_ahead == 1:
        return _("Closed now, opens tomorrow at %(time)s") % {"time": time}
    return _("Closed now, opens on %(weekday)s %(date)s at %(time)s") % {
        "weekday": date_format(opening.date(), "l"),
        "date": date_format(opening.date(), "SHORT_DATE_FORMAT"),
        "time": time,
    }


# --- Many owners: loading ------------------------------------------------------------------


def owner_key(owner: Owner) -> OwnerKey:
    if isinstance(owner, Employee):
        return ("employee", owner.pk)
    if isinstance(owner, StructuralUnit):
        return ("unit", owner.pk)
    return ("institution", owner.pk)


def _row_key(row: ReceptionHours | ReceptionException) -> OwnerKey:
    if row.employee_id is not None:
        return ("employee", row.employee_id)
    if row.unit_id is not None:
        return ("unit", row.unit_id)
    assert row.institution_id is not None  # the hours_one_owner constraint
    return ("institution", row.institution_id)


@dataclass
class HoursBook:
    """The reception hours and exceptions of a set of owners and of everyone they fall back
    to, for dates ``start``..``end``. Answers without further queries."""

    start: dt.date
    end: dt.date
    chains: dict[OwnerKey, tuple[OwnerKey, ...]] = field(default_factory=dict)
    weekly: dict[OwnerKey, dict[int, list[Period]]] = field(default_factory=dict)
    exceptions: dict[OwnerKey, dict[dt.date, ExceptionDay]] = field(default_factory=dict)

    @classmethod
    def load(cls, owners: Iterable[Owner], *, start: dt.date, end: dt.date) -> HoursBook:
        """Two queries (three when an employee has no unit), whatever the number of owners.
        Employees should come with ``select_related("unit")``."""
        owners = list(owners)
        default_institution: int | None = None
        if any(isinstance(o, Employee) and o.unit_id is None for o in owners):
            default_institution = (
                Institution.objects.order_by("pk").values_list("pk", flat=True).first()
            )
        chains: dict[OwnerKey, tuple[OwnerKey, ...]] = {}
        for owner in owners:
            chain: list[OwnerKey] = [owner_key(owner)]
            if isinstance(owner, Employee):
                if owner.unit is not None:
                    chain += [("unit", owner.unit.pk), ("institution", owner.unit.institution_id)]
                elif default_institution is not None:
                    chain.append(("institution", default_institution))
            elif isinstance(owner, StructuralUnit):
                chain.append(("institution", owner.institution_id))
            chains[chain[0]] = tuple(chain)

        ids: dict[str, set[int]] = defaultdict(set)
        for owner_chain in chains.values():
            for kind, pk in owner_chain:
                ids[kind].add(pk)
        owner_filter = (
            Q(employee_id__in=ids["employee"])
            | Q(unit_id__in=ids["unit"])
            | Q(institution_id__in=ids["institution"])
        )

        weekly: dict[OwnerKey, dict[int, list[Period]]] = defaultdict(lambda: defaultdict(list))
        for hours in ReceptionHours.objects.filter(owner_filter).only(
            "employee_id", "unit_id", "institution_id", "weekday", "opens", "closes"
        ):
            weekly[_row_key(hours)][hours.weekday].append(Period(hours.opens, hours.closes))

        grouped: dict[OwnerKey, dict[dt.date, list[ReceptionException]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for exception in ReceptionException.objects.filter(
            owner_filter, date__range=(start, end)
        ).order_by("date", "opens"):
            grouped[_row_key(exception)][exception.date].append(exception)
        exceptions: dict[OwnerKey, dict[dt.date, ExceptionDay]] = {}
        for key, by_date in grouped.items():
            exceptions[key] = {day: _exception_day(rows) for day, rows in by_date.items()}

        return cls(
            start=start,
            end=end,
            chains=chains,
            weekly={k: dict(v) for k, v in weekly.items()},
            exceptions=exceptions,
        )

    def _chain(self, owner: Owner) -> tuple[OwnerKey, ...]:
        return self.chains[owner_key(owner)]

    def pattern(self, owner: Owner) -> dict[int, list[Period]]:
        """The weekly pattern from the nearest owner that has one (step 1); {} if none."""
        for key in self._chain(owner):
            if self.weekly.get(key):
                return self.weekly[key]
        return {}

    def day(self, owner: Owner, day: dt.date) -> DaySchedule:
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is outside the loaded range {self.start}..{self.end}")
        exception = next(
            (
                self.exceptions[key][day]
                for key in self._chain(owner)
                if day in self.exceptions.get(key, {})
            ),
            None,
        )
        return day_schedule(day, self.pattern(owner), exception)

    def schedule(self, owner: Owner, start: dt.date, days: int) -> list[DaySchedule]:
        return [self.day(owner, start + dt.timedelta(days=n)) for n in range(days)]

    def opening_state(self, owner: Owner, at: dt.datetime | None = None) -> OpeningState:
        today = _local(at).date()
        last = min(self.end, today + dt.timedelta(days=HORIZON_DAYS))
        return state_from_days(
            _local(at),
            (self.day(owner, today + dt.timedelta(days=n)) for n in range((last - today).days + 1)),
        )


def _exception_day(rows: Sequence[ReceptionException]) -> ExceptionDay:
    reason = "; ".join(dict.fromkeys(r.reason for r in rows if r.reason))
    if any(r.is_closed for r in rows):
        return ExceptionDay((), reason)
    return ExceptionDay(
        tuple(Period(r.opens, r.closes) for r in rows if r.opens and r.closes), reason
    )


def _local(at: dt.datetime | None) -> dt.datetime:
    moment = at or now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, RIGA)
    return moment.astimezone(RIGA)


def load_book(owners: Iterable[Owner], at: dt.datetime | None = None, days: int = 0) -> HoursBook:
    """A book covering today (in Riga) up to ``max(days, HORIZON_DAYS)`` days ahead."""
    today = _local(at).date()
    return HoursBook.load(
        owners, start=today, end=today + dt.timedelta(days=max(days, HORIZON_DAYS))
    )


# --- One owner: the public API -------------------------------------------------------------


def opening_state(owner: Owner, at: dt.datetime | None = None) -> OpeningState:
    """Is ``owner`` receiving clients at ``at`` (default now), until when, and when next."""
    return load_book([owner], at).opening_state(owner, at)


def week_schedule(owner: Owner, start_date: dt.date, days: int = 7) -> list[DaySchedule]:
    """``days`` days from ``start_date``, each with its periods, holiday name and exception."""
    book = HoursBook.load([owner], start=start_date, end=start_date + dt.timedelta(days=days - 1))
    return book.schedule(owner, start_date, days)
