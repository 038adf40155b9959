"""Forms of the complaints register: validation only; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.attachments import check_attachment
from complaints.conf import attachment_extensions, attachment_max_bytes
from complaints.models import Channel, Kind, Outcome, SubjectKind
from complaints.subjects import complaint_subject_errors
from servicedesk.models import Employee, ReviewAuthority


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each passes ``check_attachment`` (type, size, content)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        errors: list[ValidationError] = []
        for upload in cleaned:
            try:
                check_attachment(upload)
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return cleaned


def _attachment_help() -> str:
    from django.template.defaultfilters import filesizeformat

    return str(
        _("Allowed: %(types)s; at most %(size)s each.")
        % {
            "types": ", ".join(sorted(attachment_extensions())),
            "size": filesizeformat(attachment_max_bytes()),
        }
    )


class FeedbackRegisterForm(forms.Form):
    """The front desk registers an item (3.5.1, 4.11). On an error everything typed stays;
    only the files must be chosen again (a browser never re-sends them)."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.COMPLAINT
    )
    channel = forms.ChoiceField(label=_("Received by"), choices=Channel.choices)
    received_on = forms.DateField(
        label=_("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    is_anonymous = forms.BooleanField(
        label=_("The client wishes to stay anonymous"),
        required=False,
        help_text=_(
            "No name or contact details are kept. An anonymous item may be left unexamined."
        ),
    )
    client_name = forms.CharField(
        label=_("Client's name and surname"), max_length=200, required=False
    )
    client_email = forms.EmailField(
        label=_("Client's e-mail"),
        required=False,
        help_text=_("The acknowledgement and the reply are sent here."),
    )
    client_phone = forms.CharField(label=_("Client's phone"), max_length=40, required=False)
    client_address = forms.CharField(
        label=_("Client's postal or official e-address"), max_length=300, required=False
    )
    text = forms.CharField(
        label=_("What the client says"), widget=forms.Textarea(attrs={"rows": 6})
    )
    subject_kind = forms.ChoiceField(
        label=_("The complaint is about"),
        choices=[("", "—"), *SubjectKind.choices],
        required=False,
        help_text=_("Only for complaints. It decides who reviews it (clauses 7.1–7.3)."),
    )
    subject_employee = forms.ModelChoiceField(
        label=_("Employee complained about"),
        queryset=Employee.objects.filter(is_active=True).select_related("unit"),
        required=False,
        help_text=_(
            "Required for a complaint about an employee; for an ethics violation name the "
            "employee if known (it stays with the Ethics Commission, 7.3)."
        ),
    )
    subject_description = forms.CharField(
        label=_("Service or process"), max_length=300, required=False
    )
    rules_violation = forms.BooleanField(
        label=_("It concerns a breach of the customer service rules"),
        required=False,
        help_text=_("Clause 8: the Ethics Commission is informed when it is closed."),
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    is_restricted = forms.BooleanField(
        label=_("It contains restricted-access information (4.1.3)"),
        required=False,
        help_text=_(
            "Its content is then shown only to whoever registers or reviews it: never in "
            "e-mails, exports or on the tracking page."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _attachment_help()
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self) -> Any:
        received = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise ValidationError(_("The date of receipt cannot be in the future."))
        return received

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if data.get("is_anonymous"):
            given = [
                f
                for f in ("client_name", "client_email", "client_phone", "client_address")
                if data.get(f)
            ]
            for name in given:
                self.add_error(
                    name,
                    _(
                        "An anonymous item keeps no contact details: clear this field or "
                        "untick “anonymous”."
                    ),
                )
        elif not data.get("client_name"):
            self.add_error("client_name", _("Write the client's name, or tick “anonymous”."))
        for field, message in complaint_subject_errors(
            kind=kind,
            subject_kind=data.get("subject_kind"),
            subject_employee=data.get("subject_employee"),
            subject_description=data.get("subject_description"),
            service_message=_("Name the service or process."),
        ).items():
            self.add_error(field, message)
        return data


class VersionedForm(forms.Form):
    """Carries the item's version the user saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class TransitionForm(VersionedForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    decision_text = forms.CharField(
        label=_("Decision and its reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For “left unexamined” say why (e.g. an anonymous submission)."),
    )
    rules_violation = forms.BooleanField(
        label=_("It concerns a breach of the customer service rules (clause 8)"),
        required=False,
    )


class ReplyForm(VersionedForm):
    reply_text = forms.CharField(
        label=_("Reply to the client"), widget=forms.Textarea(attrs={"rows": 12})
    )


class ExtendForm(VersionedForm):
    reason = forms.CharField(
        label=_("Why more time is needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The client receives this reason with the new reply date."),
    )


class RerouteForm(VersionedForm):
    authority_kind = forms.ChoiceField(label=_("Send to"), choices=ReviewAuthority.Kind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AppealForm(VersionedForm):
    reason = forms.CharField(
        label=_("What the client appeals against"), widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}))
