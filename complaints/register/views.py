"""Screens of the complaints register: the register, the reviewer's queue and the registers
(3.5.1) with their CSV and XLSX exports, the front desk's registration form, an item's page
with the reviewer's forms, attachment downloads. Every item is fetched through
``complaints.selectors`` (404 when hidden)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.selectors.dispatch_about import dispatch_last_id, dispatches_about
from cases.services.dispatch import dispatch_outcome
from complaints import selectors
from complaints.models import OPEN_STATES, FeedbackItem, State
from complaints.register.client_lookup import (
    CLIENT,
    CLIENT_STEPS,
    client_step,
    links_context,
    prefilled,
)
from complaints.register.explanation_forms import ExplanationRequestForm, explanation_context
from complaints.register.forms import (
    AppealForm,
    DecisionForm,
    ExtendForm,
    FeedbackRegisterForm,
    NoteForm,
    ReplyForm,
    RerouteForm,
    TransitionForm,
)
from complaints.register.services import registration, workflow
from complaints.reports import exports
from complaints.reports.forms import REGISTER_FILTERS, WORK_LIST_FILTERS, RegisterFilterForm
from servicedesk.form_errors import show_errors
from servicedesk.paging import keyset_page
from servicedesk.personal_data import (
    returned,
    shown,
    shows_personal_data,
)
from servicedesk.roles import Action, can, permission_required_for
from servicedesk.storage import private_download

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest


#: 2.1.6.1: the kinds of record these pages show (servicedesk.personal_data).
ITEM = "complaints.feedbackitem"
ATTACHMENT = "complaints.attachment"


# --- The lists: the feedback register, the reviewer's queue, the registers (3.5.1) ----------
#
# One list (``selectors.register_items``), one filter form, one template and one export module
# serve them all; the pages differ only in which rows, filters and columns they offer.

#: The columns of the feedback register and the reviewer's queue (work lists).
WORK_LIST_COLUMNS = (
    "number",
    "kind",
    "channel",
    "subject",
    "authority",
    "state",
    "received_on",
    "reply_due",
)
#: The columns of a register page (3.5.1); ``kind`` only in the register of all feedback.
REGISTER_COLUMNS = (
    "number",
    "kind",
    "channel",
    "subject",
    "topic",
    "state",
    "outcome",
    "received_on",
    "reply_due",
    "answered_on",
)
EXPORT_NAMES = {
    "complaints": "complaints-register",
    "suggestions": "suggestions-register",
    "all": "feedback-register",
}


def _work_list_form(request: AuthenticatedHttpRequest) -> RegisterFilterForm:
    return RegisterFilterForm(request.GET or None, offered=WORK_LIST_FILTERS)


def _work_list_page(
    request: AuthenticatedHttpRequest, items: Any, form: RegisterFilterForm, *, title: str
) -> HttpResponse:
    """A work list (the register, the reviewer's queue): its columns and its CSV export."""
    return _list_page(
        request,
        items,
        form,
        title=title,
        columns=WORK_LIST_COLUMNS,
        export_links=[(_("Export CSV"), reverse("complaints:export"))],
        default_sort="urgency",
        can_register=can(request.user, Action.REGISTER_FEEDBACK),
    )


def _register(slug: str) -> selectors.Register:
    try:
        return selectors.REGISTERS[slug]
    except KeyError as exc:
        raise Http404 from exc


def _register_form(
    request: AuthenticatedHttpRequest, register: selectors.Register
) -> RegisterFilterForm:
    return RegisterFilterForm(
        request.GET or None, offered=REGISTER_FILTERS, with_kind=not register.kind
    )


def _list_page(
    request: AuthenticatedHttpRequest,
    items: Any,
    form: RegisterFilterForm,
    *,
    title: str,
    columns: tuple[str, ...],
    export_links: list[tuple[str, str]],
    default_sort: str = "-number",
    **extra: Any,
) -> HttpResponse:
    """One page of a list (``servicedesk.paging.keyset_page``): sortable by the columns of
    ``selectors.LIST_ORDERS``, 25, 50 or 100 rows, the same cost on every page."""
    page = keyset_page(request, items, orders=selectors.LIST_ORDERS, default=default_sort)
    returned(request, page)
    query_string = form.filters().query_string()
    suffix = f"?{query_string}" if query_string else ""
    return render(
        request,
        "complaints/list.html",
        {
            "title": title,
            "page": page,
            "filter_form": form,
            "shows": dict.fromkeys(columns, True),
            "export_links": [(label, f"{url}{suffix}") for label, url in export_links],
            **extra,
        },
    )


@permission_required_for(Action.VIEW_FEEDBACK)
@shows_personal_data(ITEM, key=None)
def register_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every item the user may see (the register), overdue first."""
    form = _work_list_form(request)
    items = selectors.register_items(request.user, form.filters(), order=selectors.BY_URGENCY)
    return _work_list_page(request, items, form, title=_("Feedback register"))


@permission_required_for(Action.REVIEW_FEEDBACK)
@shows_personal_data(ITEM, key=None)
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reviewer's queue: items routed to an authority the user belongs to."""
    form = _work_list_form(request)
    items = selectors.queue_for(request.user, form.filters())
    return _work_list_page(request, items, form, title=_("My review queue"))


@permission_required_for(Action.VIEW_FEEDBACK)
@shows_personal_data(ITEM, key=None)
def registers_list(request: AuthenticatedHttpRequest, register: str) -> HttpResponse:
    """A register (3.5.1) as a filterable list: only the items the user may see (2.1.4.4)."""
    reg = _register(register)
    form = _register_form(request, reg)
    items = selectors.register_items(request.user, form.filters(), kind=reg.kind)
    return _list_page(
        request,
        items,
        form,
        title=str(reg.title),
        columns=tuple(c for c in REGISTER_COLUMNS if c != "kind" or not reg.kind),
        export_links=[
            (_("Export CSV"), reverse("complaints:register_export", args=[reg.slug, "csv"])),
            (_("Export XLSX"), reverse("complaints:register_export", args=[reg.slug, "xlsx"])),
        ],
        register=reg,
        registers=selectors.REGISTERS.values(),
        can_view_dashboard=can(request.user, Action.VIEW_DASHBOARD),
    )


def _export(
    request: AuthenticatedHttpRequest, items: Any, fmt: str, *, filename: str, sheet_title: str
) -> HttpResponse:
    """The rows as CSV or XLSX (``complaints.reports.exports``). The access log keeps one row: the
    list, its filters and how many rows (2.1.6.1)."""
    if fmt not in exports.FORMATS:
        raise Http404
    returned(request, items, export=True)
    return exports.response(items, fmt, filename=filename, sheet_title=sheet_title)


@permission_required_for(Action.VIEW_FEEDBACK)
@shows_personal_data(ITEM, key=None)
def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The feedback register as CSV, with the list's filters (``/complaints/export.csv``):
    the registers' export (register data only, never the texts), through the same gate."""
    items = selectors.register_items(
        request.user, _work_list_form(request).filters(), order=selectors.BY_URGENCY
    )
    return _export(
        request, items, "csv", filename="feedback-register", sheet_title=_("Feedback register")
    )


@permission_required_for(Action.VIEW_FEEDBACK)
@shows_personal_data(ITEM, key=None)
def register_export(request: AuthenticatedHttpRequest, register: str, fmt: str) -> HttpResponse:
    """The filtered register as CSV or XLSX: only visible rows, never restricted content."""
    reg = _register(register)
    filters = _register_form(request, reg).filters()
    items = selectors.register_items(request.user, filters, kind=reg.kind)
    return _export(
        request,
        items,
        fmt,
        filename=f"{EXPORT_NAMES[reg.slug]}-{timezone.localdate():%Y-%m-%d}",
        sheet_title=str(reg.title),
    )


@permission_required_for(Action.REGISTER_FEEDBACK)
@shows_personal_data(CLIENT, key=None)
def register_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The front desk registers a complaint, suggestion, claim or feedback (4.11). The
    client is found on file (``client_step``) or typed by hand; ``?contact=`` fills the form
    from a contact ("our error", 2.1.1.2) and ``?client=`` from a client's card."""
    if request.method == "POST" and CLIENT_STEPS & set(request.POST):
        return client_step(request)
    initial = {} if request.method == "POST" else prefilled(request)
    form = FeedbackRegisterForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = registration.FeedbackInput.from_cleaned_data(form.cleaned_data)
        item = register_and_tell(
            request, form, lambda: registration.feedback_register(actor=request.user, data=data)
        )
        if item is not None:
            return redirect(item)
    if request.method == "POST" and request.FILES and not form.is_valid():
        messages.warning(request, _("Please choose the attachments again."))
    return render(request, "complaints/register_form.html", links_context(request, form))


def register_and_tell(
    request: AuthenticatedHttpRequest, form: forms.Form, register: Callable[[], FeedbackItem]
) -> FeedbackItem | None:
    """Run a registering service for a valid form (the front desk's, the trust line's): the
    new number in a message, or None with the service's refusal shown on the form."""
    try:
        item = register()
    except ValidationError as exc:
        show_errors(form, exc)
        return None
    said = (
        _("Registered as %(number)s. The reviewer has been notified.")
        if item.authority.works_in_desk
        else _("Registered as %(number)s.")
    ) % {"number": item.register_number}
    messages.success(request, " ".join([said, *_outcomes(item, 0)]))
    return item


def _outcomes(item: FeedbackItem, before: int) -> list[str]:
    """What became of each communication about ``item`` made after dispatch ``before``
    (e-mailed, a letter to print, to hand over): never "sent" when nothing left the desk."""
    return [
        _("%(what)s: %(outcome)s")
        % {"what": dispatch.get_kind_display(), "outcome": dispatch_outcome(dispatch)}
        for dispatch in dispatches_about(item, after=before)
    ]


# --- An item's page -------------------------------------------------------------------------


def _reply_template(item: FeedbackItem) -> str:
    """The reply composer's starting text, in Latvian whatever the screen's language."""
    with translation.override("lv"):
        return render_to_string("complaints/reply_template.txt", {"item": item}).strip()


def _forms_for(request: AuthenticatedHttpRequest, item: FeedbackItem) -> dict[str, forms.Form]:
    """The forms this user may use on this item in its current state."""
    version = {"version": item.version}
    result: dict[str, forms.Form] = {}
    if selectors.is_reviewer(request.user, item) and can(request.user, Action.REVIEW_FEEDBACK):
        if item.state == State.REGISTERED:
            result["acknowledge"] = TransitionForm(initial=version, prefix="acknowledge")
        if item.state in {State.ACKNOWLEDGED, State.REOPENED, State.DECIDED}:
            result["start_review"] = TransitionForm(initial=version, prefix="start_review")
        if item.state == State.UNDER_REVIEW:
            result["decide"] = DecisionForm(initial=version, prefix="decide")
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
    request: AuthenticatedHttpRequest,
    item: FeedbackItem,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
    explanation_form: ExplanationRequestForm | None = None,
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
            # One client, one timeline: the card and the contact the item came from, for those
            # who keep the contact log and may read the item's content.
            "links_to_cases": reads and can(user, Action.LOG_CONTACTS),
            **explanation_context(user, item, explanation_form),  # 2.1.4.1
        },
        status=status,
    )


