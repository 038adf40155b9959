"""The conflict log of a visit (4.12.1, Annex 1). A phone call goes by 4.12.2 instead (the
warning, then the end, on the contact's page)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import annex1, selectors, services
from cases.forms import ConflictSituationForm, ConflictStepForm
from cases.models import Channel
from cases.views._common import CHANGES_AND_REDIRECTS, CONTACT, log_contacts, showing
from servicedesk.personal_data import shows_no_personal_data, shows_personal_data

if TYPE_CHECKING:
    from cases.models import Contact
    from servicedesk.types import AuthenticatedHttpRequest


@log_contacts
@shows_personal_data(CONTACT)
def conflict_log(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The Annex 1 checklist and situation picker for a visit; POST opens the log."""
    contact = showing(request, selectors.contact_get(request.user, pk))
    if request.method == "POST":
        try:
            services.conflict_log_open(actor=request.user, contact=contact)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("cases:contact_detail", pk=contact.pk)
        return redirect("cases:conflict_log", pk=contact.pk)
    return _page(request, contact, ConflictSituationForm())


def _page(
    request: AuthenticatedHttpRequest,
    contact: Contact,
    situation_form: ConflictSituationForm,
    *,
    status: int = 200,
) -> HttpResponse:
    """The log's page; a refused situation comes back with what was ticked and typed."""
    log = selectors.conflict_log_for(contact)
    entries = list(log.actions.all()) if log else []
    typed = request.POST  # empty on a GET: nothing ticked yet
    return render(
        request,
        "cases/conflict_log.html",
        {
            "contact": contact,
            "in_person": contact.channel == Channel.VISIT,
            "log": log,
            "steps": annex1.TYPICAL_STEPS,
            "done_steps": {a.code for a in entries if a.kind == "step"},
            "situations": list(annex1.SITUATIONS.values()),
            "log_entries": [(a, annex1.describe(a.kind, a.code)) for a in entries],
            "situation_form": situation_form,
            "chosen_situation": typed.get("situation", ""),
            "chosen_actions": typed.getlist("actions"),
            "typed_note": typed.get("note", ""),
        },
        status=status,
    )


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def conflict_step(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(request.user, pk)
    form = ConflictStepForm(request.POST)
    try:
        log = services.conflict_log_open(actor=request.user, contact=contact)
        if form.is_valid():
            services.conflict_step_record(actor=request.user, log=log, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:contact_detail", pk=pk)
    return redirect("cases:conflict_log", pk=pk)


@log_contacts
@shows_personal_data(CONTACT)
@require_POST
def conflict_situation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Annex 1, an atypical situation and the actions taken. Refused (no situation, or actions
    ticked under another one), the page comes back with everything as it was ticked."""
    contact = showing(request, selectors.contact_get(request.user, pk))
    form = ConflictSituationForm(request.POST)
    if form.is_valid():
        try:
            log = services.conflict_log_open(actor=request.user, contact=contact)
            services.conflict_situation_record(actor=request.user, log=log, **form.cleaned_data)
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Logged."))
            return redirect("cases:conflict_log", pk=pk)
    return _page(request, contact, form, status=422)


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def conflict_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Annex 1: the conflict is over; the log keeps its time and takes no more entries."""
    contact = selectors.contact_get(request.user, pk)
    log = selectors.conflict_log_for(contact)
    if log is not None:
        services.conflict_log_close(actor=request.user, log=log)
        messages.success(request, _("The conflict log is closed."))
    return redirect("cases:conflict_log", pk=pk)


def _refused(form: ConflictSituationForm, exc: ValidationError) -> None:
    errors: Any = exc.messages
    for message in errors:
        form.add_error(None, message)
