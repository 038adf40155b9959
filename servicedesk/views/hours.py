"""Reception-hours exceptions on the desk (rules 3.2, 3.3): the administrator adds, changes
and removes the institution's dated exceptions (a short day, a closed day, the holiday
schedule) that the public hours page shows. The rule (closed all day without hours, or open
with closing after opening) is the model's; ``servicedesk.services.hours`` writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from servicedesk.form_errors import show_errors
from servicedesk.forms.staff import ReceptionExceptionForm
from servicedesk.models import Institution, ReceptionException
from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, permission_required_for
from servicedesk.selectors.organisation import PUBLIC_SCHEDULE_DAYS, current_institution
from servicedesk.selectors.staff import coming_exceptions
from servicedesk.services.hours import reception_exception_delete, reception_exception_save

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest

PUBLISHED_HOURS = "the institution's reception hours, published to everyone (3.2)"


def _institution() -> Institution:
    institution = current_institution()
    if institution is None:
        raise Http404
    return institution


def _initial(exception: ReceptionException) -> dict[str, object]:
    state = ReceptionExceptionForm.CLOSED if exception.is_closed else ReceptionExceptionForm.OPEN
    return {
        "date": exception.date,
        "state": state,
        "opens": exception.opens,
        "closes": exception.closes,
        "reason": exception.reason,
    }


def _saved(
    request: AuthenticatedHttpRequest,
    form: ReceptionExceptionForm,
    institution: Institution,
    exception: ReceptionException | None,
) -> bool:
    """Write the form through the service; on refusal its errors go on the form."""
    data = form.cleaned_data
    try:
        reception_exception_save(
            actor=request.user,
            exception=exception,
            institution=institution,
            date=data["date"],
            is_closed=form.is_closed,
            opens=data["opens"],
            closes=data["closes"],
            reason=data["reason"],
        )
    except ValidationError as error:
        show_errors(form, error)
        return False
    messages.success(request, _("The reception hours exception has been saved."))
    return True


@require_http_methods(["GET", "POST"])
@permission_required_for(Action.MANAGE_ORGANISATION)
@shows_no_personal_data(PUBLISHED_HOURS)
def hours_exceptions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coming exceptions and a form to add one (open at the hours typed by default)."""
    institution = _institution()
    form = ReceptionExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _saved(request, form, institution, None):
        return redirect("hours_exceptions")
    return render(
        request,
        "servicedesk/hours/exceptions.html",
        {
            "institution": institution,
            "exceptions": coming_exceptions(institution, timezone.localdate()),
            "form": form,
            "public_days": PUBLIC_SCHEDULE_DAYS,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required_for(Action.MANAGE_ORGANISATION)
@shows_no_personal_data(PUBLISHED_HOURS)
def hours_exception_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    institution = _institution()
    exception = get_object_or_404(ReceptionException, pk=pk, institution=institution)
    form = ReceptionExceptionForm(request.POST or None, initial=_initial(exception))
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(request, form, institution, exception)
    ):
        return redirect("hours_exceptions")
    return render(
        request,
        "servicedesk/hours/exception_form.html",
        {"institution": institution, "exception": exception, "form": form},
        status=400 if form.errors else 200,
    )


@permission_required_for(Action.MANAGE_ORGANISATION)
@require_POST
@shows_no_personal_data(PUBLISHED_HOURS)
def hours_exception_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exception = get_object_or_404(ReceptionException, pk=pk, institution=_institution())
    reception_exception_delete(actor=request.user, exception=exception)
    messages.success(request, _("The reception hours exception has been removed."))
    return redirect("hours_exceptions")
