"""What the cases views share: the access-log record kinds, the contact filters and paging,
and the contact screen that every form posted from it comes back to."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases import selectors, services
from cases.forms import (
    AbusiveRefusalForm,
    ConsultationForm,
    ContactFilterForm,
    DraftForm,
    OrderIssueForm,
    OurErrorForm,
    ReferralForm,
    SubmissionRegisterForm,
)
from cases.models import Outcome
from servicedesk.form_errors import show_errors
from servicedesk.personal_data import shown
from servicedesk.roles import Action, permission_required_for
from servicedesk.selectors.organisation import current_institution

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_htmx.middleware import HtmxDetails

PAGE_SIZE = 50


class AuthenticatedHttpRequest(HttpRequest):
    """A request past the login (every view here but the public pages): it has a user."""

    user: User


class HtmxHttpRequest(AuthenticatedHttpRequest):
    """The same, with django-htmx's ``request.htmx`` (its middleware sets it on every request)."""

    htmx: HtmxDetails


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


def page_of(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def contact_context(
    request: AuthenticatedHttpRequest, contact: Any, **bound: Any
) -> dict[str, Any]:
    return {
        "contact": contact,
        "outcomes": contact.outcome_codes,
        "Outcome": Outcome,
        "referral_form": bound.get("referral_form")
        or ReferralForm(initial={"topic": contact.topic_id}),
        "order_form": bound.get("order_form") or OrderIssueForm(),
        "our_error_form": bound.get("our_error_form") or OurErrorForm(),
        "refusal_form": bound.get("refusal_form") or AbusiveRefusalForm(),
        "conflict_log": selectors.conflict_log_for(contact),
        "consultation_form": bound.get("consultation_form") or ConsultationForm(),
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
    }


def contact_form_post(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[forms.Form],
    context_key: str,
    act: Callable[[Any, dict[str, Any]], HttpResponse],
) -> HttpResponse:
    """A form posted from the contact screen. ``act(contact, cleaned_data)`` calls the service
    and answers where to go next; a form the form or the service refuses comes back on the
    contact screen (422) with its errors and everything that was typed."""
    contact = selectors.contact_get(request.user, pk)
    shown(request, contact, contact.client)  # recorded only when the screen comes back
    form = form_class(request.POST)
    if form.is_valid():
        try:
            return act(contact, form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
    return render(
        request,
        "cases/contact_detail.html",
        contact_context(request, contact, **{context_key: form}),
        status=422,
    )
