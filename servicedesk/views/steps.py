"""One step of a register's page (the data requests and the breach register): a form, the
service it feeds, and where the user goes next. Every such step fails the same way: a refusal
naming a field comes back on the form with what was typed (status 400)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from servicedesk.form_errors import show_errors


def form_step[T](
    form: BaseForm,
    run: Callable[[dict[str, Any]], T],
    *,
    done: Callable[[T], HttpResponse],
    again: Callable[[BaseForm], HttpResponse],
    refused: Callable[[ValidationError], HttpResponse] | None = None,
) -> HttpResponse:
    """A valid form → ``run(cleaned_data)`` → ``done(result)``. A refusal is put on the form
    (``show_errors``) and ``again(form)`` shows the page once more; with ``refused``, a
    refusal naming no field goes there instead (said on the page, not on the form)."""
    if form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ValidationError as exc:
            if refused is not None and not hasattr(exc, "error_dict"):
                return refused(exc)
            show_errors(form, exc)
        else:
            return done(result)
    return again(form)


def succeeded(request: HttpRequest, message: str, to: str, **kwargs: Any) -> HttpResponse:
    """Say ``message`` and go to the page ``to`` (a URL name with its arguments)."""
    messages.success(request, message)
    return redirect(to, **kwargs)
