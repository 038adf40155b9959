"""Forms of the client's choice (4.2), the visits booked for it, the 4.1.4 document question
and the caller's identity and mandate (2.1.6.2). Validation only: the rules are the
services' (``cases.services.choice``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms.fields import DATE_WIDGET, DATETIME_FORMATS, tick
from cases.models import (
    PHONE_CHANNELS,
    CallerRole,
    Channel,
    ClientChoice,
    IdentityCheck,
    Representative,
)

#: The channels on which someone speaks for the client and may ask about the account.
SPOKEN_CHANNELS = frozenset({*PHONE_CHANNELS, Channel.VISIT})


class CallerChoiceFields(forms.Form):
    """The contact screen's fields for 4.2 (the client's choice), 4.1.4 and 2.1.6.2; the
    contact form inherits them."""

    client_choice = forms.ChoiceField(
        label=_("The client chose (4.2)"),
        choices=[("", _("Not offered"))] + list(ClientChoice.choices),
        required=False,
        widget=forms.RadioSelect,
    )
    document_review_requested = tick(_("The client asks us to assess a document (4.1.4)"))
    caller_role = forms.ChoiceField(
        label=_("The caller is"),
        choices=CallerRole.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    caller_identity = forms.ChoiceField(
        label=_("Identity checked by"),
        choices=[("", "–")] + list(IdentityCheck.choices),
        required=False,
    )
    # Rendered as the chosen client's representatives (cases/partials/client_selected.html):
    # the page never lists another client's representatives.
    representative = forms.ModelChoiceField(
        queryset=Representative.objects.all(), required=False, widget=forms.HiddenInput
    )
    nothing_disclosed = tick(_("Nothing about the client's account was disclosed (2.1.6.2)"))

    def check_caller(self, data: dict[str, Any]) -> None:
        """2.1.6.2: before a client's account is discussed on the phone or at the desk, say
        who the caller is and how that was checked."""
        if data.get("client") is None or data.get("channel") not in SPOKEN_CHANNELS:
            return
        if not data.get("caller_role"):
            self.add_error("caller_role", _("Say who the caller is (2.1.6.2)."))
        elif data["caller_role"] != CallerRole.THIRD_PARTY and not data.get("caller_identity"):
            self.add_error(
                "caller_identity", _("Say how the caller's identity was checked (2.1.6.2).")
            )


class VisitDayForm(forms.Form):
    """The day whose free slots the contact screen shows."""

    visit_day = forms.DateField(label=_("Day"), widget=DATE_WIDGET, required=False)


class VisitBookForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Time"), input_formats=DATETIME_FORMATS)
    purpose = forms.CharField(label=_("What the visit is about"), max_length=300)


class RepresentativeForm(forms.Form):
    name = forms.CharField(label=_("Representative's name"), max_length=200)
    relation = forms.CharField(
        label=_("Relation to the client"),
        max_length=100,
        help_text=_("E.g. daughter, accountant."),
    )
    scope = forms.ChoiceField(label=_("Scope of the mandate"), choices=Representative.Scope.choices)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE_WIDGET)
    document_reference = forms.CharField(
        label=_("Mandate document"), max_length=100, help_text=_("Its number, date or notary.")
    )
