"""A service's refusal shown on the form that asked for it, for every app's views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def show_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has the field,
    otherwise at the top, so the user sees it next to what they typed and keeps it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
