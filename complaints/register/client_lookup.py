"""The registration form's client look-up (docs/complaints.md, "The client's card"): the
front desk finds the client on file by name, phone, e-mail or contract number
(``cases.selectors.client_search``, the contact screen's look-up) and chooses one; the
form's client fields are filled from the card and the item is linked to it. It is a step of
the form itself (two submit buttons, no script), so it works without JavaScript and keeps
everything typed; only chosen files must be chosen again, as after any error."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cases import selectors as cases_selectors
from complaints.register.forms import FeedbackRegisterForm, client_initial, contact_initial
from servicedesk.personal_data import returned, shown

if TYPE_CHECKING:
    from cases.models import Client, Contact
    from servicedesk.types import AuthenticatedHttpRequest

#: 2.1.6.1: the kind of record the registration page shows (servicedesk.personal_data).
CLIENT = "cases.client"
#: The submit buttons of the look-up: search, and choose a card (an empty value unlinks).
FIND, PICK = "find_client", "pick_client"
CLIENT_STEPS = frozenset({FIND, PICK})
#: Fields of the page that are not the form's.
_NOT_TYPED = {"csrfmiddlewaretoken", "client_q", FIND, PICK}
TEMPLATE = "complaints/register_form.html"


def _number(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _read_once(request: AuthenticatedHttpRequest, kind: str, pk: Any, read: Any) -> Any:
    """``read(number)`` for the card or contact numbered ``pk``, once per request (the
    starting values and the page's links name the same one); None when there is none the
    user may open."""
    number = _number(pk)
    if number is None:
        return None
    cache: dict[tuple[str, int], Any] = request.__dict__.setdefault("_lookup_reads", {})
    if (kind, number) not in cache:
        try:
            cache[kind, number] = read(number)
        except Http404:
            cache[kind, number] = None
    return cache[kind, number]


def _client(request: AuthenticatedHttpRequest, pk: Any) -> Client | None:
    return _read_once(request, "client", pk, cases_selectors.client_get)


def _contact(request: AuthenticatedHttpRequest, pk: Any) -> Contact | None:
    return _read_once(
        request, "contact", pk, lambda number: cases_selectors.contact_get(request.user, number)
    )


def prefilled(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The new form's starting values: from ``?contact=`` (its client too), or from
    ``?client=``; nothing when neither names a record the user may open."""
    contact = _contact(request, request.GET.get("contact"))
    if contact is not None:
        shown(request, contact.client)
        return contact_initial(contact)
    client = _client(request, request.GET.get("client"))
    if client is not None:
        shown(request, client)
        return client_initial(client)
    return {}


def client_step(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The look-up's two buttons: ``find_client`` lists the clients matching ``client_q``;
    ``pick_client`` fills the client fields from the chosen card (empty: unlink the card,
    keeping what is typed). The form comes back unbound with everything typed as its
    starting values, so that nothing is marked as an error before it is sent."""
    typed = {k: v for k, v in request.POST.items() if k not in _NOT_TYPED}
    query = request.POST.get("client_q", "").strip()
    found: list[Any] | None = None
    if PICK in request.POST:
        client = _client(request, request.POST[PICK])
        if client is not None:
            shown(request, client)
            typed |= client_initial(client)
        else:
            typed["client"] = ""
    elif query:  # "Find", or Enter in the look-up field (static/js/client-lookup.js)
        found = cases_selectors.client_search(query)
        returned(request, found)
    if request.FILES:
        messages.warning(request, _("Please choose the attachments again."))
    form = FeedbackRegisterForm(initial=typed)
    context = links_context(request, form) | {"client_q": query, "found_clients": found}
    return render(request, TEMPLATE, context)


def links_context(request: AuthenticatedHttpRequest, form: FeedbackRegisterForm) -> dict[str, Any]:
    """The form with the card and the contact it is linked to, for the page to name them."""
    client = _client(request, form["client"].value())
    contact = _contact(request, form["contact"].value())
    shown(request, client)
    return {"form": form, "linked_client": client, "linked_contact": contact}
