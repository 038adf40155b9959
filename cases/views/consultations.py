"""Consultations with contact persons (4.3.2, 4.8, 4.9)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from cases import selectors, services
from cases.forms import ConsultationAnswerForm, ConsultationForm
from cases.models import Contact
from cases.services._common import CONSULTATION_REMIND_MINUTES
from cases.views._common import CONSULTATION, contact_action, done, log_contacts, posted, showing
from servicedesk.personal_data import returned, shows_personal_data

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest, User


@contact_action(
    ConsultationForm, "consultation_form", gettext_lazy("The contact person has been asked.")
)
def consultation_create(actor: User, contact: Contact, data: dict[str, Any]) -> None:
    services.consultation_request(actor=actor, contact=contact, **data)


@log_contacts
@shows_personal_data(CONSULTATION, key=None)
@require_GET
def consultation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    consultations = selectors.consultations_for(request.user)[:200]
    returned(request, consultations)
    return render(
        request,
        "cases/consultation_list.html",
        # 4.9 "promptly": past the reminder time an open question is overdue, said in words.
        {"consultations": consultations, "due_minutes": CONSULTATION_REMIND_MINUTES},
    )


@log_contacts
@shows_personal_data(CONSULTATION)
def consultation_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """4.9: the contact person answers promptly; the answer goes onto the contact."""
    consultation = showing(request, selectors.consultation_get(request.user, pk))
    form = ConsultationAnswerForm(request.POST or None)

    def act(data: dict[str, Any]) -> HttpResponse:
        services.consultation_answer(actor=request.user, consultation=consultation, **data)
        return done(request, _("Answer sent."), "cases:consultation_list")

    return posted(request, form, act) or render(
        request, "cases/consultation_answer.html", {"consultation": consultation, "form": form}
    )
