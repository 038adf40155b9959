"""Clients: list, card, create, edit, merge, and the htmx look-up of the contact screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from cases import selectors, services
from cases import timeline as client_timeline
from cases.forms import ClientForm, ContactFilterForm, MergeForm, QuickClientForm
from cases.forms.visits import RepresentativeForm
from cases.selectors import visits as visit_reads
from cases.views._common import (
    CHANGES_AND_REDIRECTS,
    CLIENT,
    contact_filters,
    done,
    log_contacts,
    posted,
    said,
    showing,
)
from servicedesk.paging import KeysetPage, keyset_page
from servicedesk.personal_data import returned, shows_no_personal_data, shows_personal_data
from servicedesk.roles import Action, can

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest, HtmxHttpRequest


def contacts_page(request: HttpRequest, filters: selectors.ContactFilters) -> KeysetPage:
    """One page of the contact list or of a client's history (``servicedesk.paging``):
    newest first unless the request sorts otherwise; the same queries on every page."""
    return keyset_page(
        request,
        selectors.contacts_list(filters),
        orders=selectors.CONTACT_ORDERS,
        default=selectors.CONTACT_DEFAULT_ORDER,
    )


def _found(request: AuthenticatedHttpRequest) -> tuple[str, list[Any]]:
    """The look-up's query and the clients it finds (listed in the access log when asked)."""
    q = request.GET.get("q", "")
    clients = selectors.client_search(q)
    if q:
        returned(request, clients)
    return q, clients


@log_contacts
@shows_personal_data(CLIENT, key=None)
@require_GET
def client_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    q, clients = _found(request)
    return render(request, "cases/client_list.html", {"q": q, "clients": clients})


def _saved(request: AuthenticatedHttpRequest, client: Any) -> HttpResponse:
    return done(request, _("Client saved."), "cases:client_detail", pk=client.pk)


def _duplicates(request: AuthenticatedHttpRequest, data: dict[str, Any]) -> list[Any]:
    """The clients the new card would probably repeat, unless the user has seen them and
    chosen to create it anyway (listed in the access log when shown)."""
    if request.POST.get("confirm_new"):
        return []
    phones = data.get("phones") or ([data["phone"]] if data.get("phone") else [])
    found = selectors.client_duplicates(
        name=data.get("name", ""),
        phones=phones,
        email=data.get("email", ""),
        service_address=data.get("service_address", ""),
    )
    if found:
        returned(request, found)
    return found


@log_contacts
@shows_personal_data(CLIENT, key=None)
def client_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new card; when the phone, e-mail or name and address match a client already on file,
    the form comes back with those clients (open one, or merge later) and a button to create
    the new card anyway. Nothing typed is lost."""
    form = ClientForm(request.POST or None)
    context: dict[str, Any] = {"form": form}

    def act(data: dict[str, Any]) -> HttpResponse:
        context["duplicates"] = _duplicates(request, data)
        if context["duplicates"]:
            return render(request, "cases/client_form.html", context)
        return _saved(request, services.client_create(actor=request.user, **data))

    return posted(request, form, act) or render(request, "cases/client_form.html", context)


@log_contacts
@shows_personal_data(CLIENT)
def client_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    client = showing(request, selectors.client_get(pk))
    form = ClientForm(request.POST or None, instance=client)

    def act(data: dict[str, Any]) -> HttpResponse:
        return _saved(request, services.client_update(actor=request.user, client=client, **data))

    return posted(request, form, act) or render(
        request, "cases/client_form.html", {"form": form, "client": client}
    )


@log_contacts
@shows_personal_data(CLIENT)
@require_GET
def client_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The client's card and history, filtered like the contact list."""
    client = showing(request, selectors.client_get(pk))
    form = ContactFilterForm(request.GET or None)
    page = contacts_page(request, contact_filters(form, client_id=client.pk))
    duplicates = []
    if client.is_active:
        duplicates = selectors.client_duplicates(
            name=client.name,
            phones=[phone.number for phone in client.phones.all()],
            email=client.email,
            service_address=client.service_address,
            exclude=client.pk,
        )
    if duplicates:
        returned(request, duplicates)
    context = {
        "client": client,
        "filter_form": form,
        "page": page,
        "merge_form": MergeForm(),
        "duplicates": duplicates,
        # One client, one timeline: every source through its own gate (cases/timeline.py).
        "timeline": client_timeline.client_timeline(
            request.user, client, limit=client_timeline.limit_from(request.GET.get("timeline"))
        ),
        "can_register_feedback": can(request.user, Action.REGISTER_FEEDBACK),
    }
    return render(request, "cases/client_detail.html", {**context, **_mandates(client)})


