"""What the cases views share: the access-log record kinds, the contact filters, the contact
screen that every form posted from it comes back to, and the way a posted form is saved."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.forms import (
    AbusiveRefusalForm,
    ConsultationForm,
    ConsultationLiveForm,
    ContactFilterForm,
    DraftForm,
    OrderIssueForm,
    OurErrorForm,
    ReferralForm,
    RemedyOpenForm,
    SubmissionRegisterForm,
)
from cases.forms.work import contact_persons_read_once
from cases.models import Outcome
from cases.views._choice import choice_context
from servicedesk.form_errors import show_errors
from servicedesk.personal_data import shown, shows_personal_data
from servicedesk.roles import Action, can, permission_required_for
from servicedesk.selectors.organisation import current_institution

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from servicedesk.types import AuthenticatedHttpRequest

log_contacts = permission_required_for(Action.LOG_CONTACTS)

# 2.1.6.1: the kinds of record these pages show; each read leaves an access log row
# (servicedesk.personal_data).
CLIENT = "cases.client"
CONTACT = "cases.contact"
REFERRAL = "cases.referral"
CALLBACK = "cases.callback"
CONSULTATION = "cases.consultation"
SUBMISSION = "cases.writtensubmission"
DRAFT = "cases.submissiondraft"
ORDER_ISSUE = "cases.orderissue"
# Redirects after a change show nothing; the page they lead to records the read.
CHANGES_AND_REDIRECTS = "changes a record and redirects"


def contact_filters(
    form: ContactFilterForm, client_id: int | None = None
) -> selectors.ContactFilters:
    data = form.cleaned_data if form.is_valid() else {}
    topic = data.get("topic")
    employee = data.get("employee")
    return selectors.ContactFilters(
        channel=data.get("channel") or "",
        topic_id=topic.pk if topic else None,
        employee_id=employee.user_id if employee else None,
        outcome=data.get("outcome") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        client_id=client_id,
    )


def showing[Record: Model](request: HttpRequest, record: Record) -> Record:
    """The record the page shows, recorded as read."""
    shown(request, record)
    return record


def done(request: HttpRequest, message: StrOrPromise, to: str, **kwargs: Any) -> HttpResponse:
    """A change is saved: say so and go on to the page ``to`` names (post/redirect/get)."""
    messages.success(request, message)
    return redirect(to, **kwargs)


def posted(
    request: HttpRequest,
    form: forms.BaseForm,
    act: Callable[[dict[str, Any]], HttpResponse | None],
) -> HttpResponse | None:
    """A posted form: when it is valid, ``act(cleaned_data)`` calls the service and answers
    where to go next. ``None`` (a GET, an invalid form, a refusal of the service, which goes
    back onto the form, or ``act`` asking to show the form again): show the page with the
    form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return act(form.cleaned_data)
    except ValidationError as exc:
        show_errors(form, exc)
        return None


def said(request: HttpRequest, success: str, change: Callable[[], object]) -> None:
    """A change the page redirects after: its success, or the service's refusal, becomes the
    message the next page shows."""
    try:
        change()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


def contact_context(
    request: AuthenticatedHttpRequest, contact: Any, **bound: Any
) -> dict[str, Any]:
    consultation_form = bound.get("consultation_form") or ConsultationForm()
    consultation_live_form = bound.get("consultation_live_form") or ConsultationLiveForm()
    # Both ask a contact person: one read of them and of who is away today.
    contact_persons_read_once(consultation_form, consultation_live_form)
    return {
        "contact": contact,
        "outcomes": contact.outcome_codes,
        "Outcome": Outcome,
        "referral_form": bound.get("referral_form")
        or ReferralForm(initial={"topic": contact.topic_id}),
        "order_form": bound.get("order_form") or OrderIssueForm(),
        "our_error_form": bound.get("our_error_form") or OurErrorForm(),
        "remedy_form": bound.get("remedy_form") or RemedyOpenForm(),
        "refusal_form": bound.get("refusal_form") or AbusiveRefusalForm(),
        "refusal_form_preview": bound.get("refusal_form_preview"),
        # No satisfaction survey to a sender whose abusive e-mail was refused (4.12.3).
        "offers_survey": Outcome.ABUSIVE_EMAIL_REFUSED not in contact.outcome_codes,
        "conflict_log": selectors.conflict_log_for(contact),
        "consultation_form": consultation_form,
        "consultation_live_form": consultation_live_form,
        "submission_form": bound.get("submission_form")
        or SubmissionRegisterForm(initial={"subject": contact.summary[:300]}),
        "draft_form": bound.get("draft_form")
        or DraftForm(
            initial={
                "addressee": str(current_institution() or ""),
                "text": contact.summary,
            }
        ),
        "written_channels": services.WRITTEN_CHANNELS,
        # "Our error → register a complaint now" (2.1.1.2), for whoever may register one.
        "can_register_feedback": can(request.user, Action.REGISTER_FEEDBACK),
        **choice_context(request, contact, bound),  # 4.2 visit, 4.1.4
    }


# An act answers where to go next, or what to say back on the contact screen (else ``saved``).
ContactAct = Callable[[Any, Any, dict[str, Any]], "HttpResponse | StrOrPromise | None"]


def contact_action(
    form_class: type[forms.Form],
    context_key: str,
    saved: StrOrPromise = "",
    preview: Callable[[Any, dict[str, Any]], dict[str, str]] | None = None,
) -> Callable[[ContactAct], Callable[..., HttpResponse]]:
    """The view of a form posted from the contact screen (POST only; it shows the contact).
    The decorated ``act(actor, contact, cleaned_data)`` calls the service and answers where
    to go next, or ``None``: back to the contact screen, saying ``saved``. A form the form or
    the service refuses comes back on the contact screen (422) with its errors and everything
    that was typed. With ``preview(contact, cleaned_data)``, a first post only shows what
    would be sent (``<context_key>_preview``); a post with ``send`` acts."""

    def decorator(act: ContactAct) -> Callable[..., HttpResponse]:
        @wraps(act)
        def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
            contact = selectors.contact_get(request.user, pk)
            shown(request, contact, contact.client)  # recorded only when the screen comes back
            form = form_class(request.POST)
            shown_first: dict[str, Any] = {}

            def save(data: dict[str, Any]) -> HttpResponse | None:
                if preview is not None and not request.POST.get("send"):
                    shown_first[f"{context_key}_preview"] = preview(contact, data)
                    return None
                response = act(request.user, contact, data)
                if isinstance(response, HttpResponse):
                    return response
                return done(request, response or saved, "cases:contact_detail", pk=contact.pk)

            return posted(request, form, save) or render(
                request,
                "cases/contact_detail.html",
                contact_context(request, contact, **{context_key: form}, **shown_first),
                status=200 if shown_first else 422,
            )

        return log_contacts(shows_personal_data(CONTACT)(require_POST(view)))

    return decorator
