"""Forms of the cases app: validation only. The rules themselves are enforced by the
services; a view copies a service's ValidationError onto the form
(``servicedesk.form_errors.show_errors``), so the user sees it next to the field and keeps
what was typed."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import annex1
from cases.models import (
    Article,
    Channel,
    Client,
    Language,
    Outcome,
    WrittenSubmission,
)
from cases.phones import normalize_phone
from cases.services.clients import CLIENT_FIELDS
from cases.team import desk_users, front_desk_users
from servicedesk.models import CompetentInstitution, Employee, StructuralUnit, Topic
from servicedesk.roles import Role

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
    }
]


class PhoneField(forms.CharField):
    """A phone number as Latvians write it ("26 123 456"), cleaned to E.164."""

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_phone(value) if value else ""


def _tick(label: StrOrPromise) -> forms.BooleanField:
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


class ContactForm(forms.Form):
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
    client_abroad = _tick(_("Client abroad / roaming"))
    wants_phone_answer = _tick(_("The e-mail asks for an answer by phone (4.13)"))
    # Phone (4.2, 4.5, 4.12.2)
    ground_document_content = _tick(_("4.2.1 wants the content of a document"))
    ground_service_info = _tick(_("4.2.2 asks about a paid or free service"))
    ground_restricted_info = _tick(_("4.2.3 asks for restricted information"))
    ground_over_ten_minutes = forms.BooleanField(
        label=_("4.2.4 the client's call has lasted over 10 minutes"),
        required=False,
        help_text=_(
            "Only for a call logged without the timer: with the start and end times the "
            "measured duration decides."
        ),
    )
    offer_made = _tick(_("I offered a visit or a written submission"))
    foreign_language_requested = forms.CharField(
        label=_("Client wanted a foreign language (4.5)"),
        max_length=40,
        required=False,
        help_text=_(
            "Tell the client, in Latvian, to send an e-mail or a document; the instruction is "
            "logged."
        ),
    )
    warning_given = _tick(_("I warned the client that the call would be ended (4.12.2)"))
    ended_after_warning = _tick(_("Call ended after the warning (4.12.2)"))
    # Our error (2.1.1.2)
    our_error = _tick(_("Our error (2.1.1.2)"))
    apologised = _tick(_("I apologised to the client"))
    told_right_to_complain = _tick(_("I told the client of the right to complain"))
    # Callback (4.3.1)
    callback = _tick(_("Arrange a callback (4.3.1)"))
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
    reply_by_email = _tick(_("Answer by e-mail instead (foreign number or client abroad)"))

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
        "warning_given",
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


class CallbackCompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("What the client was told"), widget=forms.Textarea(attrs={"rows": 3})
    )


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


class OurErrorForm(forms.Form):
    apologised = _tick(_("I apologised to the client"))
    told_right_to_complain = _tick(_("I told the client of the right to complain"))


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


class UserChoiceField(forms.ModelChoiceField):
    """Users shown by their full name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class ConsultationForm(forms.Form):
    contact_person = UserChoiceField(
        label=_("Contact person"),
        queryset=get_user_model()
        .objects.filter(is_active=True, groups__name=Role.CONTACT_PERSON)
        .order_by("last_name", "first_name"),
    )
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))


class SubmissionRegisterForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    received_on = forms.DateField(label=_("Received"), widget=DATE_WIDGET, required=False)


class SubmissionExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Why more time is needed (more information or other institutions)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SubmissionForwardForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Competent institution"), queryset=CompetentInstitution.objects.all()
    )


class SubmissionReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}))


class DraftForm(forms.Form):
    addressee = forms.CharField(label=_("Addressee"), max_length=300)
    text = forms.CharField(
        label=_("Text of the submission"), widget=forms.Textarea(attrs={"rows": 6})
    )


class KnowledgeEmailForm(forms.Form):
    email = forms.EmailField(label=_("Client's e-mail address"))
    contact = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ArticleForm(forms.Form):
    """A knowledge-base article as its editor types it (2.1.4.2); ``services.article_create``
    and ``article_update`` check and save it."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}))
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.filter(is_active=True), required=False
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Article.Visibility.choices)
    owner = UserChoiceField(
        label=_("Owner"),
        help_text=_("The employee who answers for the article being correct."),
        queryset=get_user_model()
        .objects.filter(is_active=True, employee__isnull=False)
        .order_by("last_name", "first_name"),
    )
    review_by = forms.DateField(
        label=_("Review by"),
        widget=DATE_WIDGET,
        help_text=_("The owner is reminded when this date has passed."),
    )


# --- Team work: callbacks passed on and tried again, absences, submissions reassigned ------


class CallbackAssignForm(forms.Form):
    """ "Pass it on" (4.3.1): a colleague with the front-desk role."""

    owner = UserChoiceField(label=_("Colleague"), queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = front_desk_users()  # type: ignore[attr-defined]


class CallbackNoAnswerForm(forms.Form):
    """ "No answer, try again at …" (4.3.1)."""

    next_try_at = forms.DateTimeField(
        label=_("Try again at"),
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
    )


class AbsenceForm(forms.Form):
    """An absence with a substitute; only those who record others' absences choose whose."""

    employee = UserChoiceField(label=_("Absent employee"), queryset=get_user_model().objects.none())
    starts_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("To"), widget=DATE_WIDGET)
    substitute = UserChoiceField(label=_("Substitute"), queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, user: Any, others: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        desk = front_desk_users()
        self.fields["substitute"].queryset = desk  # type: ignore[attr-defined]
        if others:
            self.fields["employee"].queryset = desk  # type: ignore[attr-defined]
        else:
            self.fields["employee"].queryset = get_user_model().objects.filter(pk=user.pk)  # type: ignore[attr-defined]
            self.fields["employee"].initial = user.pk


class SubmissionReassignForm(forms.Form):
    """Pass a written submission to another responsible employee (2.1.2.2)."""

    owner = UserChoiceField(
        label=_("Responsible employee"), queryset=get_user_model().objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = desk_users()  # type: ignore[attr-defined]


class SubmissionFilterForm(forms.Form):
    """The register's filters: status and the responsible employee."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *WrittenSubmission.Status.choices],
        required=False,
    )
    owner = EmployeeByUserField(
        label=_("Responsible employee"),
        queryset=Employee.objects.filter(user__isnull=False, is_active=True),
        required=False,
        to_field_name="user_id",
    )


class OrderIssueResolveForm(forms.Form):
    """4.10.1: what the unit did about the issue; the reporter is told."""

    resolution = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
