"""Staff logins and roles on the desk (2.1.6.2): the administrator gives an employee record a
login, changes its roles and deactivates it, without the Django admin. The rules (not your own
administrator role, not your own login, the head of institution left alone) are the service's:
``servicedesk.services.staff``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from servicedesk.form_errors import show_errors
from servicedesk.forms.staff import StaffLoginCreateForm, StaffLoginForm
from servicedesk.models import Employee
from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, Role, permission_required_for
from servicedesk.selectors.staff import role_values_of, staff_rows, suggested_username
from servicedesk.services import staff as services

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest

STAFF_RECORDS = "staff work records: names, positions, logins and roles; no client data"


@require_GET
@permission_required_for(Action.MANAGE_ORGANISATION)
@shows_no_personal_data(STAFF_RECORDS)
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every employee record with its login (or none), roles and state."""
    return render(request, "servicedesk/staff/list.html", {"rows": staff_rows()})


@require_http_methods(["GET", "POST"])
@permission_required_for(Action.MANAGE_ORGANISATION)
@shows_no_personal_data(STAFF_RECORDS)
def staff_login(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One employee's login: give one when there is none, else change its roles or state."""
    employee = get_object_or_404(Employee.objects.select_related("user", "unit"), pk=pk)
    if employee.user is None:
        return _create(request, employee)
    return _change(request, employee)


def _create(request: AuthenticatedHttpRequest, employee: Employee) -> HttpResponse:
    form = StaffLoginCreateForm(
        request.POST or None,
        initial={"username": suggested_username(employee), "email": employee.email},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.staff_login_create(
                actor=request.user,
                employee=employee,
                username=data["username"],
                email=data["email"],
                roles=data["roles"],
                domain=request.get_host(),
                use_https=request.is_secure(),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(name)s has a login “%(username)s”. An e-mail with a link to set the "
                    "password has been sent to %(email)s."
                )
                % {"name": employee.full_name, "username": user.username, "email": user.email},
            )
            return redirect("staff_list")
    return render(
        request,
        "servicedesk/staff/login.html",
        {"employee": employee, "form": form, "is_new": True},
        status=400 if form.errors else 200,
    )


def _change(request: AuthenticatedHttpRequest, employee: Employee) -> HttpResponse:
    user = employee.user
    assert user is not None
    # The page shows the roles as they are: a change that is saved redirects, one refused
    # changes nothing.
    roles = role_values_of(user)
    form = StaffLoginForm(
        request.POST or None,
        initial={"roles": roles, "is_active": user.is_active},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_login_update(
                actor=request.user,
                employee=employee,
                roles=form.cleaned_data["roles"],
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("The login of %(name)s has been saved.") % {"name": employee.full_name},
            )
            return redirect("staff_list")
    return render(
        request,
        "servicedesk/staff/login.html",
        {
            "employee": employee,
            "login": user,
            "form": form,
            "is_new": False,
            "is_head": employee.is_head or Role.HEAD.value in roles,
        },
        status=400 if form.errors else 200,
    )
