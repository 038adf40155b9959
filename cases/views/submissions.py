"""Written submissions with their deadlines, and submission drafts (2.1.2.2)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.forms import (
    DraftForm,
    SubmissionExtendForm,
    SubmissionForwardForm,
    SubmissionRegisterForm,
    SubmissionReplyForm,
)
from cases.views._common import (
    CONTACT,
    DRAFT,
    SUBMISSION,
    AuthenticatedHttpRequest,
    contact_form_post,
    log_contacts,
    page_of,
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
def submission_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(contact: Any, data: dict[str, Any]) -> HttpResponse:
        submission = services.submission_register(
            actor=request.user,
            contact=contact,
            subject=data["subject"],
            received_on=data["received_on"],
        )
        return redirect("cases:submission_detail", pk=submission.pk)

    return contact_form_post(request, pk, SubmissionRegisterForm, "submission_form", act)


@log_contacts
@shows_personal_data(SUBMISSION, key=None)
@require_GET
def submission_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = page_of(request, selectors.submissions_register(status))
    returned(request, page)
    return render(
        request,
        "cases/submission_list.html",
        {
            "page": page,
            "status": status,
            "today": timezone.localdate(),
            "query": f"status={status}" if status else "",
        },
    )


@log_contacts
@shows_personal_data(SUBMISSION)
def submission_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The submission with its deadlines; POST ``action`` = extend, forward or reply."""
    submission = selectors.submission_get(request.user, pk)
    shown(request, submission)
    forms: dict[str, Any] = {
        "extend": SubmissionExtendForm(),
        "forward": SubmissionForwardForm(),
        "reply": SubmissionReplyForm(),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        form_class = {
            "extend": SubmissionExtendForm,
            "forward": SubmissionForwardForm,
            "reply": SubmissionReplyForm,
        }.get(action)
        if form_class is not None:
            form = form_class(request.POST)
            forms[action] = form
            if form.is_valid():
                data = form.cleaned_data
                try:
                    if action == "extend":
                        services.submission_extend(
                            actor=request.user, submission=submission, reason=data["reason"]
                        )
                    elif action == "forward":
                        services.submission_forward(
                            actor=request.user,
                            submission=submission,
                            institution=data["institution"],
                        )
                    else:
                        services.submission_record_reply(
                            actor=request.user, submission=submission, reply=data["reply"]
                        )
                except ValidationError as exc:
                    show_errors(form, exc)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("cases:submission_detail", pk=submission.pk)
    return render(
        request,
        "cases/submission_detail.html",
        {"submission": submission, "forms": forms, "today": timezone.localdate()},
    )


@log_contacts
@shows_personal_data(CONTACT)
@require_POST
def draft_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(contact: Any, data: dict[str, Any]) -> HttpResponse:
        draft = services.submission_draft_create(actor=request.user, contact=contact, **data)
        return redirect("cases:draft_print", pk=draft.pk)

    return contact_form_post(request, pk, DraftForm, "draft_form", act)


@log_contacts
@shows_personal_data(DRAFT)
@require_GET
def draft_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_get(request.user, pk)
    shown(request, draft)
    return render(
        request, "cases/draft_print.html", {"draft": draft, "today": timezone.localdate()}
    )
