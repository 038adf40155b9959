"""Reads of the desk's administration pages: employees with their logins and roles, and the
institution's coming reception-hours exceptions (2.1.6.2; rules 3.2, 3.3)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet

from servicedesk.models import Employee, Institution, ReceptionException
from servicedesk.roles import ROLE_LABELS, Role


@dataclass(frozen=True)
class StaffRow:
    employee: Employee
    roles: list[str]


def staff_rows() -> list[StaffRow]:
    """Every employee record, active first, with the login's role labels (one query each for
    employees and groups, whatever the number)."""
    employees = Employee.objects.select_related("user", "unit").prefetch_related(
        Prefetch("user__groups")
    )
    rows = []
    for employee in employees.order_by("-is_active", "last_name", "first_name", "pk"):
        user = employee.user
        names = {group.name for group in user.groups.all()} if user else set()
        labels = [str(ROLE_LABELS.get(role, role.value)) for role in Role if role.value in names]
        rows.append(StaffRow(employee=employee, roles=labels))
    return rows


def role_values_of(user: User) -> list[str]:
    """The role codes of ``user``'s groups, for a form's initial value."""
    names = set(user.groups.values_list("name", flat=True))
    return [role.value for role in Role if role.value in names]


def suggested_username(employee: Employee) -> str:
    """A free user name from the name without diacritics: “laura.kalnina” for Laura Kalniņa."""
    text = unicodedata.normalize("NFKD", f"{employee.first_name}.{employee.last_name}".lower())
    base = "".join(c for c in text if c.isascii() and (c.isalnum() or c in ".-_")) or "user"
    candidate, number = base[:140], 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base[:140]}{number}"
    return candidate


def coming_exceptions(institution: Institution, today: dt.date) -> QuerySet[ReceptionException]:
    """The institution's exceptions from ``today`` on, by date (what the public page shows)."""
    return ReceptionException.objects.filter(institution=institution, date__gte=today).order_by(
        "date", "opens"
    )
