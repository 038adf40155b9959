"""Forms of the client register (2.1.6)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms.fields import (
    DATE_WIDGET,
    PhoneField,
    PhoneListField,
)
from cases.models import (
    Client,
)
from cases.services.clients import CLIENT_FIELDS


class ClientForm(forms.ModelForm):
    phones = PhoneListField(
        label=_("Phone numbers"),
        required=False,
        help_text=_("As the client says them, e.g. 26 123 456; several separated by commas."),
    )

    # The phone numbers after the address, as a client gives them; the rest as recorded.
    field_order = ["kind", "name", "contract_number", "service_address", "phones"]

    class Meta:
        model = Client
        fields = [*CLIENT_FIELDS, "phones"]
        widgets = {"partner_agreement_date": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["phones"] = ", ".join(p.number for p in self.instance.phones.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("personal_code") and not data.get("personal_code_purpose"):
            self.add_error(
                "personal_code_purpose",
                _("A personal code is kept only with a chosen purpose."),
            )
        return data


class QuickClientForm(forms.Form):
    """The inline "new client" on the contact screen."""

    name = forms.CharField(label=_("Name"), max_length=200)
    phone = PhoneField(label=_("Phone"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    contract_number = forms.CharField(
        label=_("Service contract number"), max_length=40, required=False
    )


class MergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        label=_("Duplicate record to merge into this one"),
        queryset=Client.objects.filter(is_active=True),
        widget=forms.NumberInput,
        help_text=_("The number of the other client record."),
    )
