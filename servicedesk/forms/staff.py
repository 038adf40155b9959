"""Forms of the desk's administration pages: staff logins and roles, reception-hours
exceptions (rules 3.2, 3.3; 2.1.6.2). They validate input only; ``servicedesk.services.staff``
and ``servicedesk.services.hours`` apply the rules and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from servicedesk.models import ReceptionException
from servicedesk.roles import ROLE_LABELS, Role
from servicedesk.services.staff import assignable_roles


def _role_choices() -> list[tuple[str, Any]]:
    return [(role.value, ROLE_LABELS.get(role, role.value)) for role in assignable_roles()]


class RolesField(forms.TypedMultipleChoiceField):
    """Roles as check boxes, cleaned to ``Role`` members."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Roles"),
            choices=_role_choices,
            coerce=Role,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )


class StaffLoginCreateForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only; used to log in."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The e-mail with a link to set the password is sent here."),
    )
    roles = RolesField()


class StaffLoginForm(forms.Form):
    roles = RolesField()
    is_active = forms.BooleanField(
        label=_("The login is active"),
        required=False,
        help_text=_("A deactivated login can no longer be used; the history stays."),
    )


class ReceptionExceptionForm(forms.Form):
    """One dated exception. A new one is open at the hours typed; "closed all day" must be
    chosen, so that hours typed are never ignored (3.2)."""

    OPEN = "open"
    CLOSED = "closed"

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    state = forms.ChoiceField(
        label=_("Reception on this day"),
        choices=[(OPEN, _("Open at other hours")), (CLOSED, _("Closed all day"))],
        initial=OPEN,
        widget=forms.RadioSelect,
    )
    opens = forms.TimeField(
        label=_("Opens"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    closes = forms.TimeField(
        label=_("Closes"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("Shown to clients on the public hours page, e.g. “Christmas Eve”."),
    )

    def clean(self) -> dict[str, Any]:
        """The model's rule (``ReceptionException.clean``), shown on the fields at once."""
        cleaned = super().clean() or {}
        if "state" not in cleaned:
            return cleaned
        day = ReceptionException(
            is_closed=self.is_closed, opens=cleaned.get("opens"), closes=cleaned.get("closes")
        )
        try:
            day.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    if name in self.fields and name not in self.errors:
                        self.add_error(name, message)
        return cleaned

    @property
    def is_closed(self) -> bool:
        return self.cleaned_data.get("state") == self.CLOSED
