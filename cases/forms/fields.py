"""Widgets and fields the desk's forms share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

from cases.phones import normalize_phone

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y. %H:%M", "%d.%m.%Y %H:%M"]
# A call's start and end to the second: the timer sets them, and 4.2.4 counts from them.


SECONDS_WIDGET = forms.DateTimeInput(
    attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
)


SECONDS_FORMATS = ["%Y-%m-%dT%H:%M:%S", "%d.%m.%Y. %H:%M:%S", *DATETIME_FORMATS]

# Outcomes ticked freely on the contact form; the others have their own step and rule.


class PhoneField(forms.CharField):
    """A phone number as Latvians write it ("26 123 456"), cleaned to E.164."""

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_phone(value) if value else ""


def tick(label: StrOrPromise) -> forms.BooleanField:
    """A box to tick or leave empty (an empty box is "no", not a missing answer)."""
    return forms.BooleanField(label=label, required=False)


class PhoneListField(forms.CharField):
    """Several phone numbers separated by commas or semicolons, each cleaned to E.164."""

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        numbers: list[str] = []
        errors: list[ValidationError] = []
        for part in text.replace(";", ",").split(","):
            if part.strip():
                try:
                    numbers.append(normalize_phone(part))
                except ValidationError as exc:
                    errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return numbers


class EmployeeByUserField(forms.ModelChoiceField):
    """An employee chosen by their user's id (the contact list's filter). A foreign-key lookup
    does not get Django's out-of-range guard that a primary key lookup has, so a number no
    database integer can hold is refused here as an invalid choice instead of a server error."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            try:
                number = int(str(value))
            except ValueError:
                number = 0
            if not 0 < number < 2**31:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class UserChoiceField(forms.ModelChoiceField):
    """Users shown by their full name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)