def _mandates(client: Any, form: RepresentativeForm | None = None) -> dict[str, Any]:
    """The card's representatives (2.1.6.2) and booked visits (4.2)."""
    return {
        "representatives": visit_reads.representatives_of(client),
        "representative_form": form or RepresentativeForm(),
        "today": timezone.localdate(),
        "client_visits": visit_reads.visits_of(client),
    }


@log_contacts
@shows_personal_data(CLIENT)
@require_POST
def representative_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """2.1.6.2: register a representative on the client's card; a refused form comes back on
    a short page with what was typed."""
    client = showing(request, selectors.client_get(pk))
    form = RepresentativeForm(request.POST)

    def act(data: dict[str, Any]) -> HttpResponse:
        services.representative_register(actor=request.user, client=client, **data)
        return done(request, _("The representative is registered."), "cases:client_detail", pk=pk)

    return posted(request, form, act) or render(
        request,
        "cases/representative_form.html",
        {"client": client, **_mandates(client, form)},
        status=422,
    )


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def representative_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """2.1.6.2: the mandate is withdrawn; from now on the person is a third party."""
    rep = visit_reads.representative_get(pk)
    said(
        request,
        _("The mandate is revoked."),
        lambda: services.representative_revoke(actor=request.user, representative=rep),
    )
    return redirect("cases:client_detail", pk=rep.client_id)


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def client_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get(pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        duplicate = form.cleaned_data["duplicate"]
        said(
            request,
            _("The records were merged; no contact was lost."),
            lambda: services.client_merge(actor=request.user, keep=client, duplicate=duplicate),
        )
    else:
        messages.error(request, _("Enter the number of an active client record."))
    return redirect("cases:client_detail", pk=client.pk)


@log_contacts
@shows_personal_data(CLIENT, key=None)
@require_GET
def client_lookup(request: HtmxHttpRequest) -> HttpResponse:
    """htmx: the look-up results partial of the contact screen (by phone, name, e-mail,
    contract number)."""
    q, clients = _found(request)
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
def client_pick(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """htmx: the chosen client, as a hidden input and a short card."""
    client = showing(request, selectors.client_get(pk))
    return render(request, "cases/partials/client_selected.html", {"client": client})


@log_contacts
@shows_personal_data(CLIENT, key=None)
@require_POST
def client_quick_create(request: HtmxHttpRequest) -> HttpResponse:
    """htmx: the inline "new client" on the contact screen."""
    form = QuickClientForm(request.POST)
    duplicates: list[Any] = []

    def act(data: dict[str, Any]) -> HttpResponse | None:
        duplicates.extend(_duplicates(request, data))
        if duplicates:
            return None  # shown with the form: choose one of them, or create anyway
        fields = {name: value for name, value in data.items() if name != "phone"}
        phones = [data["phone"]] if data["phone"] else []
        client = services.client_create(actor=request.user, phones=phones, **fields)
        return render(request, "cases/partials/client_selected.html", {"client": client})

    response = posted(request, form, act)
    if response is not None:
        return response
    context = {"quick_form": form, "duplicates": duplicates}
    if request.htmx:
        # htmx swaps only 2xx answers: show the errors (or the look-alikes) in place of the
        # little form.
        response = render(request, "cases/partials/client_quick_form.html", context)
        return reswap(retarget(response, "#quick-client"), "outerHTML")
    return render(
        request,
        "cases/partials/client_quick_form.html",
        context,
        status=200 if duplicates else 422,
    )
