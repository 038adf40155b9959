"""Public pages without login (rules 3.2, 3.3): the institution's contacts, its reception hours
with holidays and exceptions, and the staff who serve clients.

Decision: the public staff page shows name, surname, position, unit, room and phone, and no
personal e-mail addresses; clients write to the institution's address, which the page gives."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from servicedesk import hours
from servicedesk.models import ReceptionException, ReceptionHours
from tests.factories import EmployeeFactory, UnitFactory

RIGA = ZoneInfo("Europe/Riga")

pytestmark = pytest.mark.django_db


@pytest.fixture
def monday_before_proclamation_day(monkeypatch):
    moment = dt.datetime(2026, 11, 16, 9, 0, tzinfo=RIGA)
    monkeypatch.setattr(hours, "now", lambda: moment)
    return moment


@pytest.fixture
def office(institution):
    for weekday in range(4):
        for opens, closes in [(dt.time(8), dt.time(12)), (dt.time(12, 30), dt.time(17))]:
            ReceptionHours.objects.create(
                institution=institution, weekday=weekday, opens=opens, closes=closes
            )
    ReceptionHours.objects.create(
        institution=institution, weekday=4, opens=dt.time(8), closes=dt.time(15, 30)
    )
    return institution


def get(client, name):
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.rule("3.2", "3.3")
@pytest.mark.parametrize("name", ["public_home", "public_hours", "public_staff"])
def test_public_pages_open_without_login(client, office, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "login" not in response.get("Location", "")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("public_home", "not been entered yet"),
        ("public_hours", "not been entered yet"),
        ("public_staff", "No staff have been listed yet"),
    ],
)
def test_public_pages_answer_before_the_organisation_is_entered(client, db, name, message):
    assert message in get(client, name)


@pytest.mark.rule("3.2")
def test_contacts_page_shows_the_institution_and_whether_it_is_open(
    client, office, monday_before_proclamation_day
):
    html = get(client, "public_home")

    for shown in [
        "Atkritumu apsaimniekošanas Dienvidlatgales",
        "41503033197",
        "Rīgas iela 2A, Daugavpils, LV-5401",
        "+37165400000",
        "info@aadso.lv",
        "https://www.aadso.lv",
        "Official e-address",
        "Open now, until 12:00",
    ]:
        assert shown in html


@pytest.mark.rule("3.2")
def test_hours_page_names_the_holiday_and_the_exception_in_the_coming_days(
    client, office, monday_before_proclamation_day
):
    ReceptionException.objects.create(
        institution=office,
        date=dt.date(2026, 11, 26),
        is_closed=True,
        reason="Darbinieku apmācības",
    )

    html = get(client, "public_hours")

    assert "Republic of Latvia Proclamation Day" in html
    assert "Darbinieku apmācības" in html
    assert "Wednesday, 18.11.2026." in html
    assert "Monday–Thursday" in html and "08:00–12:00, 12:30–17:00" in html
    assert "Open now, until 12:00" in html
    assert "14.01.2027." in html and "15.01.2027." not in html  # 60 days
    # Tuesday 17.11, the day before the holiday, closes an hour early (Labour Law 135(2)).
    assert "Day before a public holiday: one hour shorter" in html
    assert "08:00–12:00, 12:30–16:00" in html


@pytest.mark.rule("3.2")
def test_hours_page_on_the_holiday_says_when_it_opens(client, office, monkeypatch):
    monkeypatch.setattr(hours, "now", lambda: dt.datetime(2026, 11, 18, 10, tzinfo=RIGA))

    html = get(client, "public_hours")

    assert "Closed now, opens tomorrow at 08:00" in html


@pytest.mark.rule("3.3")
def test_staff_page_lists_client_facing_staff_with_their_workplace(client, office):
    desk = UnitFactory(institution=office, name="Klientu apkalpošanas centrs")
    EmployeeFactory(
        user=None,
        first_name="Laura",
        last_name="Kalniņa",
        unit=desk,
        position="Klientu apkalpošanas speciāliste",
        room="101",
        phone="+371 65400011",
        email="laura.kalnina@aadso.lv",
        client_facing=True,
    )
    EmployeeFactory(
        user=None,
        first_name="Elīna",
        last_name="Krūmiņa",
        position="Juriste",
        unit=UnitFactory(institution=office, name="Juridiskā nodaļa"),
        client_facing=False,
    )
    EmployeeFactory(
        user=None,
        first_name="Vairs",
        last_name="Nestrādā",
        unit=desk,
        client_facing=True,
        is_active=False,
    )

    html = get(client, "public_staff")

    for shown in [
        "Laura",
        "Kalniņa",
        "Klientu apkalpošanas speciāliste",
        "Klientu apkalpošanas centrs",
        "101",
        "+371 65400011",
    ]:
        assert shown in html
    assert "Krūmiņa" not in html
    assert "Nestrādā" not in html
    assert "laura.kalnina@aadso.lv" not in html
    assert "info@aadso.lv" in html


def test_staff_page_query_count_does_not_grow(client, office, django_assert_num_queries):
    unit = UnitFactory(institution=office)
    for n in range(3):
        EmployeeFactory(user=None, unit=unit, first_name="Darbinieks", last_name=str(n))
    client.get(reverse("public_staff"))
    with django_assert_num_queries(2):  # the institution, the staff with their units
        client.get(reverse("public_staff"))
    for n in range(3, 20):
        EmployeeFactory(user=None, unit=unit, first_name="Darbinieks", last_name=str(n))

    with django_assert_num_queries(2):
        html = client.get(reverse("public_staff")).content.decode()
    # each person once in the table and once in the phone layout's cards
    assert html.count("<td>Darbinieks</td>") == 20
    assert html.count("<strong>Darbinieks ") == 20


@pytest.mark.rule("3.2")
def test_the_christmas_schedule_is_public_from_mid_november(
    client, office, monday_before_proclamation_day
):
    """The hours page looks 60 days ahead: on 16 November a short Christmas Eve is shown."""
    ReceptionException.objects.create(
        institution=office,
        date=dt.date(2026, 12, 23),
        is_closed=False,
        opens=dt.time(8),
        closes=dt.time(13),
        reason="Pirmssvētku diena",
    )

    html = get(client, "public_hours")

    assert "Pirmssvētku diena" in html
    assert "08:00–13:00" in html
    assert "The next 60 days" in html
