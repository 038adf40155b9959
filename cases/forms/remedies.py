"""Forms of the remedy of an error (2.1.1.2): what will be done, by whom, by when; and the
owner's closing of it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms.fields import DATE_WIDGET, UserChoiceField
from cases.selectors.team import desk_users


class RemedyFields(forms.Form):
    """The remedy's three fields, on every form that records an error. Optional here: the
    service says what is missing (``cases.services.remedies.remedy_plan_errors``), only when
    the error is recorded."""

    remedy_action = forms.CharField(
        label=_("What will be done to remove the consequences"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    remedy_owner = UserChoiceField(
        label=_("Responsible employee"), queryset=desk_users(), required=False
    )
    remedy_due = forms.DateField(label=_("Deadline"), widget=DATE_WIDGET, required=False)


class RemedyOpenForm(RemedyFields):
    """Another remedy of an error already recorded."""


class RemedyCloseForm(forms.Form):
    """The owner closes the remedy: ``done`` with what was done, or cancelled with why."""

    outcome = forms.CharField(
        label=_("What was done, or why it is cancelled"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
