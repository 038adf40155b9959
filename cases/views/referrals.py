"""Referrals to a specialist or a competent institution (2.1.2.3, 4.1.1) and their slip."""

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
    EmailSlipForm,
    ReferralForm,
)
from cases.views._common import (
    CONTACT,
    REFERRAL,
    AuthenticatedHttpRequest,
    contact_form_post,
    log_contacts,
)
from servicedesk.form_errors import show_errors
from servicedesk.personal_data import (
    shown,
    shows_no_personal_data,
    shows_personal_data,
)


@log_contacts
@shows_personal_data(CONTACT)
@require_POST
def referral_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(contact: Any, data: dict[str, Any]) -> HttpResponse:
        referral = services.referral_create(
            actor=request.user,
            contact=contact,
            reason=data["reason"],
            specialist=data["specialist"] if data["kind"] == "specialist" else None,
            institution=data["institution"] if data["kind"] == "institution" else None,
            topic=data["topic"],
        )
        return redirect("cases:referral_slip", pk=referral.pk)

    return contact_form_post(request, pk, ReferralForm, "referral_form", act)


@log_contacts
@shows_no_personal_data("specialists and competent institutions of a topic: the directory")
@require_GET
def referral_options(request: AuthenticatedHttpRequest) -> HttpResponse:
    """htmx: specialists and institutions for the chosen topic."""
    topic = request.GET.get("topic")
    topic_id = int(topic) if topic and topic.isdigit() else None
    return render(
        request,
        "cases/partials/referral_options.html",
        {
            "specialists": selectors.specialists_for_topic(topic_id),
            "institutions": selectors.institutions_for_topic(topic_id),
        },
    )


def _slip_context(referral: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"referral": referral}
    if referral.specialist is not None:
        context["hours"] = selectors.reception_hours_of(referral.specialist)
    return context


@log_contacts
@shows_personal_data(REFERRAL)
def referral_slip(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The printable slip; POST e-mails it to the client."""
    referral = selectors.referral_get(request.user, pk)
    shown(request, referral)
    form = EmailSlipForm(
        request.POST or None, initial={"email": services.client_email_for(referral.contact)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_email_slip(
                actor=request.user,
                referral=referral,
                email=form.cleaned_data["email"],
                context=_slip_context(referral),
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The slip was e-mailed to the client."))
            return redirect("cases:referral_slip", pk=referral.pk)
    return render(request, "cases/referral_slip.html", {**_slip_context(referral), "form": form})