ACTION_TITLES = {
    "acknowledge": (gettext_lazy("Acknowledge receipt"), gettext_lazy("Mark acknowledged")),
    "start_review": (gettext_lazy("Review"), gettext_lazy("Start the review")),
    "decide": (gettext_lazy("Decision"), gettext_lazy("Record the decision")),
    "answer": (gettext_lazy("Reply to the client"), gettext_lazy("Send the reply")),
    "close": (gettext_lazy("Close"), gettext_lazy("Close the item")),
    "extend": (gettext_lazy("Extend the reply date"), gettext_lazy("Extend and tell the client")),
    "reroute": (gettext_lazy("Route elsewhere"), gettext_lazy("Re-route")),
    "appeal": (gettext_lazy("The client's appeal"), gettext_lazy("Register the appeal")),
    "note": (gettext_lazy("Internal note"), gettext_lazy("Add the note")),
}


@shows_personal_data(ITEM)
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for(request.user, pk)
    return _detail(request, item)


ActionSpec = tuple[type[forms.Form], Callable[..., Any]]

ACTIONS: dict[str, ActionSpec] = {
    "acknowledge": (TransitionForm, workflow.feedback_acknowledge),
    "start_review": (TransitionForm, workflow.feedback_start_review),
    "decide": (DecisionForm, workflow.feedback_decide),
    "answer": (ReplyForm, workflow.feedback_answer),
    "close": (TransitionForm, workflow.feedback_close),
    "extend": (ExtendForm, workflow.feedback_extend),
    "reroute": (RerouteForm, workflow.feedback_reroute),
    "appeal": (AppealForm, workflow.feedback_appeal),
}

