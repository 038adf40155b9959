"""Consultations with contact persons (4.3.2, 4.8, 4.9)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.forms import (
    ConsultationAnswerForm,
    ConsultationForm,
)
from cases.views._common import (
    CONSULTATION,
    CONTACT,
    AuthenticatedHttpRequest,
    contact_form_post,
    log_contacts,
)
from servicedesk.form_errors import show_errors
from servicedesk.personal_data import (
    returned,
    shown,
    shows_personal_data,
)


@log_contacts
@shows_personal_data(CONTACT)
@require_POST
def consultation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(contact: Any, data: dict[str, Any]) -> HttpResponse:
        services.consultation_request(actor=request.user, contact=contact, **data)
        messages.success(request, _("The contact person has been asked."))
        return redirect("cases:contact_detail", pk=contact.pk)

    return contact_form_post(request, pk, ConsultationForm, "consultation_form", act)


@log_contacts
@shows_personal_data(CONSULTATION, key=None)
@require_GET
def consultation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    consultations = selectors.consultations_for(request.user)[:200]
    returned(request, consultations)
    return render(request, "cases/consultation_list.html", {"consultations": consultations})


@log_contacts
@shows_personal_data(CONSULTATION)
def consultation_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """4.9: the contact person answers promptly; the answer goes onto the contact."""
    consultation = selectors.consultation_get(request.user, pk)
    shown(request, consultation)
    form = ConsultationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_answer(
                actor=request.user, consultation=consultation, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Answer sent."))
            return redirect("cases:consultation_list")
    return render(
        request, "cases/consultation_answer.html", {"consultation": consultation, "form": form}
    )
