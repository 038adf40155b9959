"""Forms of the contact screen and what is done from it: referrals, order issues, conflicts
(2.1.2, 4.10, 4.12, Annex 1)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import annex1
from cases.forms.fields import (
    DATE_WIDGET,
    DATETIME_FORMATS,
    DATETIME_WIDGET,
    SECONDS_FORMATS,
    SECONDS_WIDGET,
    EmployeeByUserField,
    PhoneField,
    tick,
)
from cases.forms.remedies import RemedyFields
from cases.forms.visits import CallerChoiceFields
from cases.models import (
    Article,
    Channel,
    Client,
    Language,
    Outcome,
)
from cases.selectors.mail import reply_procedures
from cases.selectors.team import order_issue_units
from servicedesk.models import CompetentInstitution, Employee, StructuralUnit, Topic

FREE_OUTCOMES = [
    (code, label)
    for code, label in Outcome.choices
    if code
    not in {
        Outcome.OFFER_MADE,
        Outcome.OUR_ERROR,
        Outcome.ABUSIVE_EMAIL_REFUSED,
        Outcome.CONFLICT,
        Outcome.ORDER_ISSUE,
        Outcome.REFERRED_SPECIALIST,
        Outcome.REFERRED_INSTITUTION,
        Outcome.CALLBACK,
        Outcome.REPLY_BY_EMAIL,
        Outcome.FOREIGN_LANGUAGE,
        Outcome.VISIT_BOOKED,
        Outcome.DOCUMENT_REVIEW_REFUSED,
        Outcome.DOCUMENT_REVIEW_PARTNER,
        Outcome.NOTHING_DISCLOSED,
        Outcome.ENDED_AFTER_WARNING,  # 4.12.2: only after the warning, below
    }
]


class ContactForm(CallerChoiceFields, RemedyFields):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    client = forms.ModelChoiceField(
        label=_("Client"),
        queryset=Client.objects.filter(is_active=True),
        required=False,
        widget=forms.HiddenInput,
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.filter(is_active=True), required=False
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=Language.choices,
        initial=Language.LATVIAN,
        help_text=_("Phone consultations are given in Latvian (4.4)."),
    )
    started_at = forms.DateTimeField(
        label=_("Started"), widget=SECONDS_WIDGET, input_formats=SECONDS_FORMATS
    )
    ended_at = forms.DateTimeField(
        label=_("Ended"), widget=SECONDS_WIDGET, input_formats=SECONDS_FORMATS, required=False
    )
    # "1" when the timer script filled the end in on submit: a refused form keeps the call
    # running instead of showing it stopped.
    ended_on_submit = forms.CharField(required=False, widget=forms.HiddenInput)
    # A written submission handed in (a paper brought to a visit, a letter): registered with
    # the contact; the outcome "written submission registered" needs it.
    subject = forms.CharField(
        label=_("Subject of the written submission"),
        max_length=300,
        required=False,
        help_text=_("Filled in, the submission is registered with the contact."),
    )
    received_on = forms.DateField(label=_("Received"), widget=DATE_WIDGET, required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    outcomes = forms.MultipleChoiceField(
        label=_("Outcome"),
        choices=FREE_OUTCOMES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phone_number = PhoneField(label=_("Client's phone number"), required=False)
    email_address = forms.EmailField(label=_("Client's e-mail address"), required=False)
    client_abroad = tick(_("Client abroad / roaming"))
    wants_phone_answer = tick(_("The e-mail asks for an answer by phone (4.13)"))
    # Phone (4.2, 4.5, 4.12.2)
    ground_document_content = tick(_("4.2.1 wants the content of a document"))
    ground_service_info = tick(_("4.2.2 asks about a paid or free service"))
    ground_restricted_info = tick(_("4.2.3 asks for restricted information"))
    ground_over_ten_minutes = forms.BooleanField(
        label=_("4.2.4 the client's call has lasted over 10 minutes"),
        required=False,
        help_text=_(
            "Only for a call logged without the timer: with the start and end times the "
            "measured duration decides."
        ),
    )
    offer_made = tick(_("I offered a visit or a written submission"))
    foreign_language_requested = forms.CharField(
        label=_("Client wanted a foreign language (4.5)"),
        max_length=40,
        required=False,
    )
    told_to_write_in = tick(
        _("I told the client, in Latvian, to send an e-mail or a document (4.5)")
    )
    # 4.12.2: the warning is its own step with its time ("Warn now" puts it in); the end
    # after it is offered only once it is there.
    warning_given_at = forms.DateTimeField(
        label=_("Warned that the call would be ended (4.12.2)"),
        widget=SECONDS_WIDGET,
        input_formats=SECONDS_FORMATS,
        required=False,
    )
    ended_after_warning = tick(_("Call ended after the warning (4.12.2)"))
    # Our error (2.1.1.2)
    our_error = tick(_("Our error (2.1.1.2)"))
    apologised = tick(_("I apologised to the client"))
    told_right_to_complain = tick(_("I told the client of the right to complain"))
    # Callback (4.3.1)
    callback = tick(_("Arrange a callback (4.3.1)"))
    callback_phone = PhoneField(label=_("Call back on"), required=False)
    callback_question = forms.CharField(
        label=_("Question to find out"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    callback_due = forms.DateTimeField(
        label=_("Call back by"),
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
        required=False,
    )
    reply_by_email = tick(_("Answer by e-mail instead (foreign number or client abroad)"))

    # The page's order (the error summary lists the errors in it).
    field_order = [
        "client",
        "channel",
        "topic",
        "language",
        "summary",
        "outcomes",
        "phone_number",
        "email_address",
        "client_abroad",
        "started_at",
        "ended_at",
        "subject",
        "received_on",
        "ground_document_content",
        "ground_service_info",
        "ground_restricted_info",
        "ground_over_ten_minutes",
        "offer_made",
        "foreign_language_requested",
        "told_to_write_in",
        "warning_given_at",
        "ended_after_warning",
        "wants_phone_answer",
        "callback",
        "callback_phone",
        "callback_due",
        "callback_question",
        "reply_by_email",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        now = timezone.localtime().replace(microsecond=0)
        self.fields["started_at"].initial = now
        self.fields["callback_due"].initial = now.replace(second=0) + timedelta(hours=4)

    @classmethod
    def kept(cls, data: Any, **initial: Any) -> ContactForm:
        """An unbound form showing what was typed into ``data`` (a search or a client chosen
        without JavaScript posts the whole form): nothing is lost, nothing is checked yet."""
        form = cls()
        typed = {
            name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
            for name, field in form.fields.items()
        }
        return cls(initial={**typed, **initial})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_caller(data)  # 2.1.6.2
        started = data.get("started_at")
        if started and started > timezone.now() + timedelta(minutes=2):
            self.add_error("started_at", _("The start time is in the future."))
        if data.get("callback") and not data.get("reply_by_email"):
            client = data.get("client")
            has_client_phone = bool(client and client.phones.exists())
            if not (data.get("callback_phone") or data.get("phone_number") or has_client_phone):
                self.add_error("callback_phone", _("Enter the number to call back."))
            if not data.get("callback_question"):
                self.add_error("callback_question", _("Write down what to find out."))
            if not data.get("callback_due"):
                self.add_error("callback_due", _("When should we call back?"))
        if data.get("reply_by_email") and not data.get("email_address"):
            client = data.get("client")
            if not (client and client.email):
                self.add_error("email_address", _("Enter the e-mail address to answer to."))
        return data


class ContactFilterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All"))] + list(Channel.choices), required=False
    )
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    employee = EmployeeByUserField(
        label=_("Employee"),
        queryset=Employee.objects.filter(user__isnull=False, is_active=True),
        required=False,
        to_field_name="user_id",
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("All"))] + list(Outcome.choices), required=False
    )
    date_from = forms.DateField(label=_("From"), widget=DATE_WIDGET, required=False)
    date_to = forms.DateField(label=_("To"), widget=DATE_WIDGET, required=False)


class ReferralForm(forms.Form):
    KIND_CHOICES = [
        ("specialist", _("A specialist of ours (2.1.2.3)")),
        ("institution", _("A competent institution (4.1.1)")),
    ]
    kind = forms.ChoiceField(
        label=_("Refer to"), choices=KIND_CHOICES, widget=forms.RadioSelect, initial="specialist"
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.filter(is_active=True), required=False
    )
    specialist = forms.ModelChoiceField(
        label=_("Specialist"),
        queryset=Employee.objects.filter(is_active=True).select_related("unit"),
        required=False,
    )
    institution = forms.ModelChoiceField(
        label=_("Competent institution"),
        queryset=CompetentInstitution.objects.all(),
        required=False,
    )
    reason = forms.CharField(
        label=_("Why the question cannot be answered here"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "specialist" and not data.get("specialist"):
            self.add_error("specialist", _("Choose the specialist."))
        if data.get("kind") == "institution" and not data.get("institution"):
            self.add_error("institution", _("Choose the competent institution."))
        return data


class EmailSlipForm(forms.Form):
    email = forms.EmailField(label=_("Client's e-mail address"))


class OrderIssueForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit fulfilling the order"), queryset=StructuralUnit.objects.all()
    )
    order_reference = forms.CharField(label=_("Order"), max_length=100, required=False)
    description = forms.CharField(
        label=_("What is wrong (e.g. the collection is late)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OurErrorForm(RemedyFields):
    """2.1.1.2: the apology, the right to complain, and the remedy."""

    field_order = ["apologised", "told_right_to_complain"]
    apologised = tick(_("I apologised to the client"))
    told_right_to_complain = tick(_("I told the client of the right to complain"))


class WarningForm(forms.Form):
    """4.12.2: when the abusive caller was warned; empty means now."""

    at = forms.DateTimeField(
        label=_("Time of the warning"),
        widget=SECONDS_WIDGET,
        input_formats=SECONDS_FORMATS,
        required=False,
    )


class AbusiveRefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the question is not considered"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="Jūsu vēstule satur aizskarošus un izaicinošus izteikumus.",
    )


class ConflictStepForm(forms.Form):
    step = forms.ChoiceField(
        choices=[(s.number, s.action) for s in annex1.TYPICAL_STEPS], widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ConflictSituationForm(forms.Form):
    situation = forms.ChoiceField(
        label=_("Situation"),
        choices=[(s.code, s.title) for s in annex1.SITUATIONS.values()],
        widget=forms.RadioSelect,
    )
    actions = forms.MultipleChoiceField(
        label=_("Actions taken"),
        choices=list(annex1.ACTION_TEXT.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OrderIssueResolveForm(forms.Form):
    """4.10.1: what the unit did about the issue; the reporter is told."""

    resolution = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))


class OrderIssuePassForm(forms.Form):
    """4.10.1: the issue belongs to another unit; its head is told at once."""

    unit: forms.ModelChoiceField[StructuralUnit] = forms.ModelChoiceField(
        label=_("Pass on to the unit"), queryset=StructuralUnit.objects.none()
    )
    reason = forms.CharField(label=_("Why"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = order_issue_units()  # type: ignore[attr-defined]


class MailReplyForm(forms.Form):
    """The desk's reply to an incoming e-mail (``cases.services.mail_reply``)."""

    text = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000
    )
    procedure: forms.ModelChoiceField[Article] = forms.ModelChoiceField(
        label=_("Insert a procedure (public ones only)"),
        queryset=None,
        required=False,
    )
    confirm_automatic = forms.BooleanField(
        label=_("Answer it anyway: a person has read it and it needs an answer"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = reply_procedures()  # type: ignore[attr-defined]


class StandardAnswerForm(forms.Form):
    """A standard answer, kept by the knowledge-base editors."""

    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Placeholders filled when it is picked: {klients} the client's name, {numurs} the "
            "case or register number, {darbinieks} the employee's name."
        ),
    )


class MailCallbackForm(forms.Form):
    """4.13: the client who wrote wants the answer by phone."""

    phone_number = PhoneField(label=_("Phone number"), max_length=30)
    question = forms.CharField(label=_("Question"), max_length=500, required=False)
    client_abroad = forms.BooleanField(label=_("Client abroad / roaming"), required=False)
