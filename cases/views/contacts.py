"""Contacts: the one contact screen, the list, a contact's page and the actions on it
(2.1.1.2 our error, 4.12.2 warning, 4.12.3 refusal, 4.10.1 order issue)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.forms import (
    AbusiveRefusalForm,
    ContactFilterForm,
    ContactForm,
    OrderIssueForm,
    OurErrorForm,
    QuickClientForm,
    WarningForm,
)
from cases.models import PHONE_CHANNELS, Channel, Client, Contact
from cases.services.written import REGISTRABLE_CHANNELS
from cases.views._common import (
    CHANGES_AND_REDIRECTS,
    CLIENT,
    CONTACT,
    contact_action,
    contact_context,
    contact_filters,
    done,
    log_contacts,
    said,
)
from cases.views.clients import contacts_page
from servicedesk.form_errors import error_summary, show_errors
from servicedesk.personal_data import returned, shown, shows_no_personal_data, shows_personal_data

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest, User


@log_contacts
@shows_personal_data(CLIENT, key=None)
def contact_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The one screen: client look-up and contact form together.

    ``?channel=phone_in`` opens the phone screen with its timer; ``?client=<id>`` preselects
    the client. Without JavaScript the look-up's "Search" and a result's "Choose" post the
    whole form (``lookup``, ``pick``): the screen comes back with what was typed, unsaved."""
    initial: dict[str, Any] = {"channel": request.GET.get("channel", Channel.PHONE_IN)}
    picked = None
    if request.GET.get("client", "").isdigit():
        picked = selectors.client_get(int(request.GET["client"]))
        initial["client"] = picked.pk
        if picked.preferred_language and initial["channel"] not in PHONE_CHANNELS:
            initial["language"] = picked.preferred_language
    q = request.GET.get("q", "")
    form = ContactForm(initial=initial)
    if request.method == "POST" and ("lookup" in request.POST or "pick" in request.POST):
        q = request.POST.get("q", "").strip()
        pick = request.POST.get("pick", "")
        form = ContactForm.kept(request.POST, **({"client": pick} if pick.isdigit() else {}))
        picked = _picked(form.initial.get("client"))
    elif request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            contact = _log_contact(request, form)
            if contact is not None:
                return done(request, _("Contact saved."), "cases:contact_detail", pk=contact.pk)
        picked = _picked(form.data.get("client"))
    shown(request, picked)
    clients = selectors.client_search(q) if q else []
    if q:
        returned(request, clients)
    channel = form["channel"].value()
    context = {
        "form": form,
        "picked": picked,
        "q": q,
        "clients": clients,
        "quick_form": QuickClientForm(),
        "is_phone_screen": channel in PHONE_CHANNELS,
        "channel": channel,
        "submission_channels": " ".join(sorted(REGISTRABLE_CHANNELS)),
        "shows_submission": channel in REGISTRABLE_CHANNELS,
        "fresh": request.method != "POST",
        "error_summary": error_summary(form) if form.is_bound else [],
    }
    return render(request, "cases/contact_form.html", context)


def _picked(value: object) -> Client | None:
    """The client chosen on the posted form, if any."""
    return selectors.client_get(int(str(value))) if str(value or "").isdigit() else None


def _log_contact(request: AuthenticatedHttpRequest, form: ContactForm) -> Contact | None:
    data = services.ContactInput.from_cleaned_data(form.cleaned_data, owner=request.user)
    try:
        return services.contact_log_input(
            actor=request.user,
            data=data,
            submission_subject=form.cleaned_data["subject"],
            received_on=form.cleaned_data["received_on"],
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
def contact_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """All contacts: filters by channel, topic, employee, outcome and period."""
    form = ContactFilterForm(request.GET or None)
    page = contacts_page(request, contact_filters(form))
    returned(request, page)
    return render(request, "cases/contact_list.html", {"filter_form": form, "page": page})


@log_contacts
@shows_personal_data(CONTACT)
@require_GET
def contact_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(request.user, pk)
    shown(request, contact, contact.client)
    return render(request, "cases/contact_detail.html", contact_context(request, contact))


@contact_action(
    OurErrorForm, "our_error_form", gettext_lazy("Marked as our error; the remedy is opened.")
)
def contact_our_error(actor: User, contact: Contact, data: dict[str, Any]) -> None:
    """2.1.1.2: flag "our error" and open its remedy; then offer to register a complaint at
    once."""
    services.contact_flag_our_error(
        actor=actor,
        contact=contact,
        apologised=data["apologised"],
        told_right_to_complain=data["told_right_to_complain"],
        remedy=services.RemedyPlan.from_cleaned_data(data),
    )


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def contact_warning(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """4.12.2: record the warning with its time (``at``, empty: now); then, in a step of its
    own (``end=1``), end the call after it."""
    contact = selectors.contact_get(request.user, pk)
    if request.POST.get("end"):
        said(
            request,
            _("Recorded: call ended after the warning."),
            lambda: services.contact_end_after_warning(actor=request.user, contact=contact),
        )
        return redirect("cases:contact_detail", pk=contact.pk)
    form = WarningForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the time of the warning as a date and a time."))
        return redirect("cases:contact_detail", pk=contact.pk)
    at = form.cleaned_data["at"]
    said(
        request,
        _("Warning recorded."),
        lambda: services.contact_record_warning(actor=request.user, contact=contact, at=at),
    )
    return redirect("cases:contact_detail", pk=contact.pk)


def _refusal_preview(contact: Contact, data: dict[str, Any]) -> dict[str, str]:
    return services.contact_abusive_refusal_preview(contact=contact, reason=data["reason"])


@contact_action(
    AbusiveRefusalForm,
    "refusal_form",
    gettext_lazy("The refusal e-mail is on its way and logged."),
    preview=_refusal_preview,
)
def contact_abusive_refusal(actor: User, contact: Contact, data: dict[str, Any]) -> None:
    """4.12.3: the templated refusal e-mail, shown first (``preview``), then sent and
    logged when the user confirms."""
    services.contact_refuse_abusive_email(actor=actor, contact=contact, **data)


@contact_action(
    OrderIssueForm, "order_form", gettext_lazy("The head of the unit has been informed.")
)
def order_issue_create(actor: User, contact: Contact, data: dict[str, Any]) -> None:
    """4.10.1: report an order issue; the unit's head is told at once."""
    services.order_issue_report(actor=actor, contact=contact, **data)
