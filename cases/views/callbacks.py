"""Callbacks (4.3.1, 4.13): my queue and the team's, taking and passing on, "no answer, try
again at …", the call back made, and the absences whose substitutes take the callbacks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.forms import AbsenceForm, CallbackAssignForm, CallbackCompleteForm, CallbackNoAnswerForm
from cases.selectors import team
from cases.services.absences import absence_record
from cases.services.callbacks import callback_assign, callback_no_answer, callback_take
from cases.views._common import (
    CALLBACK,
    CHANGES_AND_REDIRECTS,
    done,
    log_contacts,
    posted,
    said,
    showing,
)
from servicedesk.personal_data import returned, shows_no_personal_data, shows_personal_data

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest


@log_contacts
@shows_personal_data(CALLBACK, key=None)
@require_GET
def callback_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "My callbacks": mine and those of whoever I stand in for while they are away."""
    callbacks = list(team.my_callbacks(request.user))
    returned(request, callbacks)
    return render(
        request,
        "cases/callback_queue.html",
        {"callbacks": callbacks, "now": timezone.now(), "team_view": False},
    )


@log_contacts
@shows_personal_data(CALLBACK, key=None)
@require_GET
def callback_team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The front desk's open callbacks, to take one or pass it on (4.3.1)."""
    callbacks = list(team.team_callbacks())
    returned(request, callbacks)
    return render(
        request,
        "cases/callback_queue.html",
        {
            "callbacks": callbacks,
            "now": timezone.now(),
            "team_view": True,
            "colleagues": list(team.front_desk_users()),
        },
    )


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def callback_take_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    callback = selectors.callback_get(request.user, pk)
    said(
        request,
        _("The callback is yours now."),
        lambda: callback_take(actor=request.user, callback=callback),
    )
    return redirect("cases:callback_team")


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def callback_assign_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    callback = selectors.callback_get(request.user, pk)
    form = CallbackAssignForm(request.POST)
    if form.is_valid():
        owner = form.cleaned_data["owner"]
        said(
            request,
            _("The callback was passed on."),
            lambda: callback_assign(actor=request.user, callback=callback, owner=owner),
        )
    else:
        messages.error(request, _("Choose a colleague of the front desk."))
    return redirect("cases:callback_team")


@log_contacts
@shows_personal_data(CALLBACK)
def callback_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """4.3.1: the call back made; logs an outgoing phone contact."""
    callback = showing(request, selectors.callback_get(request.user, pk))
    if request.method == "POST" and request.POST.get("cancel"):
        services.callback_cancel(actor=request.user, callback=callback)
        messages.info(request, _("Callback cancelled."))
        return redirect("cases:callback_queue")
    form = CallbackCompleteForm(request.POST or None)

    def act(data: dict[str, Any]) -> HttpResponse:
        contact = services.callback_complete(actor=request.user, callback=callback, **data)
        return done(request, _("Callback done and logged."), "cases:contact_detail", pk=contact.pk)

    return posted(request, form, act) or render(
        request,
        "cases/callback_complete.html",
        {"callback": callback, "form": form, "no_answer_form": CallbackNoAnswerForm()},
    )


@log_contacts
@shows_personal_data(CALLBACK)
@require_POST
def callback_no_answer_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "No answer, try again at …": the attempt is counted, the callback stays open."""
    callback = showing(request, selectors.callback_get(request.user, pk))
    form = CallbackNoAnswerForm(request.POST)

    def act(data: dict[str, Any]) -> HttpResponse:
        callback_no_answer(actor=request.user, callback=callback, **data)
        return done(
            request, _("Attempt recorded; the callback stays open."), "cases:callback_queue"
        )

    return posted(request, form, act) or render(
        request,
        "cases/callback_complete.html",
        {"callback": callback, "form": CallbackCompleteForm(), "no_answer_form": form},
        status=422,
    )


@shows_personal_data("cases.absence", key=None)
def absences(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Absences with a substitute: one's own, or anyone's for an administrator or a unit head."""
    others = team.may_record_absence_of_others(request.user)
    form = AbsenceForm(request.POST or None, user=request.user, others=others)

    def act(data: dict[str, Any]) -> HttpResponse:
        absence_record(actor=request.user, **data)
        return done(request, _("The absence was recorded."), "cases:absences")

    response = posted(request, form, act)
    if response is not None:
        return response
    rows = list(team.absences_for(request.user))
    returned(request, rows)
    status = 422 if request.method == "POST" else 200
    return render(request, "cases/absences.html", {"form": form, "absences": rows}, status=status)
