"""Forms of the registers and the dashboard: validation only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Channel, Kind, Outcome, State, SubjectKind
from complaints.selectors import NO_OUTCOME, REPLY_LATE, REPLY_ON_TIME, RegisterFilters

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: The filters a register page offers (3.5.1), in their order on the page.
REGISTER_FILTERS = (
    "kind",
    "subject_kind",
    "state",
    "outcome",
    "channel",
    "received_from",
    "received_to",
    "reply",
    "overdue",
    "topic",
    "q",
)
#: The filters the feedback register and the reviewer's queue offer (and their CSV export).
WORK_LIST_FILTERS = ("kind", "state", "channel", "received_from", "received_to", "q", "overdue")


class RegisterFilterForm(forms.Form):
    """The filters of every list of feedback items and its exports (3.5.1): the page offers
    some of them (``offered``); a parameter it does not offer is ignored. ``kind`` is not
    offered by the complaints and suggestions registers, which hold one kind."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *Kind.choices], required=False
    )
    subject_kind = forms.ChoiceField(
        label=_("Subject"), choices=[("", _("All")), *SubjectKind.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All")), *State.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("All")), (NO_OUTCOME, _("Not decided yet")), *Outcome.choices],
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All")), *Channel.choices], required=False
    )
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DATE_WIDGET)
    received_to = forms.DateField(label=_("Received until"), required=False, widget=DATE_WIDGET)
    reply = forms.ChoiceField(
        label=_("Reply"),
        choices=[
            ("", _("All")),
            (REPLY_ON_TIME, _("Answered within the deadline")),
            (REPLY_LATE, _("Answered after the deadline")),
        ],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    topic = forms.CharField(label=_("Service or process"), required=False, max_length=300)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(
        self,
        *args: Any,
        offered: tuple[str, ...] = REGISTER_FILTERS,
        with_kind: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        wanted = [name for name in offered if with_kind or name != "kind"]
        self.fields = {name: self.fields[name] for name in wanted}

    def filters(self) -> RegisterFilters:
        """The valid filters (none when the form is unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return RegisterFilters()
        d = self.cleaned_data
        return RegisterFilters(
            kind=d.get("kind", ""),
            subject_kind=d.get("subject_kind", ""),
            state=d.get("state", ""),
            outcome=d.get("outcome", ""),
            channel=d.get("channel", ""),
            received_from=d.get("received_from"),
            received_to=d.get("received_to"),
            overdue=d.get("overdue", False),
            reply=d.get("reply", ""),
            topic=d.get("topic", "").strip(),
            q=d.get("q", "").strip(),
        )


class PeriodForm(forms.Form):
    """The dashboard's period: the days items were received and contacts happened."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("date_from")
        end: date | None = data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return data
