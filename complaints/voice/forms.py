"""Forms of the public channel, the surveys, the trust line and the staff survey: validation
only; the services in ``public_services`` and ``survey_services`` write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from complaints.models import Kind, ReplyChannel, StaffSurvey, StaffSurveyQuestion, SubjectKind
from complaints.register.forms import (
    MultipleFileField,
    ReceivedOnField,
    _attachment_help,
    add_subject_errors,
    optional_flag,
    optional_text,
    subject_kind_field,
    text_area,
)
from complaints.voice.services.submissions import MAX_ATTACHMENTS, QUESTION, text_max_chars
from servicedesk.models import Employee
from servicedesk.selectors.organisation import client_facing_staff

PUBLIC_KINDS = [
    (Kind.COMPLAINT.value, _("A complaint: something went wrong")),
    (Kind.SUGGESTION.value, _("A suggestion: an idea how to do better")),
    (Kind.CLAIM.value, _("A claim: you ask us to put something right (e.g. a bill)")),
    (Kind.FEEDBACK.value, _("Feedback: your opinion of our service")),
    (QUESTION, _("A question")),
]

PUBLIC_SUBJECTS = [
    (SubjectKind.SERVICE.value, _("A service or how something was done")),
    (SubjectKind.EMPLOYEE.value, _("An employee")),
    (SubjectKind.HEAD.value, _("The head of the company (board member)")),
    (SubjectKind.ETHICS.value, _("Unethical conduct (e.g. a bribe, a conflict of interest)")),
]

RATING_LABELS = {
    1: _("Very dissatisfied"),
    2: _("Dissatisfied"),
    3: _("Neither satisfied nor dissatisfied"),
    4: _("Satisfied"),
    5: _("Very satisfied"),
}


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.first_name} {obj.last_name}, {obj.position}"


class PublicSubmissionForm(forms.Form):
    """The public form (3.1). Field order is the page's order; every error is
    attached to its field so that the error summary can link to it."""

    kind = forms.ChoiceField(
        label=_("What would you like to send us?"), choices=PUBLIC_KINDS, widget=forms.RadioSelect
    )
    subject_kind = forms.ChoiceField(
        label=_("What is the complaint about?"),
        choices=PUBLIC_SUBJECTS,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Only for a complaint. It decides who reviews it."),
    )
    subject_employee = EmployeeChoiceField(
        label=_("The employee"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=_("— choose —"),
        help_text=_(
            "For a complaint about an employee; for unethical conduct, if you know who it was."
        ),
    )
    subject_description = optional_text(_("Which service, or where and when did it happen?"), 300)
    text = text_area(
        _("Your message"),
        8,
        help_text=_("Describe what happened or what you propose; dates and places help us."),
    )
    is_anonymous = optional_flag(
        _("I want to stay anonymous"),
        _(
            "We keep no name or contact details and cannot reply to you; you can follow the "
            "submission with the tracking link only. Anonymous submissions may be left "
            "unexamined (Law on Submissions)."
        ),
    )
    client_name = optional_text(_("Name and surname"), 200, autocomplete="name")
    client_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("We send the receipt and the tracking link here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    client_phone = optional_text(_("Phone"), 40, autocomplete="tel", type="tel")
    client_address = optional_text(
        _("Postal address or official e-address"), 300, autocomplete="street-address"
    )
    reply_channel = forms.ChoiceField(
        label=_("How should we reply?"),
        choices=ReplyChannel.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    attachments = MultipleFileField(label=_("Attachments (up to 5 files)"), required=False)
    no_surveys = forms.BooleanField(
        label=_("Do not send me a satisfaction survey afterwards"), required=False
    )
    # GDPR: the data is processed for a public task and legal obligations (art. 6(1)(c), (e)),
    # not on consent; the box acknowledges the notice (art. 13). The field name stays.
    privacy_accepted = forms.BooleanField(
        label=_("I have read the privacy notice"),
        error_messages={
            "required": _("Please confirm that you have read the privacy notice to send the form.")
        },
    )
    # The honeypot: hidden from people by CSS (never reached by keyboard or screen reader);
    # robots fill every field they find.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_employee"].queryset = client_facing_staff()  # type: ignore[attr-defined]
        self.fields["attachments"].help_text = _attachment_help()
        self.fields["privacy_accepted"].help_text = format_html(
            '{} <a href="{}">{}</a>',
            _(
                "We process your data to perform the company's public tasks and legal "
                "obligations (GDPR article 6(1)(c) and (e)), not on the basis of consent: "
                "this box only confirms that you have been informed."
            ),
            reverse("public_feedback:privacy"),
            _("Read the privacy notice"),
        )
        limit = text_max_chars()
        self.fields["text"].validators.append(MaxLengthValidator(limit))
        self.fields["text"].widget.attrs["maxlength"] = str(limit)

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_attachments(self) -> list[Any]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("At most %(n)s files can be attached.") % {"n": MAX_ATTACHMENTS}
            )
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_subject_errors(self, data, _("Name the service."))
        if data.get("is_anonymous"):
            return data
        if not data.get("client_name"):
            self.add_error("client_name", _("Write your name, or choose to stay anonymous."))
        channel = data.get("reply_channel")
        needs = {
            ReplyChannel.EMAIL: ("client_email", _("Write the e-mail address for the reply.")),
            ReplyChannel.PHONE: ("client_phone", _("Write the phone number for the reply.")),
            ReplyChannel.LETTER: ("client_address", _("Write the postal address for the reply.")),
            ReplyChannel.E_ADDRESS: (
                "client_address",
                _("Write your official e-address for the reply."),
            ),
        }
        if not channel:
            self.add_error("reply_channel", _("Choose how we should reply."))
        elif channel in needs:
            field, message = needs[channel]
            if not data.get(field) and field not in self.errors:
                self.add_error(field, message)
        return data


class SurveyCommentForm(forms.Form):
    # Not required: leaving it empty and closing the page is fine, so no asterisk; an empty
    # submit is answered by the service ("Write your comment.").
    comment = forms.CharField(
        required=False,
        label=_("Would you like to tell us more? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": "2000"}),
        max_length=2000,
        help_text=_("Please do not write personal data such as your personal code."),
    )


class TrustLineForm(forms.Form):
    """A report taken on the trust line: no caller details at all."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.COMPLAINT
    )
    received_on = ReceivedOnField(
        _("Call received on"), future_message=_("The date cannot be in the future.")
    )
    text = text_area(_("What the caller reported"), 6)
    subject_kind = subject_kind_field()
    subject_employee = EmployeeChoiceField(
        label=_("Employee complained about"),
        queryset=Employee.objects.filter(is_active=True).select_related("unit"),
        required=False,
    )
    subject_description = optional_text(_("Service or process"), 300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The trust line takes what the caller says: a service need not be named.
        add_subject_errors(self, data)
        return data


class StaffSurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StaffSurveyQuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    kind = forms.ChoiceField(
        label=_("Answer"),
        choices=StaffSurveyQuestion.Kind.choices,
        initial=StaffSurveyQuestion.Kind.SCALE,
    )


StaffSurveyQuestionFormSet = forms.formset_factory(
    StaffSurveyQuestionForm, extra=0, min_num=1, max_num=20, validate_min=False
)


class StaffSurveyAnswerForm(forms.Form):
    """One field per question: a 1–5 scale (radio buttons) or free text; all optional."""

    def __init__(self, *args: Any, survey: StaffSurvey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.all())
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == StaffSurveyQuestion.Kind.SCALE:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=[(n, f"{n} – {RATING_LABELS[n]}") for n in range(1, 6)],
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=False,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=False,
                    max_length=2000,
                )

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
