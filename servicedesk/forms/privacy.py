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
    description = forms.CharField(
        label=_("What is asked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IdentityForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the identity was verified"),
        choices=DataRequest.IdentityMethod.choices,
        widget=forms.RadioSelect,
    )
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
    reason = forms.CharField(
        label=_("Why more time is needed"),
        widget=forms.Textarea(attrs={"rows": 2}),
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
    ground = forms.ChoiceField(
        label=_("Ground for the restriction"),
        choices=DataRequest.RestrictionGround.choices,
        widget=forms.RadioSelect,
    )


class LiftRestrictionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the restriction is lifted"), widget=forms.Textarea(attrs={"rows": 2})
    )
    informed = forms.BooleanField(
        label=_("The person has been told before the restriction is lifted (art. 18(3))"),
        required=True,
    )


class ObjectionForm(forms.Form):
    processing = forms.CharField(label=_("Which processing the person objects to"), max_length=300)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("upheld", _("Upheld: that processing stops")),
            ("rejected", _("Rejected: compelling legitimate grounds or legal claims")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision, as told to the person"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (DataRequest.State.DONE, _("Done: the person has been answered")),
            (DataRequest.State.REFUSED, _("Refused")),
        ],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=_("What the person was told, when and how"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For a refusal give the reason and tell the person of the right to complain to "
            "the Data State Inspectorate and to go to court (GDPR art. 12(4))."
        ),
    )


# --- The breach register (GDPR art. 33, 34) --------------------------------------------------


class BreachForm(forms.ModelForm):
    """Validation only: ``servicedesk.services.data_requests.breach_register`` writes."""

    class Meta:
        model = DataBreach
        fields = [
            "discovered_at",
            "occurred_at",
            "description",
            "data_categories",
            "subject_categories",
            "approx_subjects",
            "approx_records",
            "consequences",
            "measures",
        ]
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
    notice = forms.ChoiceField(
        label=_("Data State Inspectorate"),
        choices=[
            (DataBreach.AuthorityNotice.NOTIFIED, _("Notified")),
            (DataBreach.AuthorityNotice.NOT_REQUIRED, _("Not required: unlikely to be a risk")),
        ],
        widget=forms.RadioSelect,
    )
    notified_at = forms.DateTimeField(
        label=_("Notified at"), required=False, widget=DATETIME_WIDGET
    )
    note = forms.CharField(
        label=_("Reference of the notice, reasons for a delay, or why not required"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BreachSubjectsForm(forms.Form):
    notice = forms.ChoiceField(
        label=_("The people concerned"),
        choices=[
            (DataBreach.SubjectsNotice.INFORMED, _("Informed")),
            (DataBreach.SubjectsNotice.NOT_REQUIRED, _("Not required (art. 34(3))")),
        ],
        widget=forms.RadioSelect,
    )
    informed_at = forms.DateTimeField(
        label=_("Informed at"), required=False, widget=DATETIME_WIDGET
    )
    note = forms.CharField(
        label=_("How they were informed, or why it is not required"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
