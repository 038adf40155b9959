"""The register of personal data breaches (2.1.6.1, GDPR art. 33, 34).

``breach_register`` documents a breach (art. 33(5)) and tells the data protection contacts at
once; ``breach_update`` completes what is known (art. 33(4)); ``breach_record_authority`` and
``breach_record_subjects`` record the notice to the Data State Inspectorate (art. 33) and to
the people (art. 34). ``breaches_send_reminders`` (hourly) reminds the contacts of the
72-hour clock of art. 33(1); it is idempotent: the notifications' keys name the breach and the
stage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from servicedesk.models import DataBreach
from servicedesk.services.data_requests import change, tell_contacts

if TYPE_CHECKING:
    from servicedesk.types import User

#: What a breach record describes (categories and numbers of people, never a person).
BREACH_FIELDS = frozenset(DataBreach.DESCRIBED_FIELDS)


def _check_breach(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - BREACH_FIELDS
    if unknown:
        raise TypeError(f"Unknown breach fields: {sorted(unknown)}")
    now = timezone.now()
    errors = {}
    if fields.get("discovered_at") and fields["discovered_at"] > now:
        errors["discovered_at"] = _("The time of discovery cannot be in the future.")
    occurred = fields.get("occurred_at")
    if occurred and fields.get("discovered_at") and occurred > fields["discovered_at"]:
        errors["occurred_at"] = _("A breach cannot happen after it was discovered.")
    if errors:
        raise ValidationError(errors)


def _breach_context(breach: DataBreach) -> dict[str, Any]:
    return {"breach": breach, "deadline": timezone.localtime(breach.authority_deadline)}


def _tell(breach: DataBreach, kind: str, key: str) -> list[Any]:
    """Tell the data protection contacts about ``breach`` (``notifications/<kind>``)."""
    return tell_contacts(
        kind=kind,
        template=f"notifications/{kind}",
        target=breach,
        context=_breach_context(breach),
        link=reverse("privacy_breach", args=[breach.pk]),
        key=key,
    )


def _lock(breach: DataBreach) -> DataBreach:
    return DataBreach.objects.select_for_update().get(pk=breach.pk)


def _past_time(name: str, value: datetime | None, missing: Promise) -> datetime:
    """The time something was done: given, and not in the future."""
    if value is None:
        raise ValidationError({name: missing})
    if value > timezone.now():
        raise ValidationError({name: _("The time cannot be in the future.")})
    return value


@dataclass(frozen=True)
class _Decision:
    """A decision on a notice (to the inspectorate, to the people): ``done`` or "not
    required", which must say why (``why_not``); ``choose`` when it is neither."""

    done: str
    not_required: str
    why_not: Promise
    choose: Promise

    def check(self, notice: str, note: str) -> str:
        """The note, stripped, once the notice and its reason pass."""
        note = note.strip()
        if notice == self.not_required and not note:
            raise ValidationError({"note": self.why_not})
        if notice not in (self.done, self.not_required):
            raise ValidationError({"notice": self.choose})
        return note


_AUTHORITY = _Decision(
    done=DataBreach.AuthorityNotice.NOTIFIED,
    not_required=DataBreach.AuthorityNotice.NOT_REQUIRED,
    why_not=_("Say why the breach is unlikely to be a risk."),
    choose=_("Choose notified or not required."),
)
_SUBJECTS = _Decision(
    done=DataBreach.SubjectsNotice.INFORMED,
    not_required=DataBreach.SubjectsNotice.NOT_REQUIRED,
    why_not=_("Say why informing the people is not required."),
    choose=_("Choose informed or not required."),
)


@transaction.atomic
def breach_register(*, actor: User, **fields: Any) -> DataBreach:
    """Art. 33(5): document the breach. The data protection contacts are told at once: the
    72 hours of art. 33(1) run from the discovery, not from this registration."""
    _check_breach(fields)
    breach = DataBreach.objects.create(registered_by=actor, **fields)
    _tell(breach, "data_breach_registered", f"data_breach_registered:{breach.pk}")
    return breach


@transaction.atomic
def breach_update(*, actor: User, breach: DataBreach, **fields: Any) -> DataBreach:
    """Complete or correct what is known (art. 33(4): information may come in phases)."""
    breach = _lock(breach)
    merged = {name: getattr(breach, name) for name in BREACH_FIELDS} | fields
    _check_breach(merged)
    return change(breach, **fields)


@transaction.atomic
def breach_record_authority(
    *,
    actor: User,
    breach: DataBreach,
    notice: str,
    notified_at: datetime | None = None,
    note: str = "",
) -> DataBreach:
    """Art. 33(1): the inspectorate was notified (when; a notice after 72 hours must give the
    reasons for the delay), or a notice is not required because the breach is unlikely to
    result in a risk to people (why: art. 33(5) asks the register to show it)."""
    breach = _lock(breach)
    if not breach.authority_pending:
        raise ValidationError(_("The decision on the inspectorate is already recorded."))
    note = _AUTHORITY.check(notice, note)
    if notice == _AUTHORITY.done:
        when = _past_time("notified_at", notified_at, _("When was the inspectorate notified?"))
        if when < breach.discovered_at:
            raise ValidationError(
                {"notified_at": _("The inspectorate cannot be notified before the discovery.")}
            )
        if when > breach.authority_deadline and not note:
            raise ValidationError(
                {"note": _("The notice came after 72 hours: give the reasons for the delay.")}
            )
    else:
        notified_at = None
    return change(
        breach, authority_notice=notice, authority_notified_at=notified_at, authority_note=note
    )


@transaction.atomic
def breach_record_subjects(
    *,
    actor: User,
    breach: DataBreach,
    notice: str,
    informed_at: datetime | None = None,
    note: str = "",
) -> DataBreach:
    """Art. 34: the people were informed (when and how), or it is not required (art. 34(3):
    the data was unintelligible, the risk no longer likely, or a public communication)."""
    breach = _lock(breach)
    if breach.subjects_notice != DataBreach.SubjectsNotice.PENDING:
        raise ValidationError(_("The decision on informing the people is already recorded."))
    note = _SUBJECTS.check(notice, note)
    if notice == _SUBJECTS.done:
        _past_time("informed_at", informed_at, _("When were the people informed?"))
        if not note:
            raise ValidationError({"note": _("Say how the people were informed.")})
    else:
        informed_at = None
    return change(
        breach, subjects_notice=notice, subjects_informed_at=informed_at, subjects_note=note
    )


def breaches_send_reminders(*, now: datetime | None = None) -> int:
    """Hourly: remind the data protection contacts of breaches whose inspectorate decision is
    still open when ``DATA_BREACH_REMIND_HOURS`` or fewer of the 72 are left, and once when
    they have passed. Idempotent (the keys name the breach and the stage)."""
    now = now or timezone.now()
    horizon = now - timedelta(
        hours=settings.DATA_BREACH_NOTIFY_HOURS - settings.DATA_BREACH_REMIND_HOURS
    )
    reminded = 0
    pending = DataBreach.objects.filter(
        authority_notice=DataBreach.AuthorityNotice.PENDING, discovered_at__lte=horizon
    )
    for breach in pending:
        kind = (
            "data_breach_overdue"
            if breach.time_left(now) < timedelta(0)
            else "data_breach_due_soon"
        )
        with transaction.atomic():
            rows = _tell(breach, kind, f"{kind}:{breach.pk}")
        reminded += bool(rows)
    return reminded
