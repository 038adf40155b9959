"""Referrals to a specialist or a competent institution (2.1.2.3, 4.1.1) and their slip."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases import selectors, services
from cases.forms import EmailSlipForm, ReferralForm
from cases.models import Contact
from cases.views._common import REFERRAL, contact_action, done, log_contacts, posted, showing
from servicedesk.personal_data import shows_no_personal_data, shows_personal_data
from servicedesk.selectors.organisation import current_institution

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest, HtmxHttpRequest, User


@contact_action(ReferralForm, "referral_form")
def referral_create(actor: User, contact: Contact, data: dict[str, Any]) -> HttpResponse:
    kind = data["kind"]
    referral = services.referral_create(
        actor=actor,
        contact=contact,
        reason=data["reason"],
        specialist=data["specialist"] if kind == "specialist" else None,
        institution=data["institution"] if kind == "institution" else None,
        topic=data["topic"],
    )
    return redirect("cases:referral_slip", pk=referral.pk)


@log_contacts
@shows_no_personal_data("specialists and competent institutions of a topic: the directory")
@require_GET
def referral_options(request: HtmxHttpRequest) -> HttpResponse:
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
    """What the slip shows besides the referral: the specialist's hours, and who issued it
    for which institution (a slip the client carries must say where it comes from)."""
    context: dict[str, Any] = {"referral": referral, "issuer": current_institution()}
    if referral.specialist is not None:
        context["hours"] = selectors.reception_hours_of(referral.specialist)
    return context


@log_contacts
@shows_personal_data(REFERRAL)
def referral_slip(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The printable slip; POST e-mails it to the client."""
    referral = showing(request, selectors.referral_get(request.user, pk))
    form = EmailSlipForm(
        request.POST or None, initial={"email": services.client_email_for(referral.contact)}
    )

    def act(data: dict[str, Any]) -> HttpResponse:
        context = _slip_context(referral)
        services.referral_email_slip(
            actor=request.user, referral=referral, email=data["email"], context=context
        )
        message = _("The slip was e-mailed to the client.")
        return done(request, message, "cases:referral_slip", pk=referral.pk)

    return posted(request, form, act) or render(
        request, "cases/referral_slip.html", {**_slip_context(referral), "form": form}
    )
