"""A service's refusal shown on the form that asked for it, and the summary of a refused
form's errors at its top, for every app's views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseForm


def show_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has the field,
    otherwise at the top, so the user sees it next to what they typed and keeps it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def error_summary(form: BaseForm) -> list[dict[str, str]]:
    """The form's errors in the page's order for the summary at its top
    (``templates/partials/error_summary.html``, WCAG 3.3.1), each linked to its field (a
    group of boxes or radio buttons by its first one); the form's own errors, and a hidden
    field's, without a link."""
    entries = []
    for name in (NON_FIELD_ERRORS, *form.fields):
        field = form.fields.get(name)
        for message in form.errors.get(name, []):
            entry = {"anchor": "", "label": "", "message": str(message)}
            if field is not None:
                entry["label"] = str(field.label or "")
                if not field.widget.is_hidden:
                    entry["anchor"] = form[name].auto_id
                if isinstance(field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                    entry["anchor"] += "_0"
            entries.append(entry)
    return entries
