"""Forms of the audit trail search and the data subject requests (2.1.6). Validation only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from servicedesk.selectors.audit import record_types


class AuditSearchForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.order_by("last_name", "first_name", "username"),
        required=False,
    )
    record_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    record_id = forms.IntegerField(label=_("Record number"), required=False, min_value=1)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["record_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any")), *record_types()]


class SubjectSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Client: name, phone, e-mail or contract number"), max_length=200, required=False
    )


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the client's identity and the request is theirs"),
        required=True,
    )
    note = forms.CharField(
        label=_("How the request was received (for the log)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
