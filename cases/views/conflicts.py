"""The conflict log of a contact (4.12.1, Annex 1)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import annex1, selectors, services
from cases.forms import (
    ConflictSituationForm,
    ConflictStepForm,
)
from cases.views._common import (
    CHANGES_AND_REDIRECTS,
    CONTACT,
    AuthenticatedHttpRequest,
    log_contacts,
)
from servicedesk.personal_data import (
    shown,
    shows_no_personal_data,
    shows_personal_data,
)


@log_contacts
@shows_personal_data(CONTACT)
def conflict_log(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The Annex 1 checklist and situation picker for a contact; POST opens the log."""
    contact = selectors.contact_get(request.user, pk)
    shown(request, contact)
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
    contact = selectors.contact_get(request.user, pk)
    log = services.conflict_log_open(actor=request.user, contact=contact)
    form = ConflictStepForm(request.POST)
    if form.is_valid():
        services.conflict_step_record(
            actor=request.user,
            log=log,
            step=form.cleaned_data["step"],
            note=form.cleaned_data["note"],
        )
    return redirect("cases:conflict_log", pk=contact.pk)


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def conflict_situation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(request.user, pk)
    log = services.conflict_log_open(actor=request.user, contact=contact)
    form = ConflictSituationForm(request.POST)
    if form.is_valid():
        services.conflict_situation_record(
            actor=request.user,
            log=log,
            situation=form.cleaned_data["situation"],
            actions=form.cleaned_data["actions"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Logged."))
    else:
        messages.error(request, _("Choose the situation."))
    return redirect("cases:conflict_log", pk=contact.pk)