DONE_MESSAGES = {
    "acknowledge": gettext_lazy("Marked as acknowledged."),
    "start_review": gettext_lazy("The review has started."),
    "decide": gettext_lazy("The decision is recorded."),
    "answer": gettext_lazy("The reply is recorded."),
    "close": gettext_lazy("The item is closed."),
    "extend": gettext_lazy("The reply date is extended."),
    "reroute": gettext_lazy("The item has been routed to another authority."),
    "appeal": gettext_lazy("The appeal is registered and the item reopened."),
}


@shows_personal_data(ITEM)
@require_POST
def act(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """One reviewer action on an item: form → service → redirect. A stale version keeps the
    typed text and says what happened (optimistic locking)."""
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
    before = dispatch_last_id(item)
    try:
        service(actor=request.user, item=item, expected_version=expected_version, **data)
    except workflow.StaleEdit:
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
        show_errors(form, exc)
        return _detail(request, item, bound=(action, form), status=400)
    messages.success(request, _done_message(action, item, before))
    return redirect(item)


def _done_message(action: str, item: FeedbackItem, before: int) -> str:
    """What was done, and what became of each communication it made (e-mailed, a letter to
    print, to hand over): never "sent" when nothing left the desk."""
    said = [str(DONE_MESSAGES[action]), *_outcomes(item, before)]
    if action == "extend" and len(said) == 1:
        said.append(str(_("The client left no address to be told of it.")))
    return " ".join(said)


def _add_note(request: AuthenticatedHttpRequest, item: FeedbackItem) -> HttpResponse:
    form = NoteForm(request.POST, prefix="note")
    if not form.is_valid():
        return _detail(request, item, bound=("note", form), status=400)
    workflow.review_note_add(actor=request.user, item=item, text=form.cleaned_data["text"])
    messages.success(request, _("Note added."))
    return redirect(item)


@shows_personal_data(ATTACHMENT, key="attachment_pk", action="download")
def attachment_download(
    request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
) -> FileResponse:
    """An attachment, only to those who may read the item's content (never a direct media
    URL)."""
    item = selectors.item_for(request.user, pk)
    if not selectors.reads_content(request.user, item):
        raise Http404
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    shown(request, attachment)
    return private_download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
