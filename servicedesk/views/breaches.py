"""The register of personal data breaches (2.1.6.1, GDPR art. 33(5)) in the desk's own
screens: the list with each breach's 72-hour clock, registering one, completing what is known,
and recording the notice to the Data State Inspectorate (art. 33) and to the people (art. 34).
A failed form comes back with what was typed (status 400)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from servicedesk.forms.privacy import BreachAuthorityForm, BreachForm, BreachSubjectsForm
from servicedesk.models import DataBreach
from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, permission_required_for
from servicedesk.selectors import data_requests as selectors
from servicedesk.services import breaches as services
from servicedesk.views.steps import form_step, succeeded

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest

handles_requests = permission_required_for(Action.HANDLE_DATA_REQUESTS)
# The register describes a breach by categories and numbers of people, never by person.
NO_PERSONS = "a breach is described by categories and numbers of people, not by person"


@handles_requests
@shows_no_personal_data(NO_PERSONS)
@require_GET
def breach_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "servicedesk/privacy/breaches.html",
        {"breaches": selectors.breaches_list()[:200], "now": timezone.now()},
    )


def _form_page(
    request: AuthenticatedHttpRequest,
    form: BaseForm,
    breach: DataBreach | None = None,
    status: int = 200,
) -> HttpResponse:
    """The form that registers a breach (no ``breach``) or completes one."""
    context: dict[str, Any] = {"form": form}
    if breach is not None:
        context["breach"] = breach
    return render(request, "servicedesk/privacy/breach_form.html", context, status=status)


@handles_requests
@shows_no_personal_data(NO_PERSONS)
@require_http_methods(["GET", "POST"])
def breach_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        return form_step(
            BreachForm(request.POST),
            lambda data: services.breach_register(actor=request.user, **data),
            done=lambda breach: succeeded(
                request,
                _("Breach %(number)s registered. The 72 hours run from its discovery.")
                % {"number": breach.number},
                "privacy_breach",
                pk=breach.pk,
            ),
            again=lambda form: _form_page(request, form, status=400),
        )
    form = BreachForm(initial={"discovered_at": timezone.localtime().replace(second=0)})
    return _form_page(request, form)


@handles_requests
@shows_no_personal_data(NO_PERSONS)
@require_http_methods(["GET", "POST"])
def breach_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    breach = selectors.breach_get(pk)
    if request.method != "POST":
        return _form_page(request, BreachForm(instance=breach), breach)
    form = BreachForm(request.POST, instance=DataBreach.objects.get(pk=breach.pk))
    return form_step(
        form,
        lambda data: services.breach_update(
            actor=request.user,
            breach=breach,
            **{name: data[name] for name in form.changed_data},
        ),
        done=lambda _updated: succeeded(
            request, _("The breach record is updated."), "privacy_breach", pk=pk
        ),
        again=lambda form: _form_page(request, form, breach, status=400),
    )


def _breach_page(
    request: AuthenticatedHttpRequest, breach: DataBreach, status: int = 200, **forms: object
) -> HttpResponse:
    context = {
        "breach": breach,
        "now": timezone.now(),
        "authority_form": BreachAuthorityForm(),
        "subjects_form": BreachSubjectsForm(),
        **forms,
    }
    return render(request, "servicedesk/privacy/breach.html", context, status=status)


@handles_requests
@shows_no_personal_data(NO_PERSONS)
@require_GET
def breach_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _breach_page(request, selectors.breach_get(pk))


def _decision(
    request: AuthenticatedHttpRequest,
    pk: int,
    form: BaseForm,
    form_name: str,
    record: Callable[..., DataBreach],
    message: str,
) -> HttpResponse:
    """Record a decision on notifying (the inspectorate, the people) from the breach's page."""
    breach = selectors.breach_get(pk)
    return form_step(
        form,
        lambda data: record(actor=request.user, breach=breach, **data),
        done=lambda _recorded: succeeded(request, message, "privacy_breach", pk=pk),
        again=lambda form: _breach_page(request, breach, status=400, **{form_name: form}),
    )


@handles_requests
@shows_no_personal_data(NO_PERSONS)
@require_POST
def breach_authority(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = BreachAuthorityForm(request.POST)
    done = _("The decision on the inspectorate is recorded.")
    return _decision(request, pk, form, "authority_form", services.breach_record_authority, done)


@handles_requests
@shows_no_personal_data(NO_PERSONS)
@require_POST
def breach_subjects(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = BreachSubjectsForm(request.POST)
    done = _("The decision on informing the people is recorded.")
    return _decision(request, pk, form, "subjects_form", services.breach_record_subjects, done)
