"""The staff directory (rules 3.2, 4.3.2): search by name, unit or topic; each hit shows
position, unit, room, phone, e-mail and the reception hours' open state."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from servicedesk import hours
from servicedesk.models import ReceptionHours
from tests.factories import EmployeeFactory, TopicFactory, UnitFactory

RIGA = ZoneInfo("Europe/Riga")
URL = reverse("directory")

pytestmark = pytest.mark.django_db


@pytest.fixture
def thursday_morning(monkeypatch):
    """The desk's clock reads Thursday 19.11.2026 10:00 in Riga."""
    moment = dt.datetime(2026, 11, 19, 10, 0, tzinfo=RIGA)
    monkeypatch.setattr(hours, "now", lambda: moment)
    return moment


@pytest.fixture
def office_hours(institution):
    for weekday in range(5):
        ReceptionHours.objects.create(
            institution=institution, weekday=weekday, opens=dt.time(8), closes=dt.time(17)
        )


@pytest.fixture
def staff(reception, expert, unithead, office_hours):
    containers = TopicFactory(name="Konteineri")
    expert.employee.topics.add(containers)
    expert.employee.room = "305"
    expert.employee.phone = "+371 65400022"
    expert.employee.save()
    # The expert receives on Tuesdays only.
    ReceptionHours.objects.create(
        employee=expert.employee, weekday=1, opens=dt.time(9), closes=dt.time(12)
    )
    return {"reception": reception, "expert": expert, "unithead": unithead}


def search(client, q):
    response = client.get(URL, {"q": q}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


def names(response):
    return [e.employee.full_name for e in response.context["entries"]]


@pytest.mark.rule("3.2")
def test_search_by_surname_finds_the_person_with_contacts_and_open_state(
    client_for, staff, thursday_morning
):
    response = search(client_for(staff["reception"]), "Vītols")

    assert names(response) == ["Pēteris Vītols"]
    html = response.content.decode()
    for shown in [
        "Vecākais speciālists",
        "Ekspluatācijas nodaļa",
        "305",
        "+371 65400022",
        "expert@aadso.lv",
        "Closed now, opens on Tuesday 24.11.2026. at 09:00",
    ]:
        assert shown in html


@pytest.mark.rule("3.2")
def test_hit_without_own_hours_shows_the_institution_open_now(client_for, staff, thursday_morning):
    response = search(client_for(staff["expert"]), "Laura Kalniņa")

    assert names(response) == ["Laura Kalniņa"]
    html = response.content.decode()
    assert "Open now, until 17:00" in html
    assert "Klientu apkalpošanas speciāliste" in html


def test_search_by_unit_finds_its_people_only(client_for, staff, thursday_morning):
    response = search(client_for(staff["reception"]), "ekspluatācijas")

    assert sorted(names(response)) == ["Inese Liepiņa", "Pēteris Vītols"]


def test_search_by_topic_finds_the_competent_person(client_for, staff, thursday_morning):
    response = search(client_for(staff["reception"]), "konteiner")

    assert names(response) == ["Pēteris Vītols"]
    assert "Konteineri" in response.content.decode()


def test_every_word_must_match_somewhere(client_for, staff, thursday_morning):
    client = client_for(staff["reception"])

    assert names(search(client, "Konteineri Pēteris")) == ["Pēteris Vītols"]
    assert names(search(client, "Konteineri Laura")) == []


def test_case_and_diacritics_do_not_matter(client_for, staff, thursday_morning):
    """People type Latvian names without the long marks and cedillas, or in capitals."""
    client = client_for(staff["reception"])

    assert names(search(client, "vitols")) == ["Pēteris Vītols"]
    assert names(search(client, "PĒTERIS")) == ["Pēteris Vītols"]
    assert names(search(client, "laura kalnina")) == ["Laura Kalniņa"]
    assert sorted(names(search(client, "EKSPLUATACIJAS"))) == ["Inese Liepiņa", "Pēteris Vītols"]
    assert names(search(client, "KONTEINERI")) == ["Pēteris Vītols"]
    assert names(search(client, "kalnins")) == []


def test_empty_search_lists_all_active_staff(client_for, staff, thursday_morning):
    staff["unithead"].employee.is_active = False
    staff["unithead"].employee.save()

    response = search(client_for(staff["reception"]), "")

    assert sorted(names(response)) == ["Laura Kalniņa", "Pēteris Vītols"]


def test_htmx_search_returns_the_results_only(client_for, staff, thursday_morning):
    response = client_for(staff["reception"]).get(URL, {"q": "Vītols"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "Pēteris" in html
    assert "<nav" not in html


def test_person_without_a_role_may_not_open_the_directory(client_for, outsider):
    assert client_for(outsider).get(URL).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def _add_staff(count, unit):
    topic = TopicFactory(name="Līgumi")
    for n in range(count):
        person = EmployeeFactory(unit=unit, user=None, first_name="Darbinieks", last_name=f"{n}")
        person.topics.add(topic)
        ReceptionHours.objects.create(
            employee=person, weekday=n % 5, opens=dt.time(9), closes=dt.time(12)
        )


def test_directory_query_count_does_not_grow_with_staff(
    client_for, reception, institution, office_hours, thursday_morning, django_assert_num_queries
):
    client = client_for(reception)
    client.get(URL)  # warm the session and the caches of the first request
    unit = UnitFactory(institution=institution, name="Finanšu nodaļa")
    _add_staff(3, unit)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(URL).context["entries"]) == 4
    _add_staff(17, unit)

    # Employees, their topics, the hours and the exceptions: one query each, whatever the
    # count; the rest is the session, the user and the layout.
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(URL).context["entries"]) == 21
    assert len(few.captured_queries) <= 14
