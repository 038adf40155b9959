"""Callbacks (4.3.1, 4.13): the queue and the call back made."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases import selectors, services
from cases.forms import CallbackCompleteForm
from cases.views._common import CALLBACK, done, log_contacts, posted, showing
from servicedesk.personal_data import returned, shows_personal_data

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest


@log_contacts
@shows_personal_data(CALLBACK, key=None)
@require_GET
def callback_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    callbacks = selectors.callback_queue(request.user)
    returned(request, callbacks)
    return render(
        request, "cases/callback_queue.html", {"callbacks": callbacks, "now": timezone.now()}
    )


@log_contacts
@shows_personal_data(CALLBACK)
def callback_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """4.3.1: the call back made; logs an outgoing phone contact."""
    callback = showing(request, selectors.callback_get(request.user, pk))
    if request.method == "POST" and request.POST.get("cancel"):
        services.callback_cancel(actor=request.user, callback=callback)
        messages.info(request, _("Callback cancelled."))
        return redirect("cases:callback_queue")
    form = CallbackCompleteForm(request.POST or None)

    def act(data: dict[str, Any]) -> HttpResponse:
        contact = services.callback_complete(actor=request.user, callback=callback, **data)
        return done(request, _("Callback done and logged."), "cases:contact_detail", pk=contact.pk)

    return posted(request, form, act) or render(
        request, "cases/callback_complete.html", {"callback": callback, "form": form}
    )
