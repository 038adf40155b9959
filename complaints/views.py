"""Screens of the complaints register: the register and the reviewer's queue, the front
desk's registration form, an item's page with the reviewer's forms, attachment downloads and
the CSV export. Every item is fetched through ``complaints.selectors`` (404 when hidden)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from servicedesk.personal_data import (
    returned,
    shown,
    shows_no_personal_data,
    shows_personal_data,
)
from servicedesk.roles import Action, can, permission_required_for
from servicedesk.spreadsheets import SafeCsvWriter

from . import registers, selectors, services
from .forms import (
    AppealForm,
    DecisionForm,
    ExtendForm,
    FeedbackRegisterForm,
    FilterForm,
    NoteForm,
    ReplyForm,
    RerouteForm,
    TransitionForm,
)
from .models import OPEN_STATES, FeedbackItem, State

PAGE_SIZE = 50
#: 2.1.6.1: the kinds of record these pages show (servicedesk.personal_data).
ITEM = "complaints.feedbackitem"
ATTACHMENT = "complaints.attachment"


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.ItemFilters]:
    form = FilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, selectors.ItemFilters(
            kind=d["kind"],
            state=d["state"],
            channel=d["channel"],
            received_from=d["received_from"],
            received_to=d["received_to"],
            query=d["q"],
            overdue_only=d["overdue"],
        )
    return form, selectors.ItemFilters()


def _list_page(request: HttpRequest, items: Any, *, title: str, is_queue: bool) -> HttpResponse:
    filter_form, _filters_unused = _filters(request)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    returned(request, page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/list.html",
        {
            "title": title,
            "is_queue": is_queue,
            "page": page,
            "filter_form": filter_form,
            "query_string": query.urlencode(),
            "can_register": can(request.user, Action.REGISTER_FEEDBACK),
        },
    )


@permission_required_for(Action.VIEW_FEEDBACK)
@shows_personal_data(ITEM, key=None)
def register_list(request: HttpRequest) -> HttpResponse:
    """Every item the user may see (the register), overdue first."""
    _form, filters = _filters(request)
    items = selectors.register_for(request.user, filters)
    return _list_page(request, items, title=_("Feedback register"), is_queue=False)


@permission_required_for(Action.REVIEW_FEEDBACK)
@shows_personal_data(ITEM, key=None)
def queue(request: HttpRequest) -> HttpResponse:
    """The reviewer's queue: items routed to an authority the user belongs to."""
    _form, filters = _filters(request)
    items = selectors.queue_for(request.user, filters)
    return _list_page(request, items, title=_("My review queue"), is_queue=True)


