"""Referrals to a specialist or a competent institution (2.1.2.3, 4.1.1) and their slip."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.forms import EmailSlipForm, OrderIssuePassForm, OrderIssueResolveForm, ReferralForm
from cases.models import Contact
from cases.selectors import team
from cases.views._common import (
    CHANGES_AND_REDIRECTS,
    ORDER_ISSUE,
    REFERRAL,
    contact_action,
    done,
    log_contacts,
    posted,
    said,
    showing,
)
from servicedesk.form_errors import error_summary
from servicedesk.personal_data import returned, shows_no_personal_data, shows_personal_data
from servicedesk.selectors.organisation import current_institution

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest, HtmxHttpRequest, User

#: 4.10.1: an order issue still open after this many days is shown as overdue.
ORDER_ISSUE_DAYS = 3


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


@log_contacts
@shows_personal_data(ORDER_ISSUE, key=None)
@require_GET
def order_issues(request: AuthenticatedHttpRequest) -> HttpResponse:
    """4.10.1: the order issues of the units the user heads (or heads today in an absent
    head's place), to close or pass on; those the user reported, with what was done; and every
    open one of the desk."""
    return _order_issues_page(request)


def _order_issues_page(
    request: AuthenticatedHttpRequest, passing: tuple[int, OrderIssuePassForm] | None = None
) -> HttpResponse:
    found = team.order_issues_for(request.user)
    returned(request, [*found.to_resolve, *found.reported, *found.team])
    return render(
        request,
        "cases/order_issues.html",
        {
            "issues": found,
            "form": OrderIssueResolveForm(),
            "pass_form": OrderIssuePassForm(),
            "passing": passing,
            "error_summary": error_summary(passing[1]) if passing and passing[1].is_bound else [],
            "overdue_days": ORDER_ISSUE_DAYS,
        },
        status=400 if passing and passing[1].is_bound else 200,
    )


@log_contacts
@shows_personal_data(ORDER_ISSUE, key=None)
def order_issue_pass(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """4.10.1: pass an issue to the unit that fulfils the order (the page with that issue's
    form open); a refusal comes back onto the form with what was typed."""
    issue = team.order_issue_get(request.user, pk)
    form = OrderIssuePassForm(request.POST or None)

    def act(data: dict[str, Any]) -> HttpResponse:
        services.order_issue_pass(
            actor=request.user, issue=issue, unit=data["unit"], reason=data["reason"]
        )
        messages.success(request, _("The order issue is passed on; the unit's head is told."))
        return redirect("cases:order_issues")

    return posted(request, form, act) or _order_issues_page(request, (issue.pk, form))


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def order_issue_resolve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = team.order_issue_get(request.user, pk)
    form = OrderIssueResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what was done."))
    else:
        said(
            request,
            _("The order issue is closed; whoever reported it has been told."),
            lambda: services.order_issue_resolve(
                actor=request.user, issue=issue, resolution=form.cleaned_data["resolution"]
            ),
        )
    return redirect("cases:order_issues")
