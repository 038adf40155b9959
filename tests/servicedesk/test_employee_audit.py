"""The employee record's audit trail and head mark (2.1.4.4, 2.1.6.1, 7.2).

Who a complaint is about is decided by the employee record and the user account linked to
it, which an administrator can change in the admin: every change of the link is recorded
(who, when, old and new account) and reads as user names on the audit screen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from servicedesk.models import Employee
from servicedesk.selectors.audit import AuditFilters, changes_for
from tests.factories import UserFactory


def _label(name: str) -> str:
    """A field's name as the audit screen shows it (in the language now active)."""
    return str(Employee._meta.get_field(name).verbose_name)


pytestmark = pytest.mark.django_db


def _employee_form(employee: Employee, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "user": employee.user_id or "",
        "first_name": employee.first_name,
        "last_name": employee.last_name,
        "position": employee.position,
        "unit": employee.unit_id or "",
        "room": employee.room,
        "phone": employee.phone,
        "email": employee.email,
        "language": employee.language,
        "work_id_number": employee.work_id_number,
        "work_id_valid_until": "",
        "is_active": "on",
    }
    if employee.client_facing:
        data["client_facing"] = "on"
    for prefix in ("receptionhours_set", "receptionexception_set"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


@pytest.mark.rule("2.1.6.1", "2.1.4.4")
def test_unlinking_a_user_in_the_admin_leaves_a_readable_audit_row(admin, expert, client_for):
    record = expert.employee
    client = client_for(admin)
    response = client.post(
        reverse("admin:servicedesk_employee_change", args=[record.pk]),
        _employee_form(record, user=""),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert record.user is None

    last = Employee.audit_trail.filter(id=record.pk).latest()
    assert (last.history_user, last.user_id, last.history_type) == (admin, None, "~")
    assert last.prev_record.user_id == expert.pk

    changes = changes_for(admin, AuditFilters(record_type="servicedesk.employee"))
    change = next(c for c in changes if c.record_id == record.pk and c.fields)
    assert change.actor == admin
    assert (_label("user"), "expert", None) in [(str(n), o, v) for n, o, v in change.fields]

    page = client.get(reverse("audit"), {"record_type": "servicedesk.employee"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "expert → —" in html  # the old account by name, the new one empty


@pytest.mark.rule("2.1.6.1")
def test_linking_a_user_and_marking_the_head_are_recorded(admin, client_for):
    record = Employee.objects.create(first_name="Jānis", last_name="Ozols", position="Valde")
    board = UserFactory(username="valde")
    client = client_for(admin)
    response = client.post(
        reverse("admin:servicedesk_employee_change", args=[record.pk]),
        _employee_form(record, user=board.pk, is_head="on"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    fields = {
        str(name): (old, new)
        for c in changes_for(admin, AuditFilters(record_type="servicedesk.employee"))
        if c.record_id == record.pk
        for name, old, new in c.fields
    }
    assert fields[_label("user")] == (None, "valde")
    assert fields[_label("is_head")] == ("nē", "jā")  # in words, as the trail shows them


def test_the_demo_head_is_marked_as_head(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("demo_data", stdout=StringIO())
    assert Employee.objects.get(user__username="head").is_head
    assert list(Employee.objects.filter(is_head=True).values_list("user__username", flat=True)) == [
        "head"
    ]
