"""The register of personal data breaches (2.1.6.1, GDPR art. 33(5)) in the desk's own
screens: the list with each breach's 72-hour clock, registering one, completing what is known,
and recording the notice to the Data State Inspectorate (art. 33) and to the people (art. 34).
A failed form comes back with what was typed (status 400)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from servicedesk.forms.privacy import BreachAuthorityForm, BreachForm, BreachSubjectsForm
from servicedesk.models import DataBreach
from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, permission_required_for
from servicedesk.selectors import data_requests as selectors
from servicedesk.services import data_requests as services
from servicedesk.views.privacy import form_errors

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


@handles_requests
@shows_no_personal_data(NO_PERSONS)
@require_http_methods(["GET", "POST"])
def breach_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = BreachForm(request.POST)
        if form.is_valid():
            try:
                breach = services.breach_register(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Breach %(number)s registered. The 72 hours run from its discovery.")
                    % {"number": breach.number},
                )
                return redirect("privacy_breach", pk=breach.pk)
        return render(request, "servicedesk/privacy/breach_form.html", {"form": form}, status=400)
    form = BreachForm(initial={"discovered_at": timezone.localtime().replace(second=0)})
    return render(request, "servicedesk/privacy/breach_form.html", {"form": form})


@handles_requests
@shows_no_personal_data(NO_PERSONS)
@require_http_methods(["GET", "POST"])
def breach_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    breach = selectors.breach_get(pk)
    if request.method == "POST":
        form = BreachForm(request.POST, instance=DataBreach.objects.get(pk=breach.pk))
        if form.is_valid():
            try:
                services.breach_update(
                    actor=request.user,
                    breach=breach,
                    **{name: form.cleaned_data[name] for name in form.changed_data},
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("The breach record is updated."))
                return redirect("privacy_breach", pk=pk)
        status = 400
    else:
        form = BreachForm(instance=breach)
        status = 200
    return render(
        request,
        "servicedesk/privacy/breach_form.html",
        {"form": form, "breach": breach},
        status=status,
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


@handles_requests
@shows_no_personal_data(NO_PERSONS)
@require_POST
def breach_authority(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    breach = selectors.breach_get(pk)
    form = BreachAuthorityForm(request.POST)
    if form.is_valid():
        try:
            services.breach_record_authority(actor=request.user, breach=breach, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The decision on the inspectorate is recorded."))
            return redirect("privacy_breach", pk=pk)
    return _breach_page(request, breach, status=400, authority_form=form)


@handles_requests
@shows_no_personal_data(NO_PERSONS)
@require_POST
def breach_subjects(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    breach = selectors.breach_get(pk)
    form = BreachSubjectsForm(request.POST)
    if form.is_valid():
        try:
            services.breach_record_subjects(actor=request.user, breach=breach, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The decision on informing the people is recorded."))
            return redirect("privacy_breach", pk=pk)
    return _breach_page(request, breach, status=400, subjects_form=form)
