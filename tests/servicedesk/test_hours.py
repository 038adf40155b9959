"""Reception hours (rule 3.2): open now, the next opening, weekends, Latvian public holidays,
dated exceptions and the fallback employee → unit → institution. All moments Europe/Riga."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from servicedesk import hours
from servicedesk.hours import OpeningState, opening_state, week_schedule
from servicedesk.models import ReceptionException, ReceptionHours
from tests.factories import EmployeeFactory, UnitFactory

RIGA = ZoneInfo("Europe/Riga")
T = dt.time

pytestmark = [pytest.mark.django_db, pytest.mark.rule("3.2")]


def riga(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=RIGA)


def set_week(owner_field, owner, pattern):
    for weekday, periods in pattern.items():
        for opens, closes in periods:
            ReceptionHours.objects.create(
                **{owner_field: owner}, weekday=weekday, opens=opens, closes=closes
            )


LUNCH = [(T(8), T(12)), (T(12, 30), T(17))]
OFFICE = {0: LUNCH, 1: LUNCH, 2: LUNCH, 3: LUNCH, 4: [(T(8), T(12)), (T(12, 30), T(15, 30))]}


@pytest.fixture
def office(institution):
    set_week("institution", institution, OFFICE)
    return institution


def test_open_now_until_lunch_then_reopens(office):
    state = opening_state(office, at=riga(2026, 11, 20, 11, 0))  # Friday

    assert state == OpeningState(True, riga(2026, 11, 20, 12, 0), riga(2026, 11, 20, 12, 30))


def test_lunch_break_is_closed_and_opens_after_it(office):
    state = opening_state(office, at=riga(2026, 11, 19, 12, 10))

    assert not state.is_open
    assert state.next_opening == riga(2026, 11, 19, 12, 30)


def test_friday_afternoon_opens_next_on_monday(office):
    state = opening_state(office, at=riga(2026, 11, 13, 15, 30))  # Friday, closing time

    assert state == OpeningState(False, None, riga(2026, 11, 16, 8, 0))


def test_evening_before_proclamation_day_opens_the_day_after(office):
    # 18 November 2026 is a Wednesday and a public holiday.
    state = opening_state(office, at=riga(2026, 11, 17, 17, 30))

    assert state == OpeningState(False, None, riga(2026, 11, 19, 8, 0))


def test_public_holiday_is_closed_all_day(office):
    state = opening_state(office, at=riga(2026, 11, 18, 10, 0))

    assert not state.is_open
    assert state.next_opening == riga(2026, 11, 19, 8, 0)


def test_midsummer_and_its_moved_day_off_are_closed_across_the_weekend(office):
    # Friday 19.06.2026; Monday 22.06 is a day off moved from Saturday 27.06,
    # 23.06 Līgo and 24.06 Jāņi are holidays: the next opening is Thursday 25.06.
    state = opening_state(office, at=riga(2026, 6, 19, 16, 0))

    assert state == OpeningState(False, None, riga(2026, 6, 25, 8, 0))


def test_saturday_made_a_working_day_works_the_hours_of_the_day_it_replaces(office):
    # Saturday 27.06.2026 is worked instead of Monday 22.06: Monday's hours.
    state = opening_state(office, at=riga(2026, 6, 26, 16, 0))

    assert state.next_opening == riga(2026, 6, 27, 8, 0)
    assert opening_state(office, at=riga(2026, 6, 27, 16, 30)).closes_at == riga(2026, 6, 27, 17)


def test_next_opening_is_right_across_the_end_of_summer_time(office):
    # Summer time ends on Sunday 25.10.2026: Monday 08:00 in Riga is 06:00 UTC, not 05:00.
    state = opening_state(office, at=riga(2026, 10, 23, 16, 0))

    assert state.next_opening == riga(2026, 10, 26, 8, 0)
    assert state.next_opening.astimezone(dt.UTC).hour == 6


def test_moment_given_in_utc_is_read_in_riga_time(office):
    # 06:30 UTC on a Monday in winter is 08:30 in Riga: open.
    state = opening_state(office, at=dt.datetime(2026, 11, 16, 6, 30, tzinfo=dt.UTC))

    assert state.is_open


def test_the_working_day_before_a_public_holiday_ends_an_hour_earlier(office):
    # Tuesday 17 November 2026, before Proclamation Day: 12:30–16:00 instead of 12:30–17:00.
    week = week_schedule(office, dt.date(2026, 11, 16))

    assert week[1].periods_text == "08:00–12:00, 12:30–16:00"
    assert week[1].kind == hours.DayKind.PRE_HOLIDAY
    assert week[0].periods_text == "08:00–12:00, 12:30–17:00"  # Monday is not shortened
    assert opening_state(office, at=riga(2026, 11, 17, 13, 0)).closes_at == riga(2026, 11, 17, 16)
    assert not opening_state(office, at=riga(2026, 11, 17, 16, 30)).is_open


def test_only_a_holiday_of_the_law_shortens_the_day_before_it():
    assert hours.is_statutory_holiday(dt.date(2026, 6, 23))  # Līgo
    assert not hours.is_statutory_holiday(dt.date(2026, 6, 22))  # a day off moved from 27.06
    assert not hours.is_statutory_holiday(dt.date(2026, 6, 19))


def test_an_exception_on_the_day_before_a_holiday_is_taken_as_it_is(office):
    ReceptionException.objects.create(
        institution=office, date=dt.date(2026, 11, 17), is_closed=False, opens=T(9), closes=T(17)
    )

    (day,) = week_schedule(office, dt.date(2026, 11, 17), days=1)

    assert day.periods_text == "09:00–17:00"


def test_a_last_period_shorter_than_an_hour_is_dropped_before_a_holiday():
    periods = (hours.Period(T(8), T(12)), hours.Period(T(16), T(16, 45)))

    assert hours.shortened(periods, hours.PRE_HOLIDAY_SHORTER) == (hours.Period(T(8), T(12)),)
    assert hours.shortened((hours.Period(T(8), T(8, 30)),), hours.PRE_HOLIDAY_SHORTER) == ()


def test_exception_closes_a_normal_working_day(office):
    ReceptionException.objects.create(
        institution=office, date=dt.date(2026, 11, 26), is_closed=True, reason="Apmācības"
    )

    state = opening_state(office, at=riga(2026, 11, 25, 17, 30))

    assert state.next_opening == riga(2026, 11, 27, 8, 0)
    assert not opening_state(office, at=riga(2026, 11, 26, 10, 0)).is_open


def test_exception_opens_a_public_holiday(office):
    ReceptionException.objects.create(
        institution=office,
        date=dt.date(2026, 11, 18),
        is_closed=False,
        opens=T(10),
        closes=T(14),
        reason="Dežūra",
    )

    state = opening_state(office, at=riga(2026, 11, 18, 11, 0))

    assert state.is_open
    assert state.closes_at == riga(2026, 11, 18, 14, 0)
    assert opening_state(office, at=riga(2026, 11, 17, 17, 30)).next_opening == riga(
        2026, 11, 18, 10, 0
    )


def test_two_open_exceptions_on_one_date_make_a_split_day(office):
    for opens, closes in [(T(8), T(11)), (T(12), T(14))]:
        ReceptionException.objects.create(
            institution=office,
            date=dt.date(2026, 11, 30),
            is_closed=False,
            opens=opens,
            closes=closes,
        )

    state = opening_state(office, at=riga(2026, 11, 30, 11, 30))

    assert state == OpeningState(False, None, riga(2026, 11, 30, 12, 0))


def test_employee_without_own_hours_falls_back_to_unit_then_institution(office):
    unit_with_hours = UnitFactory(institution=office, name="Klientu apkalpošanas centrs")
    set_week("unit", unit_with_hours, {4: [(T(8), T(18))]})
    unit_without_hours = UnitFactory(institution=office, name="Juridiskā nodaļa")
    at_desk = EmployeeFactory(unit=unit_with_hours)
    lawyer = EmployeeFactory(unit=unit_without_hours)
    friday_five_pm = riga(2026, 11, 20, 17, 0)

    assert opening_state(at_desk, at=friday_five_pm).is_open  # the unit's Friday 8–18
    assert not opening_state(lawyer, at=friday_five_pm).is_open  # the institution's 8–15:30
    assert opening_state(lawyer, at=riga(2026, 11, 20, 9, 0)).closes_at == riga(2026, 11, 20, 12)


def test_employee_with_own_hours_uses_them(office):
    expert = EmployeeFactory(unit=UnitFactory(institution=office))
    set_week("employee", expert, {1: [(T(9), T(12))]})  # Tuesdays only

    state = opening_state(expert, at=riga(2026, 11, 19, 10, 0))  # Thursday

    assert not state.is_open
    assert state.next_opening == riga(2026, 11, 24, 9, 0)


def test_institution_exception_reaches_employees_but_their_own_exception_wins(office):
    unit = UnitFactory(institution=office)
    anna = EmployeeFactory(unit=unit)
    janis = EmployeeFactory(unit=unit, user=None, first_name="Jānis", last_name="Ozols")
    day = dt.date(2026, 11, 26)
    ReceptionException.objects.create(institution=office, date=day, is_closed=True)
    ReceptionException.objects.create(
        employee=janis, date=day, is_closed=False, opens=T(9), closes=T(11)
    )
    at = riga(2026, 11, 26, 10, 0)

    assert not opening_state(anna, at=at).is_open
    assert opening_state(janis, at=at).is_open


def test_no_hours_at_all_is_closed_with_no_next_opening(institution):
    assert opening_state(institution, at=riga(2026, 11, 16, 10, 0)) == OpeningState(
        False, None, None
    )


def test_week_schedule_names_the_holiday_and_the_exception(office):
    ReceptionException.objects.create(
        institution=office, date=dt.date(2026, 11, 20), is_closed=True, reason="Inventarizācija"
    )

    week = week_schedule(office, dt.date(2026, 11, 16))

    assert [d.date.day for d in week] == [16, 17, 18, 19, 20, 21, 22]
    assert week[0].periods_text == "08:00–12:00, 12:30–17:00"
    assert week[2].is_closed and week[2].holiday == "Latvijas Republikas Proklamēšanas diena"
    assert week[4].is_closed and week[4].reason == "Inventarizācija"
    assert week[5].is_closed and not week[5].holiday


def test_week_schedule_holiday_name_follows_the_language(office):
    with translation.override("en"):
        week = week_schedule(office, dt.date(2026, 11, 16))

    assert week[2].holiday == "Republic of Latvia Proclamation Day"


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (riga(2026, 11, 20, 11, 0), "Open now, until 12:00"),
        (riga(2026, 11, 20, 12, 10), "Closed now, opens today at 12:30"),
        (riga(2026, 11, 19, 17, 30), "Closed now, opens tomorrow at 08:00"),
        (riga(2026, 11, 20, 16, 0), "Closed now, opens on Monday 23.11.2026. at 08:00"),
    ],
)
def test_describe_state_says_open_now_or_when_it_opens(office, at, expected):
    with translation.override("en"):
        text = hours.describe_state(opening_state(office, at=at), at)

    assert text == expected


def test_weekly_pattern_is_grouped_for_display(office):
    book = hours.load_book([office], at=riga(2026, 11, 16, 9))

    with translation.override("en"):
        groups = [(g.label, g.periods_text) for g in hours.weekday_groups(book.pattern(office))]

    assert groups == [
        ("Monday–Thursday", "08:00–12:00, 12:30–17:00"),
        ("Friday", "08:00–12:00, 12:30–15:30"),
    ]


def test_hours_book_reads_many_employees_in_a_fixed_number_of_queries(
    office, django_assert_num_queries
):
    unit = UnitFactory(institution=office)
    staff = [
        EmployeeFactory(unit=unit, user=None, first_name="Darbinieks", last_name=str(n))
        for n in range(15)
    ]
    for person in staff[:5]:
        set_week("employee", person, {0: [(T(9), T(10))]})
    for person in staff:
        person.unit = unit  # as select_related("unit") would leave it

    with django_assert_num_queries(2):
        book = hours.load_book(staff, at=riga(2026, 11, 16, 9, 30))
        states = [book.opening_state(p, riga(2026, 11, 16, 9, 30)) for p in staff]

    assert all(s.is_open for s in states)
    assert states[0].closes_at == riga(2026, 11, 16, 10) != states[-1].closes_at
