"""Forms of the outgoing correspondence screens (validation only)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Dispatch


class DispatchFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), *Dispatch.State.choices],
    )


class DispatchDayForm(forms.Form):
    on = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def day(self) -> date:
        return (self.cleaned_data.get("on") if self.is_valid() else None) or timezone.localdate()


class DispatchDoneForm(forms.Form):
    """What a person did: printed, posted, handed over (to whom), sent through the portal."""

    action = forms.ChoiceField(
        choices=[
            ("printed", _("Printed")),
            ("posted", _("Posted")),
            ("handed_over", _("Handed over")),
            ("sent_by_hand", _("Sent through the e-address portal")),
        ]
    )
    handed_to = forms.CharField(
        label=_("Handed to"),
        required=False,
        max_length=200,
        help_text=_("Leave empty when the recipient came in person."),
    )
