"""Staff logins and roles on the desk (2.1.6.2, 2.1.6.1): the administrator gives an employee
record a login (the person sets the password through the reset e-mail), changes its roles and
deactivates it; every change is in the employee record's audit trail; an administrator cannot
take away their own administrator role or login; the head of institution is left alone."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from servicedesk.models import Employee
from servicedesk.roles import Role, roles_of
from servicedesk.services.staff import staff_login_create, staff_login_update
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(english_client_for):
    return english_client_for


@pytest.fixture
def newcomer(customer_service_unit) -> Employee:
    return EmployeeFactory(
        user=None,
        first_name="Zane",
        last_name="Bērziņa",
        unit=customer_service_unit,
        email="zane.berzina@aadso.lv",
    )


def _roles(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


@pytest.mark.rule("2.1.6.1")
def test_the_administrator_gives_an_employee_a_login_with_a_role(
    admin, newcomer, client_for, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    url = reverse("staff_login", args=[newcomer.pk])
    form = client.get(url).content.decode()
    assert 'value="zane.berzina"' in form  # the suggested user name, without diacritics

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"username": "zane.berzina", "email": "zane.berzina@aadso.lv", "roles": ["front_desk"]},
        )

    assert response.status_code == 302
    newcomer.refresh_from_db()
    user = newcomer.user
    assert user is not None and user.username == "zane.berzina" and user.is_active
    assert _roles(user) == {"front_desk"}
    # The person sets their own password through the reset link mailed to them.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zane.berzina@aadso.lv"]
    assert "/password-reset/" in mail.outbox[0].body
    last = Employee.audit_trail.filter(id=newcomer.pk).latest()
    assert last.history_user == admin and last.user_id == user.pk
    assert "+Klientu apkalpošanas speciālists" in last.history_change_reason


def test_a_taken_user_name_is_refused_and_what_was_typed_is_kept(admin, newcomer, client_for):
    response = client_for(admin).post(
        reverse("staff_login", args=[newcomer.pk]),
        {"username": "ADMIN", "email": "zane@aadso.lv", "roles": ["front_desk"]},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This user name is already taken." in html and 'value="zane@aadso.lv"' in html
    newcomer.refresh_from_db()
    assert newcomer.user is None


@pytest.mark.rule("2.1.6.1")
def test_the_administrator_changes_roles_and_deactivates_a_login(admin, reception, client_for):
    employee = reception.employee
    response = client_for(admin).post(
        reverse("staff_login", args=[employee.pk]),
        {"roles": ["front_desk", "contact_person"]},  # "is_active" unticked
    )

    assert response.status_code == 302
    reception.refresh_from_db()
    assert _roles(reception) == {"front_desk", "contact_person"}
    assert not reception.is_active
    last = Employee.audit_trail.filter(id=employee.pk).latest()
    assert last.history_user == admin
    # In Latvian, by the roles' names: the audit screen shows the reason as stored.
    assert last.history_change_reason == "lomas: +Kontaktpersona; konts deaktivizēts"
    trail = client_for(admin).get(
        f"/audit/?record_type=servicedesk.employee&record_id={employee.pk}",
        HTTP_ACCEPT_LANGUAGE="lv",
    )
    assert "lomas: +Kontaktpersona; konts deaktivizēts" in trail.content.decode()


@translation.override("en")
def test_an_administrator_cannot_remove_their_own_role_or_login(admin, customer_service_unit):
    employee = EmployeeFactory(user=admin, unit=customer_service_unit)
    with pytest.raises(ValidationError, match="own administrator role"):
        staff_login_update(actor=admin, employee=employee, roles=[Role.FRONT_DESK], is_active=True)
    with pytest.raises(ValidationError, match="deactivate your own login"):
        staff_login_update(
            actor=admin, employee=employee, roles=[Role.ADMINISTRATOR], is_active=False
        )
    assert Role.ADMINISTRATOR in roles_of(User.objects.get(pk=admin.pk))


def test_the_own_role_refusal_is_shown_on_the_page(admin, customer_service_unit, client_for):
    employee = EmployeeFactory(user=admin, unit=customer_service_unit)
    response = client_for(admin).post(
        reverse("staff_login", args=[employee.pk]), {"roles": ["front_desk"], "is_active": "on"}
    )

    assert response.status_code == 400
    assert "You cannot remove your own administrator role." in response.content.decode()
    assert _roles(admin) == {"administrator"}


@pytest.mark.rule("7.2")
def test_the_head_of_institution_is_not_changed_here(admin, head, client_for):
    page = client_for(admin).get(reverse("staff_login", args=[head.employee.pk]))
    assert 'value="head"' not in page.content.decode()

    client_for(admin).post(
        reverse("staff_login", args=[head.employee.pk]),
        {"roles": ["front_desk"], "is_active": "on"},
    )

    head.employee.refresh_from_db()
    assert head.employee.is_head
    assert _roles(head) == {"head", "front_desk"}


def test_only_an_administrator_may_write(reception, newcomer):
    with pytest.raises(PermissionDenied):
        staff_login_create(
            actor=reception,
            employee=newcomer,
            username="zane",
            email="zane@aadso.lv",
            roles=[],
            domain="desk.example",
            use_https=True,
        )


def test_the_list_shows_who_has_a_login(admin, reception, newcomer, client_for):
    html = client_for(admin).get(reverse("staff_list")).content.decode()

    assert "Zane Bērziņa" in html and "no login" in html
    assert reception.username in html and "Front-desk specialist" in html


def test_the_administrator_s_navigation_links_the_pages(admin, reception, client_for):
    home = client_for(admin).get(reverse("home")).content.decode()
    assert reverse("staff_list") in home and reverse("hours_exceptions") in home
    assert reverse("staff_list") not in client_for(reception).get(reverse("home")).content.decode()
