"""The Law-on-Submissions deadline calculator counts Latvian working days."""

from datetime import date

from cases.deadlines import (
    add_working_days,
    forward_deadline,
    is_working_day,
    reply_deadline,
    working_days_between,
)


def test_reply_deadline_skips_proclamation_day_and_weekends():
    # Received Monday 16.11.2026; 18.11. is Proclamation Day, so ten working days end on
    # Tuesday 1.12.2026 (not Monday 30.11.).
    assert reply_deadline(date(2026, 11, 16)) == date(2026, 12, 1)


def test_reply_deadline_skips_christmas_and_new_year():
    # 21.12.2026 Monday; 24–26.12., 31.12., 1.1. are holidays.
    assert reply_deadline(date(2026, 12, 21)) == date(2027, 1, 8)


def test_moved_working_saturday_counts_as_working_day():
    assert is_working_day(date(2026, 1, 17))  # Saturday, a moved working day
    assert not is_working_day(date(2026, 1, 2))  # Friday, the day moved off
    assert not is_working_day(date(2026, 1, 18))


def test_reply_period_comes_from_settings(settings):
    settings.SUBMISSION_REPLY_WORKING_DAYS = 15
    assert reply_deadline(date(2026, 3, 2)) == add_working_days(date(2026, 3, 2), 15)
    assert reply_deadline(date(2026, 3, 2)) == date(2026, 3, 23)


def test_extended_deadline_is_a_month_and_moves_off_a_day_off():
    assert reply_deadline(date(2026, 3, 16), extended=True) == date(2026, 4, 16)
    # 31.10.2026 + 1 month: November has no 31st → 30.11.2026, a Monday.
    assert reply_deadline(date(2026, 10, 31), extended=True) == date(2026, 11, 30)
    # 18.10.2026 + 1 month = 18.11.2026, Proclamation Day → 19.11.
    assert reply_deadline(date(2026, 10, 18), extended=True) == date(2026, 11, 19)


def test_forward_deadline_is_five_working_days():
    assert forward_deadline(date(2026, 11, 16)) == date(2026, 11, 24)


def test_working_days_between_counts_both_ways():
    assert working_days_between(date(2026, 11, 16), date(2026, 11, 20)) == 3
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 16)) == -3
    assert working_days_between(date(2026, 11, 16), date(2026, 11, 16)) == 0
