"""The conflict log of a contact (4.12.1, Annex 1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import annex1, selectors, services
from cases.forms import ConflictSituationForm, ConflictStepForm
from cases.views._common import CHANGES_AND_REDIRECTS, CONTACT, log_contacts, showing
from servicedesk.personal_data import shows_no_personal_data, shows_personal_data

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest


@log_contacts
@shows_personal_data(CONTACT)
def conflict_log(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The Annex 1 checklist and situation picker for a contact; POST opens the log."""
    contact = showing(request, selectors.contact_get(request.user, pk))
    if request.method == "POST":
        services.conflict_log_open(actor=request.user, contact=contact)
        return redirect("cases:conflict_log", pk=contact.pk)
    log = selectors.conflict_log_for(contact)
    done_steps = {a.code for a in log.actions.all() if a.kind == "step"} if log else set()
    return render(
        request,
        "cases/conflict_log.html",
        {
            "contact": contact,
            "log": log,
            "steps": annex1.TYPICAL_STEPS,
            "done_steps": done_steps,
            "situations": list(annex1.SITUATIONS.values()),
            "log_entries": [
                (a, annex1.describe(a.kind, a.code)) for a in (log.actions.all() if log else [])
            ],
            "situation_form": ConflictSituationForm(),
        },
    )


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def conflict_step(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _record(request, pk, ConflictStepForm, services.conflict_step_record)
    return redirect("cases:conflict_log", pk=pk)


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def conflict_situation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if _record(request, pk, ConflictSituationForm, services.conflict_situation_record):
        messages.success(request, _("Logged."))
    else:
        messages.error(request, _("Choose the situation."))
    return redirect("cases:conflict_log", pk=pk)


def _record(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[forms.Form],
    record: Callable[..., object],
) -> bool:
    """Open the contact's conflict log if it was not yet (a step or a situation opens it) and
    record what the form says on it; whether the form was valid."""
    contact = selectors.contact_get(request.user, pk)
    log = services.conflict_log_open(actor=request.user, contact=contact)
    form = form_class(request.POST)
    if form.is_valid():
        record(actor=request.user, log=log, **form.cleaned_data)
    return form.is_valid()
