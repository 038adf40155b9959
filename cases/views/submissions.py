"""Written submissions with their deadlines, and submission drafts (2.1.2.2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
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
from cases.forms.work import SubmissionReferForm
from cases.models import Contact, Dispatch, WrittenSubmission
from cases.selectors import team
from cases.selectors.dispatch_about import dispatch_last_id, dispatches_about
from cases.services.dispatch import dispatch_outcome, reply_note
from cases.services.written import submission_reassign, submission_refer_elsewhere
from cases.views._common import (
    DRAFT,
    SUBMISSION,
    contact_action,
    done,
    log_contacts,
    posted,
    showing,
)
from servicedesk.forms.shared_choices import read_once
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


def _outcome(dispatch: Dispatch | None) -> str:
    """What became of a notice, in words (e-mailed, a letter to print, to hand over)."""
    return dispatch_outcome(dispatch) if dispatch is not None else ""


def _extend(actor: User, submission: WrittenSubmission, data: dict[str, Any]) -> str:
    submission = services.submission_extend(actor=actor, submission=submission, **data)
    return _(
        "The reply period is extended until %(date)s (inclusive). Extension notice: %(how)s"
    ) % {
        "date": date_format(submission.reply_due, "SHORT_DATE_FORMAT"),
        "how": _outcome(submission.extension_notice),
    }


def _forward(actor: User, submission: WrittenSubmission, data: dict[str, Any]) -> str:
    submission = services.submission_forward(actor=actor, submission=submission, **data)
    said = _("Forwarded to %(institution)s: %(formal)s Notice to the submitter: %(notice)s") % {
        "institution": submission.forwarded_to,
        "formal": _outcome(submission.formal_forwarding),
        "notice": _outcome(submission.forwarding_notice),
    }
    if submission.forwarded_late:
        said += " " + _(
            "The forwarding period ended on %(date)s: the forwarding is recorded as late."
        ) % {"date": date_format(submission.forward_due, "SHORT_DATE_FORMAT")}
    return said


def _refer(actor: User, submission: WrittenSubmission, data: dict[str, Any]) -> str:
    submission = submission_refer_elsewhere(actor=actor, submission=submission, **data)
    return _("The submission is closed; the submitter is told where to apply: %(how)s") % {
        "how": _outcome(submission.referral_notice)
    }


def _reply(actor: User, submission: WrittenSubmission, data: dict[str, Any]) -> str:
    before = dispatch_last_id(submission)
    submission = services.submission_record_reply(actor=actor, submission=submission, **data)
    sent = dispatches_about(submission, after=before, kind=Dispatch.Kind.SUBMISSION_REPLY)
    if not sent:
        return str(_("The reply is recorded and the submission closed."))
    return _("The reply is recorded and the submission closed. %(how)s") % {
        "how": reply_note(sent[-1])
    }


def _saving(change: Callable[..., object]) -> Callable[..., str]:
    def save(actor: User, submission: WrittenSubmission, data: dict[str, Any]) -> str:
        change(actor=actor, submission=submission, **data)
        return str(_("Saved."))

    return save


#: POST ``action`` → the form of that action and what saves it, answering what was done.
ACTIONS: dict[str, tuple[type[forms.Form], Callable[..., str]]] = {
    "extend": (SubmissionExtendForm, _extend),
    "forward": (SubmissionForwardForm, _forward),
    "refer": (SubmissionReferForm, _refer),
    "reply": (SubmissionReplyForm, _reply),
    "reassign": (SubmissionReassignForm, _saving(submission_reassign)),
}


@log_contacts
@shows_personal_data(SUBMISSION)
def submission_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The submission with its deadlines and its notices; POST ``action`` = extend, forward,
    refer (where to apply), reply or reassign. A refusal shows the form again as typed; a
    change says what was done (e-mailed, a letter to print, a paper to hand over)."""
    submission = showing(request, selectors.submission_get(request.user, pk))
    # Each form's own ids: forward and where-to-apply both ask for an institution.
    shown_forms: dict[str, Any] = {
        name: form(auto_id=f"id_{name}_%s") for name, (form, _change) in ACTIONS.items()
    }
    action = request.POST.get("action", "")
    if request.method == "POST" and action in ACTIONS:
        form_class, change = ACTIONS[action]
        shown_forms[action] = form = form_class(request.POST, auto_id=f"id_{action}_%s")

        def act(data: dict[str, Any]) -> HttpResponse:
            said = change(request.user, submission, data)
            return done(request, said, "cases:submission_detail", pk=submission.pk)

        response = posted(request, form, act)
        if response is not None:
            return response
    # Forwarding and where-to-apply both offer the competent institutions: one read.
    read_once(
        *(
            form.fields["institution"]
            for form in shown_forms.values()
            if "institution" in form.fields
        )
    )
    replies = (
        dispatches_about(submission, kind=Dispatch.Kind.SUBMISSION_REPLY)
        if submission.status == WrittenSubmission.Status.REPLIED
        else []
    )
    notices = [
        (label, dispatch, dispatch_outcome(dispatch))
        for label, dispatch in (
            (_("Extension notice"), submission.extension_notice),
            (_("Formal forwarding"), submission.formal_forwarding),
            (_("Forwarding notice"), submission.forwarding_notice),
            (_("Where-to-apply notice"), submission.referral_notice),
            *((_("How the reply goes"), reply) for reply in replies[-1:]),
        )
        if dispatch is not None
    ]
    return render(
        request,
        "cases/submission_detail.html",
        {
            "submission": submission,
            "forms": shown_forms,
            "notices": notices,
            "today": timezone.localdate(),
        },
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
