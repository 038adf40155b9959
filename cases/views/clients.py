"""Clients: list, card, create, edit, merge, and the htmx look-up of the contact screen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from cases import selectors, services
from cases.forms import (
    ClientForm,
    ContactFilterForm,
    MergeForm,
    QuickClientForm,
)
from cases.views._common import (
    CHANGES_AND_REDIRECTS,
    CLIENT,
    AuthenticatedHttpRequest,
    HtmxHttpRequest,
    contact_filters,
    log_contacts,
    page_of,
)
from servicedesk.form_errors import show_errors
from servicedesk.personal_data import (
    returned,
    shown,
    shows_no_personal_data,
    shows_personal_data,
)


@log_contacts
@shows_personal_data(CLIENT, key=None)
@require_GET
def client_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    clients = selectors.client_search(q)
    if q:
        returned(request, clients)
    return render(request, "cases/client_list.html", {"q": q, "clients": clients})


@log_contacts
@shows_no_personal_data("a form for a new client: shows only what the user typed")
def client_create(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def client_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def client_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The client's card and history, filtered like the contact list."""
    client = selectors.client_get(pk)
    shown(request, client)
    form = ContactFilterForm(request.GET or None)
    page = page_of(request, selectors.contacts_list(contact_filters(form, client_id=client.pk)))
    return render(
        request,
        "cases/client_detail.html",
        {"client": client, "filter_form": form, "page": page, "merge_form": MergeForm()},
    )


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def client_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def client_lookup(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def client_pick(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """htmx: the chosen client, as a hidden input and a short card."""
    client = selectors.client_get(pk)
    shown(request, client)
    return render(request, "cases/partials/client_selected.html", {"client": client})


@log_contacts
@shows_no_personal_data("shows back the client just created from what the user typed")
@require_POST
def client_quick_create(request: HtmxHttpRequest) -> HttpResponse:
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
    if request.htmx:
        # htmx swaps only 2xx answers: show the errors in place of the little form.
        response = render(request, "cases/partials/client_quick_form.html", {"quick_form": form})
        return reswap(retarget(response, "#quick-client"), "outerHTML")
    return render(
        request, "cases/partials/client_quick_form.html", {"quick_form": form}, status=422
    )
