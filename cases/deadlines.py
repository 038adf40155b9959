"""The one Law-on-Submissions deadline calculator (Iesniegumu likums, since 2026-03-01).

Shared by the cases app (written submissions) and the complaints app (feedback items). The
periods are settings because the law changed in 2026 and will change again:

- ``SUBMISSION_REPLY_WORKING_DAYS`` (10): a substantive reply within that many working days;
- ``SUBMISSION_EXTENDED_MONTHS`` (1): up to that many months when more information or other
  institutions are needed (the submitter is told);
- ``SUBMISSION_FORWARD_WORKING_DAYS`` (5): forward to the competent institution within that many
  working days.

Working days are Monday to Friday except Latvian public holidays, plus the Saturdays the
Cabinet moves a working day to; the ``holidays`` package knows both. The day of receipt is not
counted; a period in months that ends on a day off moves to the next working day.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.conf import settings

__all__ = [
    "add_working_days",
    "forward_deadline",
    "is_working_day",
    "reply_deadline",
    "working_days_between",
]


@lru_cache(maxsize=1)
def _calendar() -> holidays.HolidayBase:
    # One expanding calendar per process: it adds each year the first time a date in it is asked.
    return holidays.country_holidays("LV")


def is_working_day(day: date) -> bool:
    """A Latvian working day: not a weekend (unless a moved working Saturday), not a holiday."""
    return bool(_calendar().is_working_day(day))


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    counted = 0
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return current


def _next_working_day_from(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def reply_deadline(received: date, *, extended: bool = False) -> date:
    """The last day for the substantive reply to a submission received on ``received``.

    Normally ``SUBMISSION_REPLY_WORKING_DAYS`` working days; ``extended`` gives
    ``SUBMISSION_EXTENDED_MONTHS`` calendar months (ending on a working day)."""
    if extended:
        return _next_working_day_from(_add_months(received, settings.SUBMISSION_EXTENDED_MONTHS))
    return add_working_days(received, settings.SUBMISSION_REPLY_WORKING_DAYS)


def forward_deadline(received: date) -> date:
    """The last day to forward a submission to the competent institution."""
    return add_working_days(received, settings.SUBMISSION_FORWARD_WORKING_DAYS)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is
    earlier (how many working days a deadline has passed by)."""
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return sign * count
