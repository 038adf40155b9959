"""Contacts: the one contact screen, the list, a contact's page and the actions on it
(2.1.1.2 our error, 4.12.2 warning, 4.12.3 refusal, 4.10.1 order issue)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
)
from cases.models import Channel, Contact
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
from servicedesk.form_errors import show_errors
from servicedesk.paging import page_of, query_without_page
from servicedesk.personal_data import returned, shown, shows_no_personal_data, shows_personal_data

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest, User


@log_contacts
@shows_personal_data(CLIENT, key=None)
def contact_new(request: AuthenticatedHttpRequest) -> HttpResponse:
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
                return done(request, _("Contact saved."), "cases:contact_detail", pk=contact.pk)
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


def _log_contact(request: AuthenticatedHttpRequest, form: ContactForm) -> Contact | None:
    data = services.ContactInput.from_cleaned_data(form.cleaned_data, owner=request.user)
    try:
        return services.contact_log_input(actor=request.user, data=data)
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
    page = page_of(request, selectors.contacts_list(contact_filters(form)))
    returned(request, page)
    context = {"filter_form": form, "page": page, "query": query_without_page(request)}
    return render(request, "cases/contact_list.html", context)


@log_contacts
@shows_personal_data(CONTACT)
@require_GET
def contact_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(request.user, pk)
    shown(request, contact, contact.client)
    return render(request, "cases/contact_detail.html", contact_context(request, contact))


@contact_action(OurErrorForm, "our_error_form", gettext_lazy("Marked as our error."))
def contact_our_error(actor: User, contact: Contact, data: dict[str, Any]) -> None:
    """2.1.1.2: flag "our error"; then offer to register a complaint at once."""
    services.contact_flag_our_error(actor=actor, contact=contact, **data)


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def contact_warning(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """4.12.2: record the warning; then, with ``end=1``, end the call after it."""
    contact = selectors.contact_get(request.user, pk)
    if request.POST.get("end"):
        message = _("Recorded: call ended after the warning.")
        record = services.contact_end_after_warning
    else:
        message, record = _("Warning recorded."), services.contact_record_warning
    said(request, message, lambda: record(actor=request.user, contact=contact))
    return redirect("cases:contact_detail", pk=contact.pk)


@contact_action(
    AbusiveRefusalForm, "refusal_form", gettext_lazy("The refusal e-mail is on its way and logged.")
)
def contact_abusive_refusal(actor: User, contact: Contact, data: dict[str, Any]) -> None:
    """4.12.3: send the templated refusal e-mail and log it."""
    services.contact_refuse_abusive_email(actor=actor, contact=contact, **data)


@contact_action(
    OrderIssueForm, "order_form", gettext_lazy("The head of the unit has been informed.")
)
def order_issue_create(actor: User, contact: Contact, data: dict[str, Any]) -> None:
    """4.10.1: report an order issue; the unit's head is told at once."""
    services.order_issue_report(actor=actor, contact=contact, **data)
