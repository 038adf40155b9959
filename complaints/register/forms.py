"""Forms of the complaints register: validation only; the services write."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Channel as ContactChannel
from cases.models import Client, Contact
from cases.phones import display_phone
from complaints.attachments import check_attachment
from complaints.conf import attachment_extensions, attachment_max_bytes
from complaints.models import Channel, Kind, Outcome, SubjectKind
from complaints.models.register import REVIEWING_CHOICES
from complaints.subjects import complaint_subject_errors
from servicedesk.models import Employee

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


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


def optional_text(label: str | _StrPromise, max_length: int, **attrs: str) -> forms.CharField:
    """An optional one-line text field; ``attrs`` for its input (autocomplete, type)."""
    widget = forms.TextInput(attrs=attrs) if attrs else None
    return forms.CharField(label=label, max_length=max_length, required=False, widget=widget)


class ReceivedOnField(forms.DateField):
    """The day an item was received: today unless changed, never a day still to come."""

    def __init__(self, label: str | _StrPromise, *, future_message: str | _StrPromise) -> None:
        super().__init__(
            label=label,
            initial=timezone.localdate,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        self.future_message = future_message

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(self.future_message)


def optional_flag(
    label: str | _StrPromise, help_text: str | _StrPromise = ""
) -> forms.BooleanField:
    """A tick box the user may leave empty."""
    return forms.BooleanField(label=label, required=False, help_text=help_text)


def text_area(label: str | _StrPromise, rows: int, **kwargs: Any) -> forms.CharField:
    """Free text of a few lines (what the client says, a decision, a reason)."""
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def add_subject_errors(
    form: forms.Form, data: Mapping[str, Any], service_message: str | _StrPromise = ""
) -> None:
    """What a complaint's subject lacks (``complaint_subject_errors``), on the form's fields;
    ``service_message`` asks for the service in the form's words (the trust line asks none)."""
    for field, message in complaint_subject_errors(
        kind=data.get("kind"),
        subject_kind=data.get("subject_kind"),
        subject_employee=data.get("subject_employee"),
        subject_description=data.get("subject_description"),
        service_message=service_message,
    ).items():
        form.add_error(field, message)


def subject_kind_field(help_text: str | _StrPromise = "") -> forms.ChoiceField:
    """What a complaint is about (7.1–7.3 route by it), as the staff's forms ask it."""
    return forms.ChoiceField(
        label=_("The complaint is about"),
        choices=[("", "—"), *SubjectKind.choices],
        required=False,
        help_text=help_text,
    )


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
    received_on = ReceivedOnField(
        _("Received on"), future_message=_("The date of receipt cannot be in the future.")
    )
    is_anonymous = optional_flag(
        _("The client wishes to stay anonymous"),
        _("No name or contact details are kept. An anonymous item may be left unexamined."),
    )
    client_name = optional_text(_("Client's name and surname"), 200)
    client_email = forms.EmailField(
        label=_("Client's e-mail"),
        required=False,
        help_text=_("The acknowledgement and the reply are sent here."),
    )
    client_phone = optional_text(_("Client's phone"), 40)
    client_address = optional_text(_("Client's postal or official e-address"), 300)
    text = text_area(_("What the client says"), 6)
    subject_kind = subject_kind_field(
        _("Only for complaints. It decides who reviews it (clauses 7.1–7.3).")
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
    subject_description = optional_text(_("Service or process"), 300)
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    is_restricted = optional_flag(
        _("It contains restricted-access information (4.1.3)"),
        _(
            "Its content is then shown only to whoever registers or reviews it: never in "
            "e-mails, exports or on the tracking page."
        ),
    )
    # The client's card chosen by look-up and the contact the item came from: the item is
    # linked to them (docs/complaints.md); both empty when the client is typed by hand.
    client = forms.ModelChoiceField(
        queryset=Client.objects.all(), required=False, widget=forms.HiddenInput
    )
    contact = forms.ModelChoiceField(
        queryset=Contact.objects.all(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _attachment_help()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
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
        add_subject_errors(self, data, _("Name the service or process."))
        return data


#: A contact's channel → the channel an item was received by.
_CONTACT_CHANNELS: dict[str, str] = {
    ContactChannel.PHONE_IN: Channel.PHONE,
    ContactChannel.PHONE_OUT: Channel.PHONE,
    ContactChannel.EMAIL_IN: Channel.EMAIL,
    ContactChannel.EMAIL_OUT: Channel.EMAIL,
}


def client_initial(client: Client) -> dict[str, Any]:
    """The registration form's client fields filled from the chosen card (its first phone)."""
    phone = next(iter(client.phones.all()), None)
    return {
        "client": client.pk,
        "client_name": client.name,
        "client_email": client.email,
        "client_phone": display_phone(phone.number) if phone else "",
        "client_address": client.service_address,
        "is_anonymous": False,
    }


def contact_initial(contact: Contact) -> dict[str, Any]:
    """The registration form filled from a contact ("our error → register a complaint now",
    2.1.1.2): its client, channel, day and summary; the item will be linked to it."""
    channel = _CONTACT_CHANNELS.get(contact.channel, contact.channel)
    initial: dict[str, Any] = {
        "contact": contact.pk,
        "kind": Kind.COMPLAINT,
        "channel": channel if channel in Channel.values else "",
        "received_on": timezone.localdate(contact.started_at),
        "text": contact.summary,
    }
    if contact.client is not None:
        initial |= client_initial(contact.client)
    else:
        phone = display_phone(contact.phone_number) if contact.phone_number else ""
        initial |= {"client_email": contact.email_address, "client_phone": phone}
    return initial


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
    decision_text = text_area(
        _("Decision and its reasons"),
        5,
        help_text=_("For “left unexamined” say why (e.g. an anonymous submission)."),
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
    authority_kind = forms.ChoiceField(label=_("Send to"), choices=REVIEWING_CHOICES)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AppealForm(VersionedForm):
    reason = forms.CharField(
        label=_("What the client appeals against"), widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}))
