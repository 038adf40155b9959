"""``manage.py demo_data`` and ``demo_logins``: the AADSO demo organisation with its eight
logins, created idempotently; administrators manage it in the Django admin. It refuses a
database that is not the demo's, and production mode."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from servicedesk.models import (
    CompetentInstitution,
    Employee,
    Institution,
    ReceptionException,
    ReceptionHours,
    ReviewAuthority,
    StructuralUnit,
    Topic,
)
from servicedesk.roles import Role, roles_of
from tests.factories import EmployeeFactory, InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db

USERS = {
    "reception": Role.FRONT_DESK,
    "reception2": Role.FRONT_DESK,
    "head": Role.HEAD,
    "unithead": Role.UNIT_HEAD,
    "expert": Role.CONTACT_PERSON,
    "director": Role.EXECUTIVE_DIRECTOR,
    "ethics": Role.ETHICS_MEMBER,
    "admin": Role.ADMINISTRATOR,
    "inspector": Role.COMPLIANCE_INSPECTOR,
}
MODELS = [
    Institution,
    StructuralUnit,
    Topic,
    Employee,
    ReceptionHours,
    ReceptionException,
    CompetentInstitution,
    ReviewAuthority,
    get_user_model(),
]


def counts():
    return {m.__name__: m.objects.count() for m in MODELS} | {
        "members": sum(a.members.count() for a in ReviewAuthority.objects.all()),
        "topics": Employee.topics.through.objects.count(),
    }


def run_demo_data():
    call_command("demo_data", stdout=StringIO())


def login(username):
    """Log in through the login page, as a person would, with the demo password."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": "demo-parole"})
    assert response.status_code == 302, username
    return client


def test_demo_data_twice_creates_nothing_new():
    run_demo_data()
    first = counts()
    run_demo_data()

    assert counts() == first
    assert first["Institution"] == 1
    assert first["StructuralUnit"] >= 4
    assert first["CompetentInstitution"] >= 4


def test_every_demo_user_logs_in_with_demo_parole_and_has_their_role():
    run_demo_data()

    for username, role in USERS.items():
        user = get_user_model().objects.get(username=username)
        assert user.check_password("demo-parole"), username
        login(username)
        # The contact person also edits the knowledge base (2.1.4.2).
        extra = {Role.KNOWLEDGE_EDITOR} if username == "expert" else set()
        assert roles_of(user) == {role, *extra}, username
        assert not user.is_superuser


def test_admin_is_staff_not_superuser_and_reception_is_not_staff():
    run_demo_data()
    admin = get_user_model().objects.get(username="admin")

    assert admin.is_staff and not admin.is_superuser
    assert admin.groups.filter(name="administrator").exists()
    assert not get_user_model().objects.get(username="reception").is_staff


@pytest.mark.parametrize(
    "path",
    [
        "/admin/servicedesk/employee/",
        "/admin/servicedesk/employee/?work_id=expired",
        "/admin/servicedesk/institution/",
        "/admin/servicedesk/structuralunit/",
        "/admin/servicedesk/reviewauthority/",
        "/admin/servicedesk/competentinstitution/",
        "/admin/servicedesk/employee/add/",
    ],
)
def test_administrator_manages_the_organisation_in_the_admin(path):
    run_demo_data()

    assert login("admin").get(path).status_code == 200


def test_administrator_edits_an_employee_with_hours_inline():
    run_demo_data()
    laura = Employee.objects.get(last_name="Kalniņa")

    response = login("admin").get(f"/admin/servicedesk/employee/{laura.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kalniņa" in html
    assert "receptionhours_set" in html and "receptionexception_set" in html


def test_employee_list_offers_badge_and_work_id_printing():
    run_demo_data()

    html = login("admin").get("/admin/servicedesk/employee/").content.decode()

    assert 'value="print_name_badges"' in html
    assert 'value="print_work_ids"' in html


def test_front_desk_cannot_open_the_admin():
    run_demo_data()

    response = login("reception").get("/admin/servicedesk/employee/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_demo_organisation_has_hours_staff_and_review_authorities():
    run_demo_data()
    institution = Institution.objects.get()

    assert institution.short_name == "AADSO"
    assert ReceptionHours.objects.filter(institution=institution, weekday=4).exists()
    assert set(
        Employee.objects.filter(client_facing=True, user__isnull=False).values_list(
            "user__username", flat=True
        )
    ) == {"reception", "reception2"}
    for kind, username in [
        (ReviewAuthority.Kind.HEAD, "head"),
        (ReviewAuthority.Kind.EXECUTIVE_DIRECTOR, "director"),
        (ReviewAuthority.Kind.ETHICS_COMMISSION, "ethics"),
    ]:
        authority = ReviewAuthority.objects.get(kind=kind)
        assert authority.email
        assert list(authority.members.values_list("username", flat=True)) == [username]
    assert StructuralUnit.objects.get(name="Ekspluatācijas nodaļa").head.user.username == (
        "unithead"
    )


def test_demo_site_inspectors_have_two_valid_work_ids_and_one_expired():
    run_demo_data()
    today = dt.date.today()
    inspectors = Employee.objects.filter(position="Teritorijas apsekošanas speciālists")

    assert sorted(e.work_id_valid_until > today for e in inspectors) == [False, True, True]
    assert all(e.work_id_number for e in inspectors)


def test_demo_logins_prints_every_login_and_the_password():
    run_demo_data()
    out = StringIO()

    call_command("demo_logins", stdout=out)

    text = out.getvalue()
    assert "demo-parole" in text
    for username in USERS:
        assert f"\n{username} " in text


def test_demo_logins_before_demo_data_says_what_to_run():
    out = StringIO()

    call_command("demo_logins", stdout=out)

    assert "demo_data" in out.getvalue()


# --- Refusals: the demo password must never land on a real desk's logins ---------------------


def test_demo_data_refuses_a_database_with_other_users_and_leaves_admin_alone():
    UserFactory(username="admin", password="the-real-one-2026")
    UserFactory(username="anna.berzina")

    with pytest.raises(CommandError, match="anna.berzina"):
        run_demo_data()

    assert get_user_model().objects.get(username="admin").check_password("the-real-one-2026")
    assert not Institution.objects.exists()


def test_demo_data_refuses_other_staff_or_another_institution():
    EmployeeFactory(first_name="Zane", last_name="Vilka", user=None)
    with pytest.raises(CommandError, match="employees other than the demo staff"):
        run_demo_data()

    Employee.objects.all().delete()
    InstitutionFactory(registration_number="40000000000")
    with pytest.raises(CommandError, match="institutions other than the demo one"):
        run_demo_data()


def test_force_loads_the_demo_next_to_other_data():
    UserFactory(username="anna.berzina")

    call_command("demo_data", "--force", stdout=StringIO())

    assert get_user_model().objects.get(username="admin").check_password("demo-parole")
    assert get_user_model().objects.filter(username="anna.berzina").exists()


def test_demo_data_runs_again_on_its_own_database_without_force():
    run_demo_data()
    run_demo_data()  # make run does this every time

    assert Institution.objects.count() == 1


@pytest.mark.parametrize("force", [False, True])
def test_demo_data_refuses_production_mode_even_with_force(monkeypatch, force):
    import servicedesk.settings as project_settings

    monkeypatch.setattr(project_settings, "DEBUG", False)
    args = ["--force"] if force else []

    with pytest.raises(CommandError, match="production mode"):
        call_command("demo_data", *args, stdout=StringIO())

    assert not get_user_model().objects.filter(username="admin").exists()
