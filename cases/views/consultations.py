"""Consultations with contact persons (4.3.2, 4.8, 4.9): asked from the contact screen, live
during the call or for a later answer; "my questions" (mine, those of whom I stand in for,
and the answers to those I asked) and the team's open questions, taken or passed on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.forms import (
    ConsultationAnswerForm,
    ConsultationForm,
    ConsultationLiveForm,
    ConsultationPassOnForm,
)
from cases.models import Consultation, Contact
from cases.selectors import team
from cases.services._common import CONSULTATION_REMIND_MINUTES
from cases.services.consultations import (
    consultation_log_live,
    consultation_pass_on,
    consultation_take,
    may_answer,
    may_pass_on,
)
from cases.views._common import (
    CHANGES_AND_REDIRECTS,
    CONSULTATION,
    contact_action,
    done,
    log_contacts,
    posted,
    said,
    showing,
)
from servicedesk.personal_data import returned, shows_no_personal_data, shows_personal_data
from servicedesk.roles import Role, has_role

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from servicedesk.types import AuthenticatedHttpRequest, User


@contact_action(
    ConsultationForm, "consultation_form", gettext_lazy("The contact person has been asked.")
)
def consultation_create(actor: User, contact: Contact, data: dict[str, Any]) -> StrOrPromise:
    """4.8: the question for a later answer; an absent contact person's substitute gets it,
    and the screen says so."""
    consultation = services.consultation_request(actor=actor, contact=contact, **data)
    if consultation.contact_person_id == data["contact_person"].pk:
        return ""
    substitute = consultation.contact_person
    return _("The contact person is away today; the question went to the substitute: %(name)s.") % {
        "name": substitute.get_full_name() or substitute.username
    }


@contact_action(
    ConsultationLiveForm,
    "consultation_live_form",
    gettext_lazy("The consultation during the call has been logged."),
)
def consultation_live(actor: User, contact: Contact, data: dict[str, Any]) -> None:
    """4.3.2: asked and answered while the client held the line."""
    consultation_log_live(actor=actor, contact=contact, **data)


def _queue_context(request: AuthenticatedHttpRequest, team_view: bool) -> dict[str, Any]:
    return {
        "team_view": team_view,
        "may_take": has_role(request.user, Role.CONTACT_PERSON),
        # 4.9 "promptly": past the reminder time an open question is overdue, said in words.
        "due_minutes": CONSULTATION_REMIND_MINUTES,
    }


@log_contacts
@shows_personal_data(CONSULTATION, key=None)
@require_GET
def consultation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My questions: put to me and to whoever I stand in for today; and those I asked, with
    their answers (4.9: the answer comes back to the asker)."""
    consultations = list(team.my_consultations(request.user)[:200])
    asked = list(team.consultations_asked_by(request.user)[:50])
    returned(request, consultations + asked)
    context = _queue_context(request, team_view=False)
    context |= {"consultations": consultations, "asked": asked}
    return render(request, "cases/consultation_list.html", context)


@log_contacts
@shows_personal_data(CONSULTATION, key=None)
@require_GET
def consultation_team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every open question to a contact person, for the front desk and unit heads (4.9)."""
    consultations = list(team.team_consultations()[:200])
    returned(request, consultations)
    context = _queue_context(request, team_view=True) | {"consultations": consultations}
    return render(request, "cases/consultation_list.html", context)


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def consultation_take_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Take a question from the team's queue and go on to answer it; back to the queue with
    the reason when it cannot be taken."""
    question = selectors.consultation_get(request.user, pk)
    taken: list[Consultation] = []
    said(
        request,
        _("The question is yours to answer now."),
        lambda: taken.append(consultation_take(actor=request.user, consultation=question)),
    )
    return (
        redirect("cases:consultation_answer", pk=pk)
        if taken
        else redirect("cases:consultation_team")
    )


@log_contacts
@shows_personal_data(CONSULTATION)
def consultation_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """4.9: the contact person (or their substitute) answers promptly, the answer goes onto
    the contact and to the asker; or passes the question on to another contact person."""
    consultation = showing(request, selectors.consultation_get(request.user, pk))
    passing_on = request.POST.get("action") == "pass_on"
    form = ConsultationAnswerForm(None if passing_on else request.POST or None)
    pass_on_form = ConsultationPassOnForm(request.POST if passing_on else None)

    def answer(data: dict[str, Any]) -> HttpResponse:
        services.consultation_answer(actor=request.user, consultation=consultation, **data)
        return done(request, _("Answer sent."), "cases:consultation_list")

    def pass_on(data: dict[str, Any]) -> HttpResponse:
        consultation_pass_on(actor=request.user, consultation=consultation, **data)
        return done(request, _("The question was passed on."), "cases:consultation_list")

    if passing_on:
        response = posted(request, pass_on_form, pass_on)
    else:
        response = posted(request, form, answer)
    if response is not None:
        return response
    answering = may_answer(request.user, consultation)
    return render(
        request,
        "cases/consultation_answer.html",
        {
            "consultation": consultation,
            "form": form,
            "pass_on_form": pass_on_form,
            "may_answer": answering,
            "may_pass_on": may_pass_on(request.user, consultation, answering=answering),
            "trail": team.consultation_trail(consultation),
        },
        status=422 if request.method == "POST" else 200,
    )
