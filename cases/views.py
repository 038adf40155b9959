"""Views of the cases app: decorators, form → service → redirect (or a partial for htmx)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from cases import annex1, selectors, services
from cases.forms import (
    AbusiveRefusalForm,
    CallbackCompleteForm,
    ClientForm,
    ConflictSituationForm,
    ConflictStepForm,
    ConsultationAnswerForm,
    ConsultationForm,
    ContactFilterForm,
    ContactForm,
    DraftForm,
    EmailSlipForm,
    KnowledgeEmailForm,
    MergeForm,
    OrderIssueForm,
    OurErrorForm,
    QuickClientForm,
    ReferralForm,
    SubmissionExtendForm,
    SubmissionForwardForm,
    SubmissionRegisterForm,
    SubmissionReplyForm,
    show_errors,
)
from cases.models import Channel, Outcome
from servicedesk.personal_data import (
    returned,
    shown,
    shows_no_personal_data,
    shows_personal_data,
)
from servicedesk.roles import Action, permission_required_for
from servicedesk.selectors.organisation import current_institution

PAGE_SIZE = 50

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


def _filters(form: ContactFilterForm, client_id: int | None = None) -> selectors.ContactFilters:
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


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Clients ----------------------------------------------------------------------------------


@log_contacts
@shows_personal_data(CLIENT, key=None)
@require_GET
def client_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    clients = selectors.client_search(q)
    if q:
        returned(request, clients)
    return render(request, "cases/client_list.html", {"q": q, "clients": clients})


@log_contacts
@shows_no_personal_data("a form for a new client: shows only what the user typed")
def client_create(request: HttpRequest) -> HttpResponse:
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "phones"}
        try:
            client = services.client_create(
                actor=request.user, phones=form.cleaned_data["phones"], **data
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Client saved."))
            return redirect("cases:client_detail", pk=client.pk)
    return render(request, "cases/client_form.html", {"form": form})


@log_contacts
@shows_personal_data(CLIENT)
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get(pk)
    shown(request, client)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "phones"}
        try:
            services.client_update(
                actor=request.user, client=client, phones=form.cleaned_data["phones"], **data
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Client saved."))
            return redirect("cases:client_detail", pk=client.pk)
    return render(request, "cases/client_form.html", {"form": form, "client": client})


@log_contacts
@shows_personal_data(CLIENT)
@require_GET
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The client's card and history, filtered like the contact list."""
    client = selectors.client_get(pk)
    shown(request, client)
    form = ContactFilterForm(request.GET or None)
    page = _page(request, selectors.contacts_list(_filters(form, client_id=client.pk)))
    return render(
        request,
        "cases/client_detail.html",
        {"client": client, "filter_form": form, "page": page, "merge_form": MergeForm()},
    )


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def client_merge(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get(pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            services.client_merge(
                actor=request.user, keep=client, duplicate=form.cleaned_data["duplicate"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The records were merged; no contact was lost."))
    else:
        messages.error(request, _("Enter the number of an active client record."))
    return redirect("cases:client_detail", pk=client.pk)


@log_contacts
@shows_personal_data(CLIENT, key=None)
@require_GET
def client_lookup(request: HttpRequest) -> HttpResponse:
    """htmx: the look-up results partial of the contact screen (by phone, name, e-mail,
    contract number)."""
    q = request.GET.get("q", "")
    clients = selectors.client_search(q)
    if q:
        returned(request, clients)
    return render(
        request,
        "cases/partials/client_results.html",
        {
            "q": q,
            "clients": clients,
            "quick_form": QuickClientForm(
                initial={"phone": q} if any(ch.isdigit() for ch in q) else {"name": q}
            ),
        },
    )


@log_contacts
@shows_personal_data(CLIENT)
@require_GET
def client_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the chosen client, as a hidden input and a short card."""
    client = selectors.client_get(pk)
    shown(request, client)
    return render(request, "cases/partials/client_selected.html", {"client": client})


@log_contacts
@shows_no_personal_data("shows back the client just created from what the user typed")
@require_POST
def client_quick_create(request: HttpRequest) -> HttpResponse:
    """htmx: the inline "new client" on the contact screen."""
    form = QuickClientForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            client = services.client_create(
                actor=request.user,
                name=data["name"],
                email=data["email"],
                contract_number=data["contract_number"],
                phones=[data["phone"]] if data["phone"] else [],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            return render(request, "cases/partials/client_selected.html", {"client": client})
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only 2xx answers: show the errors in place of the little form.
        response = render(request, "cases/partials/client_quick_form.html", {"quick_form": form})
        return reswap(retarget(response, "#quick-client"), "outerHTML")
    return render(
        request, "cases/partials/client_quick_form.html", {"quick_form": form}, status=422
    )


# --- Contacts ---------------------------------------------------------------------------------


@log_contacts
@shows_personal_data(CLIENT, key=None)
def contact_new(request: HttpRequest) -> HttpResponse:
    """The one screen: client look-up and contact form together.

    ``?channel=phone_in`` opens the phone screen with its timer; ``?client=<id>`` preselects
    the client."""
    initial: dict[str, Any] = {"channel": request.GET.get("channel", Channel.PHONE_IN)}
    picked = None
    if request.GET.get("client", "").isdigit():
        picked = selectors.client_get(int(request.GET["client"]))
        initial["client"] = picked.pk
        if picked.preferred_language and initial["channel"] not in ("phone_in", "phone_out"):
            initial["language"] = picked.preferred_language
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            contact = _log_contact(request, form)
            if contact is not None:
                messages.success(request, _("Contact saved."))
                return redirect("cases:contact_detail", pk=contact.pk)
        client_value = form.data.get("client")
        if client_value and str(client_value).isdigit():
            picked = selectors.client_get(int(client_value))
    shown(request, picked)
    q = request.GET.get("q", "")
    clients = selectors.client_search(q) if q else []
    if q:
        returned(request, clients)
    return render(
        request,
        "cases/contact_form.html",
        {
            "form": form,
            "picked": picked,
            "q": q,
            "clients": clients,
            "quick_form": QuickClientForm(),
            "is_phone_screen": form["channel"].value() in ("phone_in", "phone_out"),
        },
    )


def _log_contact(request: HttpRequest, form: ContactForm) -> Any:
    data = form.cleaned_data
    callback = None
    if data["callback"] and not data["reply_by_email"]:
        callback = services.CallbackRequest(
            phone_number=data["callback_phone"] or data["phone_number"],
            question=data["callback_question"],
            due_at=data["callback_due"],
            owner=request.user,
            client_abroad=data["client_abroad"],
        )
    outcomes = list(data["outcomes"])
    if data["ended_after_warning"]:
        outcomes.append(Outcome.ENDED_AFTER_WARNING)
    email = data["email_address"]
    if data["reply_by_email"] and not email and data["client"]:
        email = data["client"].email
    try:
        return services.contact_log(
            actor=request.user,
            channel=data["channel"],
            client=data["client"],
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            topic=data["topic"],
            language=data["language"],
            summary=data["summary"],
            outcomes=outcomes,
            phone_number=data["phone_number"],
            email_address=email,
            client_abroad=data["client_abroad"],
            wants_phone_answer=data["wants_phone_answer"],
            ground_document_content=data["ground_document_content"],
            ground_service_info=data["ground_service_info"],
            ground_restricted_info=data["ground_restricted_info"],
            ground_over_ten_minutes=data["ground_over_ten_minutes"],
            offer_made=data["offer_made"],
            foreign_language_requested=data["foreign_language_requested"],
            warning_given_at=timezone.now() if data["warning_given"] else None,
            our_error=data["our_error"],
            apologised=data["apologised"],
            told_right_to_complain=data["told_right_to_complain"],
            callback=callback,
            reply_by_email=data["reply_by_email"],
        )
    except services.CallbackRefused as exc:
        form.add_error("callback_phone", exc)
        form.callback_refused = True  # type: ignore[attr-defined]
    except ValidationError as exc:
        show_errors(form, exc)
    return None


@log_contacts
@shows_personal_data(CONTACT, key=None)
@require_GET
def contact_list(request: HttpRequest) -> HttpResponse:
    """All contacts: filters by channel, topic, employee, outcome and period."""
    form = ContactFilterForm(request.GET or None)
    page = _page(request, selectors.contacts_list(_filters(form)))
    returned(request, page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/contact_list.html",
        {"filter_form": form, "page": page, "query": query.urlencode()},
    )


def _contact_context(request: HttpRequest, contact: Any, **bound: Any) -> dict[str, Any]:
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


def _contact_form_post(
    request: HttpRequest,
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
        _contact_context(request, contact, **{context_key: form}),
        status=422,
    )


@log_contacts
@shows_personal_data(CONTACT)
@require_GET
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(request.user, pk)
    shown(request, contact, contact.client)
    return render(request, "cases/contact_detail.html", _contact_context(request, contact))


@log_contacts
@shows_personal_data(CONTACT)
@require_POST
def contact_our_error(request: HttpRequest, pk: int) -> HttpResponse:
    """2.1.1.2: flag "our error"; then offer to register a complaint at once."""

    def act(contact: Any, data: dict[str, Any]) -> HttpResponse:
        services.contact_flag_our_error(
            actor=request.user,
            contact=contact,
            apologised=data["apologised"],
            told_right_to_complain=data["told_right_to_complain"],
        )
        messages.success(request, _("Marked as our error."))
        return redirect("cases:contact_detail", pk=contact.pk)

    return _contact_form_post(request, pk, OurErrorForm, "our_error_form", act)


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def contact_warning(request: HttpRequest, pk: int) -> HttpResponse:
    """4.12.2: record the warning; then, with ``end=1``, end the call after it."""
    contact = selectors.contact_get(request.user, pk)
    try:
        if request.POST.get("end"):
            services.contact_end_after_warning(actor=request.user, contact=contact)
            messages.success(request, _("Recorded: call ended after the warning."))
        else:
            services.contact_record_warning(actor=request.user, contact=contact)
            messages.success(request, _("Warning recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:contact_detail", pk=contact.pk)


@log_contacts
@shows_personal_data(CONTACT)
@require_POST
def contact_abusive_refusal(request: HttpRequest, pk: int) -> HttpResponse:
    """4.12.3: send the templated refusal e-mail and log it."""

    def act(contact: Any, data: dict[str, Any]) -> HttpResponse:
        services.contact_refuse_abusive_email(
            actor=request.user, contact=contact, reason=data["reason"]
        )
        messages.success(request, _("The refusal e-mail is on its way and logged."))
        return redirect("cases:contact_detail", pk=contact.pk)

    return _contact_form_post(request, pk, AbusiveRefusalForm, "refusal_form", act)


@log_contacts
@shows_personal_data(CONTACT)
@require_POST
def order_issue_create(request: HttpRequest, pk: int) -> HttpResponse:
    """4.10.1: report an order issue; the unit's head is told at once."""

    def act(contact: Any, data: dict[str, Any]) -> HttpResponse:
        services.order_issue_report(actor=request.user, contact=contact, **data)
        messages.success(request, _("The head of the unit has been informed."))
        return redirect("cases:contact_detail", pk=contact.pk)

    return _contact_form_post(request, pk, OrderIssueForm, "order_form", act)


# --- Referrals (2.1.2.3, 4.1.1) ----------------------------------------------------------------


@log_contacts
@shows_personal_data(CONTACT)
@require_POST
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
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

    return _contact_form_post(request, pk, ReferralForm, "referral_form", act)


@log_contacts
@shows_no_personal_data("specialists and competent institutions of a topic: the directory")
@require_GET
def referral_options(request: HttpRequest) -> HttpResponse:
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
def referral_slip(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable slip; POST e-mails it to the client."""
    referral = selectors.referral_get(request.user, pk)
    shown(request, referral)
    client = referral.contact.client
    form = EmailSlipForm(
        request.POST or None,
        initial={"email": referral.contact.email_address or (client.email if client else "")},
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


# --- Callbacks (4.3.1, 4.13) -------------------------------------------------------------------


@log_contacts
@shows_personal_data(CALLBACK, key=None)
@require_GET
def callback_queue(request: HttpRequest) -> HttpResponse:
    callbacks = selectors.callback_queue(request.user)
    returned(request, callbacks)
    return render(
        request, "cases/callback_queue.html", {"callbacks": callbacks, "now": timezone.now()}
    )


@log_contacts
@shows_personal_data(CALLBACK)
def callback_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """4.3.1: the call back made; logs an outgoing phone contact."""
    callback = selectors.callback_get(request.user, pk)
    shown(request, callback)
    form = CallbackCompleteForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("cancel"):
            services.callback_cancel(actor=request.user, callback=callback)
            messages.info(request, _("Callback cancelled."))
            return redirect("cases:callback_queue")
        if form.is_valid():
            try:
                contact = services.callback_complete(
                    actor=request.user, callback=callback, summary=form.cleaned_data["summary"]
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("Callback done and logged."))
                return redirect("cases:contact_detail", pk=contact.pk)
    return render(request, "cases/callback_complete.html", {"callback": callback, "form": form})


# --- Conflict log (4.12.1, Annex 1) ------------------------------------------------------------


@log_contacts
@shows_personal_data(CONTACT)
def conflict_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The Annex 1 checklist and situation picker for a contact; POST opens the log."""
    contact = selectors.contact_get(request.user, pk)
    shown(request, contact)
    if request.method == "POST":
        services.conflict_log_open(actor=request.user, contact=contact)
        return redirect("cases:conflict_log", pk=contact.pk)
    log = selectors.conflict_log_for(contact)
    done_steps = {a.code for a in log.actions.all() if a.kind == "step"} if log else set()
    return render(
        request,
        "cases/conflict_log.html",
        {
            "contact": contact,
            "log": log,
            "steps": annex1.TYPICAL_STEPS,
            "done_steps": done_steps,
            "situations": list(annex1.SITUATIONS.values()),
            "log_entries": [
                (a, annex1.describe(a.kind, a.code)) for a in (log.actions.all() if log else [])
            ],
            "situation_form": ConflictSituationForm(),
        },
    )


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def conflict_step(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(request.user, pk)
    log = services.conflict_log_open(actor=request.user, contact=contact)
    form = ConflictStepForm(request.POST)
    if form.is_valid():
        services.conflict_step_record(
            actor=request.user,
            log=log,
            step=form.cleaned_data["step"],
            note=form.cleaned_data["note"],
        )
    return redirect("cases:conflict_log", pk=contact.pk)


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def conflict_situation(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(request.user, pk)
    log = services.conflict_log_open(actor=request.user, contact=contact)
    form = ConflictSituationForm(request.POST)
    if form.is_valid():
        services.conflict_situation_record(
            actor=request.user,
            log=log,
            situation=form.cleaned_data["situation"],
            actions=form.cleaned_data["actions"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Logged."))
    else:
        messages.error(request, _("Choose the situation."))
    return redirect("cases:conflict_log", pk=contact.pk)


# --- Consultations with contact persons (4.3.2, 4.8, 4.9) ------------------------------------


@log_contacts
@shows_personal_data(CONTACT)
@require_POST
def consultation_create(request: HttpRequest, pk: int) -> HttpResponse:
    def act(contact: Any, data: dict[str, Any]) -> HttpResponse:
        services.consultation_request(actor=request.user, contact=contact, **data)
        messages.success(request, _("The contact person has been asked."))
        return redirect("cases:contact_detail", pk=contact.pk)

    return _contact_form_post(request, pk, ConsultationForm, "consultation_form", act)


@log_contacts
@shows_personal_data(CONSULTATION, key=None)
@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations = selectors.consultations_for(request.user)[:200]
    returned(request, consultations)
    return render(request, "cases/consultation_list.html", {"consultations": consultations})


@log_contacts
@shows_personal_data(CONSULTATION)
def consultation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """4.9: the contact person answers promptly; the answer goes onto the contact."""
    consultation = selectors.consultation_get(request.user, pk)
    shown(request, consultation)
    form = ConsultationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_answer(
                actor=request.user, consultation=consultation, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Answer sent."))
            return redirect("cases:consultation_list")
    return render(
        request, "cases/consultation_answer.html", {"consultation": consultation, "form": form}
    )


# --- Written submissions ------------------------------------------------------------------------


@log_contacts
@shows_personal_data(CONTACT)
@require_POST
def submission_create(request: HttpRequest, pk: int) -> HttpResponse:
    def act(contact: Any, data: dict[str, Any]) -> HttpResponse:
        submission = services.submission_register(
            actor=request.user,
            contact=contact,
            subject=data["subject"],
            received_on=data["received_on"],
        )
        return redirect("cases:submission_detail", pk=submission.pk)

    return _contact_form_post(request, pk, SubmissionRegisterForm, "submission_form", act)


@log_contacts
@shows_personal_data(SUBMISSION, key=None)
@require_GET
def submission_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = _page(request, selectors.submissions_register(status))
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
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
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


# --- Submission drafts (2.1.2.2) -----------------------------------------------------------------


@log_contacts
@shows_personal_data(CONTACT)
@require_POST
def draft_create(request: HttpRequest, pk: int) -> HttpResponse:
    def act(contact: Any, data: dict[str, Any]) -> HttpResponse:
        draft = services.submission_draft_create(actor=request.user, contact=contact, **data)
        return redirect("cases:draft_print", pk=draft.pk)

    return _contact_form_post(request, pk, DraftForm, "draft_form", act)


@log_contacts
@shows_personal_data(DRAFT)
@require_GET
def draft_print(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_get(request.user, pk)
    shown(request, draft)
    return render(
        request, "cases/draft_print.html", {"draft": draft, "today": timezone.localdate()}
    )


# --- Knowledge base (2.1.2.1, 3.4, 4.1.2, 4.1.3, 4.7) ----------------------------------------


@log_contacts
@shows_no_personal_data("knowledge-base articles")
@require_GET
def kb_search(request: HttpRequest) -> HttpResponse:
    """The knowledge base; an htmx request (from the contact screen) gets the results only."""
    q = request.GET.get("q", "")
    articles = selectors.articles_search(q)[:50]
    template = "cases/partials/kb_results.html" if request.htmx else "cases/kb_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"q": q, "articles": articles})


@log_contacts
@shows_no_personal_data("a knowledge-base article; sending it e-mails the address typed")
def kb_article(request: HttpRequest, slug: str) -> HttpResponse:
    """One article, printable; POST e-mails it to a client (never a restricted one, 4.1.3)."""
    article = selectors.article_get(slug)
    form = KnowledgeEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = None
        contact_id = form.cleaned_data.get("contact")
        if contact_id:
            contact = selectors.contact_get(request.user, contact_id)
        try:
            services.article_email_to_client(
                actor=request.user,
                article=article,
                email=form.cleaned_data["email"],
                contact=contact,
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The article was e-mailed to the client."))
            return redirect("cases:kb_article", slug=article.slug)
    return render(request, "cases/kb_article.html", {"article": article, "form": form})


@login_not_required
@require_GET
def public_procedures(request: HttpRequest) -> HttpResponse:
    """3.4: how services are obtained and how submissions are reviewed, with the deadlines in
    force; public articles only (4.1.2)."""
    return render(
        request,
        "cases/public_procedures.html",
        {
            "articles": selectors.articles_search(request.GET.get("q", ""), public_only=True),
            "reply_days": settings.SUBMISSION_REPLY_WORKING_DAYS,
            "extended_months": settings.SUBMISSION_EXTENDED_MONTHS,
            "forward_days": settings.SUBMISSION_FORWARD_WORKING_DAYS,
            "q": request.GET.get("q", ""),
        },
    )


@login_not_required
@require_GET
def public_article(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request,
        "cases/public_article.html",
        {"article": selectors.article_get(slug, public_only=True)},
    )
