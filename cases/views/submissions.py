"""Written submissions with their deadlines, and submission drafts (2.1.2.2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases import selectors, services
from cases.forms import (
    DraftForm,
    SubmissionExtendForm,
    SubmissionFilterForm,
    SubmissionForwardForm,
    SubmissionReassignForm,
    SubmissionRegisterForm,
    SubmissionReplyForm,
)
from cases.models import Contact
from cases.selectors import team
from cases.services.written import submission_reassign
from cases.views._common import (
    DRAFT,
    SUBMISSION,
    contact_action,
    done,
    log_contacts,
    posted,
    showing,
)
from servicedesk.paging import page_of
from servicedesk.personal_data import returned, shows_personal_data

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest, User


@contact_action(SubmissionRegisterForm, "submission_form")
def submission_create(actor: User, contact: Contact, data: dict[str, Any]) -> HttpResponse:
    submission = services.submission_register(actor=actor, contact=contact, **data)
    return redirect("cases:submission_detail", pk=submission.pk)


@log_contacts
@shows_personal_data(SUBMISSION, key=None)
@require_GET
def submission_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The register, filtered by status and by the responsible employee."""
    filter_form = SubmissionFilterForm(request.GET)
    data = filter_form.cleaned_data if filter_form.is_valid() else {}
    status = data.get("status") or ""
    owner = data.get("owner")
    mine = request.user if data.get("mine") else None  # with whoever I stand in for today
    page = page_of(request, team.submissions_of(status, owner.user_id if owner else None, mine))
    returned(request, page)
    query = {"status": status, "owner": owner.user_id if owner else "", "mine": "1" if mine else ""}
    return render(
        request,
        "cases/submission_list.html",
        {
            "page": page,
            "status": status,
            "filter_form": filter_form,
            "today": timezone.localdate(),
            "query": urlencode({k: v for k, v in query.items() if v}),
        },
    )


@log_contacts
@shows_personal_data(SUBMISSION)
def submission_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The submission with its deadlines; POST ``action`` = extend, forward or reply (the
    form of that action, each the one field its service takes)."""
    submission = showing(request, selectors.submission_get(request.user, pk))
    actions: dict[str, tuple[type[forms.Form], Callable[..., object]]] = {
        "extend": (SubmissionExtendForm, services.submission_extend),
        "forward": (SubmissionForwardForm, services.submission_forward),
        "reply": (SubmissionReplyForm, services.submission_record_reply),
        "reassign": (SubmissionReassignForm, submission_reassign),
    }
    shown_forms: dict[str, Any] = {name: form() for name, (form, _change) in actions.items()}
    action = request.POST.get("action", "")
    if request.method == "POST" and action in actions:
        form_class, change = actions[action]
        shown_forms[action] = form = form_class(request.POST)

        def act(data: dict[str, Any]) -> HttpResponse:
            change(actor=request.user, submission=submission, **data)
            return done(request, _("Saved."), "cases:submission_detail", pk=submission.pk)

        response = posted(request, form, act)
        if response is not None:
            return response
    return render(
        request,
        "cases/submission_detail.html",
        {"submission": submission, "forms": shown_forms, "today": timezone.localdate()},
    )


@contact_action(DraftForm, "draft_form")
def draft_create(actor: User, contact: Contact, data: dict[str, Any]) -> HttpResponse:
    draft = services.submission_draft_create(actor=actor, contact=contact, **data)
    return redirect("cases:draft_print", pk=draft.pk)


@log_contacts
@shows_personal_data(DRAFT)
@require_GET
def draft_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = showing(request, selectors.draft_get(request.user, pk))
    return render(
        request, "cases/draft_print.html", {"draft": draft, "today": timezone.localdate()}
    )
