"""Callbacks (4.3.1, 4.13): the queue and the call back made."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases import selectors, services
from cases.forms import (
    CallbackCompleteForm,
)
from cases.views._common import (
    CALLBACK,
    AuthenticatedHttpRequest,
    log_contacts,
)
from servicedesk.form_errors import show_errors
from servicedesk.personal_data import (
    returned,
    shown,
    shows_personal_data,
)


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
