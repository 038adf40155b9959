"""Forms of the audit trail search and the data subject requests (2.1.6). Validation only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from servicedesk.models import DataBreach, DataRequest
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
        label=_("I have read what will be anonymised and what is kept"),
        required=True,
    )
    note = forms.CharField(
        label=_("How the request was received (for the log)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- The register of data subject requests (2.1.6.1) ------------------------------------------

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _radio(label: Any, choices: Any) -> forms.ChoiceField:
    """A choice the handler makes at a glance (each option visible)."""
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)


def _text(label: Any, rows: int, **kwargs: Any) -> forms.CharField:
    """Free text of a few lines (a reason, what the person was told)."""
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def _when(label: Any) -> forms.DateTimeField:
    """When a notice was given: asked for only when the decision says it was."""
    return forms.DateTimeField(label=label, required=False, widget=DATETIME_WIDGET)


class DataRequestForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"),
        widget=DATE_WIDGET,
        help_text=_("The one-month period for the answer runs from this date (GDPR art. 12(3))."),
    )
    kind = forms.ChoiceField(label=_("What the person asks for"), choices=DataRequest.Kind.choices)
    channel = forms.ChoiceField(label=_("Received by"), choices=DataRequest.Channel.choices)
    requester_name = forms.CharField(label=_("Who asked (name, surname)"), max_length=200)
    requester_contact = forms.CharField(
        label=_("Where to send the answer"),
        max_length=300,
        required=False,
        help_text=_("E-mail, postal address or official e-address."),
    )
    by_representative = forms.BooleanField(
        label=_("Asked by a representative on the person's behalf"), required=False
    )
    description = _text(_("What is asked"), 3, required=False)


class IdentityForm(forms.Form):
    method = _radio(_("How the identity was verified"), DataRequest.IdentityMethod.choices)
    details = forms.CharField(
        label=_("Details of the check"),
        max_length=300,
        required=False,
        help_text=_("E.g. the kind of document; never copy the document's number here."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == DataRequest.IdentityMethod.OTHER and not data.get("details"):
            self.add_error("details", _("Describe how the identity was verified."))
        return data


class ExtensionForm(forms.Form):
    reason = _text(
        _("Why more time is needed"),
        2,
        help_text=_("Art. 12(3): the complexity and number of the requests."),
    )
    notice = forms.CharField(
        label=_("How the person was told, with the reasons"),
        max_length=300,
        help_text=_("E.g. a letter to the e-mail address given, with its registration number."),
    )
    notified_on = forms.DateField(label=_("Told on"), widget=DATE_WIDGET)


class RectificationForm(forms.Form):
    """The data subject's correctable fields, as the app that owns them lists them."""

    def __init__(self, *args: Any, fields: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in fields:
            widget = forms.Textarea(attrs={"rows": 3}) if field.multiline else None
            self.fields[field.name] = forms.CharField(
                label=field.label,
                initial=field.value,
                required=field.required,
                widget=widget,
                max_length=None if field.multiline else 300,
            )


class RestrictionForm(forms.Form):
    ground = _radio(_("Ground for the restriction"), DataRequest.RestrictionGround.choices)


class LiftRestrictionForm(forms.Form):
    reason = _text(_("Why the restriction is lifted"), 2)
    informed = forms.BooleanField(
        label=_("The person has been told before the restriction is lifted (art. 18(3))"),
        required=True,
    )


class ObjectionForm(forms.Form):
    processing = forms.CharField(label=_("Which processing the person objects to"), max_length=300)
    decision = _radio(
        _("Decision"),
        [
            ("upheld", _("Upheld: that processing stops")),
            ("rejected", _("Rejected: compelling legitimate grounds or legal claims")),
        ],
    )
    reason = _text(_("Reason for the decision, as told to the person"), 3)


class CloseForm(forms.Form):
    state = _radio(
        _("Outcome"),
        [
            (DataRequest.State.DONE, _("Done: the person has been answered")),
            (DataRequest.State.REFUSED, _("Refused")),
        ],
    )
    outcome = _text(
        _("What the person was told, when and how"),
        3,
        help_text=_(
            "For a refusal give the reason and tell the person of the right to complain to "
            "the Data State Inspectorate and to go to court (GDPR art. 12(4))."
        ),
    )


# --- The breach register (GDPR art. 33, 34) --------------------------------------------------


class BreachForm(forms.ModelForm):
    """Validation only: ``servicedesk.services.breaches.breach_register`` writes."""

    class Meta:
        model = DataBreach
        fields = list(DataBreach.DESCRIBED_FIELDS)
        widgets = {
            "discovered_at": DATETIME_WIDGET,
            "occurred_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "data_categories": forms.Textarea(attrs={"rows": 2}),
            "consequences": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "discovered_at": _(
                "When the institution became aware of it: the 72 hours run from this time."
            ),
            "data_categories": _("E.g. names, phone numbers, complaint texts."),
            "subject_categories": _("E.g. clients, employees."),
            "measures": _("To address the breach and to mitigate its possible adverse effects."),
        }


class BreachAuthorityForm(forms.Form):
    notice = _radio(
        _("Data State Inspectorate"),
        [
            (DataBreach.AuthorityNotice.NOTIFIED, _("Notified")),
            (DataBreach.AuthorityNotice.NOT_REQUIRED, _("Not required: unlikely to be a risk")),
        ],
    )
    notified_at = _when(_("Notified at"))
    note = _text(
        _("Reference of the notice, reasons for a delay, or why not required"), 2, required=False
    )


class BreachSubjectsForm(forms.Form):
    notice = _radio(
        _("The people concerned"),
        [
            (DataBreach.SubjectsNotice.INFORMED, _("Informed")),
            (DataBreach.SubjectsNotice.NOT_REQUIRED, _("Not required (art. 34(3))")),
        ],
    )
    informed_at = _when(_("Informed at"))
    note = _text(_("How they were informed, or why it is not required"), 2)