@permission_required_for(Action.VIEW_FEEDBACK)
@shows_personal_data(ITEM, key=None)
def export_csv(request: HttpRequest) -> HttpResponse:
    """The register as CSV (register data only, never the texts), through the same gate.
    The outcome only where the user may read the item's content (docs/complaints.md)."""
    _form, filters = _filters(request)
    items = selectors.register_for(request.user, filters).annotate(
        content_readable=registers.readable_flag(registers.readable_content(request.user))
    )
    returned(request, items, export=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="feedback-register.csv"'
    response.write("\ufeff")  # spreadsheet programs then read the file as UTF-8
    writer = SafeCsvWriter(response, delimiter=";")  # typed text never runs as a formula
    writer.writerow(
        [
            _("Register number"),
            _("Kind"),
            _("Channel"),
            _("Subject"),
            _("Reviewed by"),
            _("Clause"),
            _("State"),
            _("Outcome"),
            _("Received on"),
            _("Reply due"),
            _("Overdue"),
        ]
    )
    for item in items:
        writer.writerow(
            [
                item.register_number,
                item.get_kind_display(),
                item.get_channel_display(),
                item.get_subject_kind_display(),
                item.authority.get_kind_display(),
                item.routing_clause,
                item.get_state_display(),
                item.get_outcome_display() if item.content_readable else "",
                item.received_on.strftime("%d.%m.%Y."),
                item.reply_due.strftime("%d.%m.%Y."),
                _("yes") if item.is_overdue else "",
            ]
        )
    return response


@permission_required_for(Action.REGISTER_FEEDBACK)
@shows_no_personal_data("a form for new feedback: shows only what the user typed")
def register_new(request: HttpRequest) -> HttpResponse:
    """The front desk registers a complaint, suggestion, claim or feedback (4.11)."""
    form = FeedbackRegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = services.feedback_register(
                actor=request.user,
                kind=d["kind"],
                channel=d["channel"],
                text=d["text"],
                is_anonymous=d["is_anonymous"],
                client_name=d["client_name"],
                client_email=d["client_email"],
                client_phone=d["client_phone"],
                client_address=d["client_address"],
                subject_kind=d["subject_kind"],
                subject_employee=d["subject_employee"],
                subject_description=d["subject_description"],
                rules_violation=d["rules_violation"],
                received_on=d["received_on"],
                attachments=d["attachments"],
                is_restricted=d["is_restricted"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Registered as %(number)s. The reviewer has been notified.")
                % {"number": item.register_number},
            )
            return redirect(item)
    if request.method == "POST" and request.FILES and not form.is_valid():
        messages.warning(request, _("Please choose the attachments again."))
    return render(request, "complaints/register_form.html", {"form": form})


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- An item's page -------------------------------------------------------------------------


def _reply_template(item: FeedbackItem) -> str:
    """The reply composer's starting text, in Latvian whatever the screen's language."""
    with translation.override("lv"):
        return render_to_string("complaints/reply_template.txt", {"item": item}).strip()


def _forms_for(request: HttpRequest, item: FeedbackItem) -> dict[str, forms.Form]:
    """The forms this user may use on this item in its current state."""
    version = {"version": item.version}
    result: dict[str, forms.Form] = {}
    if selectors.is_reviewer(request.user, item) and can(request.user, Action.REVIEW_FEEDBACK):
        if item.state == State.REGISTERED:
            result["acknowledge"] = TransitionForm(initial=version, prefix="acknowledge")
        if item.state in {State.ACKNOWLEDGED, State.REOPENED, State.DECIDED}:
            result["start_review"] = TransitionForm(initial=version, prefix="start_review")
        if item.state == State.UNDER_REVIEW:
            result["decide"] = DecisionForm(
                initial={**version, "rules_violation": item.rules_violation}, prefix="decide"
            )
        if item.state == State.DECIDED:
            result["answer"] = ReplyForm(
                initial={**version, "reply_text": _reply_template(item)}, prefix="answer"
            )
        if item.state == State.ANSWERED:
            result["close"] = TransitionForm(initial=version, prefix="close")
        if item.state in OPEN_STATES and not item.is_extended:
            result["extend"] = ExtendForm(initial=version, prefix="extend")
        if item.state in OPEN_STATES:
            result["reroute"] = RerouteForm(initial=version, prefix="reroute")
        result["note"] = NoteForm(prefix="note")
    if item.state in {State.ANSWERED, State.CLOSED} and (
        can(request.user, Action.REGISTER_FEEDBACK) or "note" in result
    ):
        result["appeal"] = AppealForm(initial=version, prefix="appeal")
    return result


def _detail(
    request: HttpRequest,
    item: FeedbackItem,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    shown(request, item)
    item_forms = _forms_for(request, item)
    if bound is not None:
        item_forms[bound[0]] = bound[1]
    reads = selectors.reads_content(user, item)
    notes_visible = selectors.sees_review_notes(user, item)
    return render(
        request,
        "complaints/detail.html",
        {
            "item": item,
            "reads_content": reads,
            "sees_notes": notes_visible,
            "history": item.history.select_related("actor"),
            "routings": item.routings.select_related("authority", "actor"),
            "notes": item.notes.select_related("author") if notes_visible else [],
            "attachments": item.attachments.all() if reads else [],
            "actions": [
                {
                    "name": name,
                    "title": ACTION_TITLES[name][0],
                    "button": ACTION_TITLES[name][1],
                    "form": form,
                }
                for name, form in item_forms.items()
            ],
            "today": timezone.localdate(),
        },
        status=status,
    )


ACTION_TITLES = {
    "acknowledge": (_lazy("Acknowledge receipt"), _lazy("Mark acknowledged")),
    "start_review": (_lazy("Review"), _lazy("Start the review")),
    "decide": (_lazy("Decision"), _lazy("Record the decision")),
    "answer": (_lazy("Reply to the client"), _lazy("Send the reply")),
    "close": (_lazy("Close"), _lazy("Close the item")),
    "extend": (_lazy("Extend the reply date"), _lazy("Extend and tell the client")),
    "reroute": (_lazy("Route elsewhere"), _lazy("Re-route")),
    "appeal": (_lazy("The client's appeal"), _lazy("Register the appeal")),
    "note": (_lazy("Internal note"), _lazy("Add the note")),
}


@shows_personal_data(ITEM)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for(request.user, pk)
    return _detail(request, item)


ActionSpec = tuple[type[forms.Form], Callable[..., Any]]

ACTIONS: dict[str, ActionSpec] = {
    "acknowledge": (TransitionForm, services.feedback_acknowledge),
    "start_review": (TransitionForm, services.feedback_start_review),
    "decide": (DecisionForm, services.feedback_decide),
    "answer": (ReplyForm, services.feedback_answer),
    "close": (TransitionForm, services.feedback_close),
    "extend": (ExtendForm, services.feedback_extend),
    "reroute": (RerouteForm, services.feedback_reroute),
    "appeal": (AppealForm, services.feedback_appeal),
}

DONE_MESSAGES = {
    "acknowledge": _lazy("Marked as acknowledged."),
    "start_review": _lazy("The review has started."),
    "decide": _lazy("The decision is recorded."),
    "answer": _lazy("The reply is recorded and sent."),
    "close": _lazy("The item is closed."),
    "extend": _lazy("The reply date is extended; the client has been told."),
    "reroute": _lazy("The item has been routed to another authority."),
    "appeal": _lazy("The appeal is registered and the item reopened."),
}


@shows_personal_data(ITEM)
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One reviewer action on an item: form → service → redirect. A stale version keeps the
    typed text and says what happened (optimistic locking, issue 4 item 4)."""
    item = selectors.item_for(request.user, pk)
    if action == "note":
        return _add_note(request, item)
    if action not in ACTIONS:
        raise Http404
    form_class, service = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if not form.is_valid():
        return _detail(request, item, bound=(action, form), status=400)
    data = dict(form.cleaned_data)
    expected_version = data.pop("version")
    try:
        service(actor=request.user, item=item, expected_version=expected_version, **data)
    except services.StaleEdit:
        fresh = selectors.item_for(request.user, pk)
        messages.error(
            request,
            _(
                "Someone else changed this item while you were editing it. Your text is kept "
                "below; check the item's current state and submit again."
            ),
        )
        typed = {k: v for k, v in request.POST.items() if k.startswith(f"{action}-")}
        # The fresh version lets the user submit again once they have checked the item.
        stale_form = form_class({**typed, f"{action}-version": fresh.version}, prefix=action)
        return _detail(request, fresh, bound=(action, stale_form), status=409)
    except ValidationError as exc:
        _add_errors(form, exc)
        return _detail(request, item, bound=(action, form), status=400)
    messages.success(request, str(DONE_MESSAGES[action]))
    return redirect(item)


def _add_note(request: HttpRequest, item: FeedbackItem) -> HttpResponse:
    form = NoteForm(request.POST, prefix="note")
    if not form.is_valid():
        return _detail(request, item, bound=("note", form), status=400)
    services.review_note_add(actor=request.user, item=item, text=form.cleaned_data["text"])
    messages.success(request, _("Note added."))
    return redirect(item)


@shows_personal_data(ATTACHMENT, key="attachment_pk", action="download")
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """An attachment, only to those who may read the item's content (never a direct media
    URL)."""
    item = selectors.item_for(request.user, pk)
    if not selectors.reads_content(request.user, item):
        raise Http404
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    shown(request, attachment)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
