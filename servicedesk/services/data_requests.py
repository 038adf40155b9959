"""Data subject requests and personal data breaches as the GDPR expects them (2.1.6.1).

A request (``DataRequest``) goes through these steps; each is one service here:

1. ``data_request_register`` — received date, kind, who asked, channel. The answer is due one
   month after receipt (art. 12(3), ``DATA_REQUEST_MONTHS``): the same date of the next month,
   the month's last day when it has no such date, and the next Latvian working day when that
   is a day off (Regulation 1182/71, art. 3(2)(c) and 3(4)).
2. ``data_request_link_subject`` — which data subject (client) it is about, once found.
3. ``data_request_verify_identity`` — how the identity was verified, by whom, when
   (art. 12(6)). Until it is recorded, nothing is disclosed or changed: every step below
   refuses with ``IdentityNotChecked``.
4. By kind: ``data_request_export`` (access, art. 15), ``data_request_erase`` (art. 17),
   ``data_request_rectify`` (art. 16), ``data_request_restrict`` / ``…_lift_restriction``
   (art. 18), ``data_request_decide_objection`` (art. 21). Export and erasure are done by
   ``servicedesk.services.privacy`` and logged as ``DataSubjectRequest`` rows pointing here.
5. ``data_request_extend`` — at most once, by two further months, with the reason and how the
   person was told, within the first month (art. 12(3)).
6. ``data_request_close`` — done (what the person was told) or refused (why; art. 12(4)).
   "Done" is accepted only when the kind's own step was recorded.

``data_requests_send_reminders`` (daily) reminds the data protection contacts before the due
date and once it has passed; ``breaches_send_reminders`` (hourly) does the same for the
72-hour clock of a breach (art. 33(1)). Both are idempotent: the notifications' keys name the
record and its deadline.

The core app does not know the client model: a correction goes through a **rectifier** that the
app owning the data subject registers (``register_rectifier``, from ``cases/apps.py``), as the
export and erasure go through ``servicedesk.services.privacy``'s sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

import holidays
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicedesk.models import DataBreach, DataRequest, DataSubjectRequest
from servicedesk.selectors.data_requests import data_protection_contacts
from servicedesk.services import privacy
from servicedesk.services.notifications import notify_user

if TYPE_CHECKING:
    from servicedesk.types import User

RULE = "2.1.6.1"

Kind = DataRequest.Kind
State = DataRequest.State


class IdentityNotChecked(ValidationError):
    """Art. 12(6): nothing is disclosed or changed before the identity check is recorded."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Record how the person's identity was verified first: nothing is disclosed or "
                "changed before that."
            ),
            code="identity_not_checked",
        )


# --- Rectifiers: the apps that own a data subject correct it (art. 16) ----------------------


@dataclass(frozen=True)
class RectifiableField:
    """One field of a data subject that a rectification may correct."""

    name: str
    label: str
    value: str
    required: bool = False
    #: Several values, one per line (phone numbers).
    multiline: bool = False


class Rectifier(Protocol):
    def fields(self, pk: int) -> list[RectifiableField]: ...

    def apply(self, *, actor: User, pk: int, values: Mapping[str, str]) -> list[str]:
        """Write the changed values through the owning app's service; the labels of the
        fields that changed. ``ValidationError`` keyed by field name when a value is wrong."""
        ...


_rectifiers: dict[str, Rectifier] = {}


def register_rectifier(record_type: str, rectifier: Rectifier) -> None:
    _rectifiers[record_type] = rectifier


def rectifier_for(record_type: str) -> Rectifier | None:
    return _rectifiers.get(record_type)


# --- Due dates ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _calendar() -> holidays.HolidayBase:
    return holidays.country_holidays("LV")


def _next_working_day(day: date) -> date:
    while not _calendar().is_working_day(day):
        day += timedelta(days=1)
    return day


def due_date(received_on: date, *, months: int | None = None) -> date:
    """The last day to answer a request received on ``received_on``: ``months`` (by default
    ``DATA_REQUEST_MONTHS``) later; ``relativedelta`` ends on the month's last day when it has
    no such date; a day off moves to the next working day."""
    period = settings.DATA_REQUEST_MONTHS if months is None else months
    return _next_working_day(received_on + relativedelta(months=period))


# --- Guards ------------------------------------------------------------------------------


def _lock(data_request: DataRequest) -> DataRequest:
    return DataRequest.objects.select_for_update().get(pk=data_request.pk)


def _must_be_open(data_request: DataRequest) -> None:
    if not data_request.is_open:
        raise ValidationError(_("The request is closed."), code="closed")


def _ready(data_request: DataRequest, kind: str) -> DataRequest:
    """The checks before anything is disclosed or changed for a request: open, of this kind,
    about a known data subject, identity checked."""
    _must_be_open(data_request)
    if data_request.kind != kind:
        raise ValidationError(_("This is not what the request asks for."), code="wrong_kind")
    if data_request.subject_id is None:
        raise ValidationError(
            _("Link the request to the data subject's record first."), code="no_subject"
        )
    if not data_request.identity_checked:
        raise IdentityNotChecked
    return data_request


def _change(data_request: DataRequest, **values: Any) -> DataRequest:
    for name, value in values.items():
        setattr(data_request, name, value)
    data_request.save(update_fields=list(values))
    return data_request


# --- Registration ------------------------------------------------------------------------


@transaction.atomic
def data_request_register(
    *,
    actor: User,
    received_on: date,
    kind: str,
    channel: str,
    requester_name: str,
    requester_contact: str = "",
    by_representative: bool = False,
    description: str = "",
    subject_type: str = "",
    subject_id: int | None = None,
) -> DataRequest:
    """Register a request as received (art. 12(3)): the due date is computed from the date of
    receipt, not of registration."""
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date of receipt cannot be in the future.")})
    label = ""
    if subject_id is not None:
        _subject, identity = privacy.subject_get(subject_type, subject_id)
        label = identity.label
    due = due_date(received_on)
    return DataRequest.objects.create(
        received_on=received_on,
        kind=kind,
        channel=channel,
        requester_name=requester_name.strip(),
        requester_contact=requester_contact.strip(),
        by_representative=by_representative,
        description=description.strip(),
        subject_type=subject_type if subject_id is not None else "",
        subject_id=subject_id,
        subject_label=label,
        original_due_on=due,
        due_on=due,
        registered_by=actor,
    )


@transaction.atomic
def data_request_link_subject(
    *, actor: User, data_request: DataRequest, record_type: str, pk: int
) -> DataRequest:
    """Say which data subject the request is about (found by the search of the privacy
    screen). Not once something has been done for it: that was done for the linked one."""
    data_request = _lock(data_request)
    _must_be_open(data_request)
    if data_request.actions.exists() or data_request.rectified_at or data_request.restricted_at:
        raise ValidationError(
            _("Something has already been done for this data subject."), code="acted"
        )
    _subject, identity = privacy.subject_get(record_type, pk)
    return _change(
        data_request,
        subject_type=identity.record_type,
        subject_id=identity.record_id,
        subject_label=identity.label,
    )


@transaction.atomic
def data_request_verify_identity(
    *, actor: User, data_request: DataRequest, method: str, details: str = ""
) -> DataRequest:
    """Record how the person's identity was verified, by whom and when (art. 12(6)). Once:
    a recorded check is evidence and is not rewritten."""
    data_request = _lock(data_request)
    _must_be_open(data_request)
    if data_request.identity_checked:
        raise ValidationError(_("The identity check is already recorded."), code="checked")
    if method not in DataRequest.IdentityMethod.values:
        raise ValidationError({"method": _("Choose how the identity was verified.")})
    if method == DataRequest.IdentityMethod.OTHER and not details.strip():
        raise ValidationError({"details": _("Describe how the identity was verified.")})
    return _change(
        data_request,
        identity_method=method,
        identity_details=details.strip(),
        identity_checked_at=timezone.now(),
        identity_checked_by=actor,
    )


@transaction.atomic
def data_request_extend(
    *, actor: User, data_request: DataRequest, reason: str, notice: str, notified_on: date
) -> DataRequest:
    """Art. 12(3): extend the period by two further months (``DATA_REQUEST_EXTENSION_MONTHS``)
    where necessary, given the complexity and number of requests. The person must be told,
    with the reasons, within one month of receipt: the notice date is checked against that."""
    data_request = _lock(data_request)
    _must_be_open(data_request)
    errors: dict[str, Any] = {}
    if data_request.is_extended:
        raise ValidationError(_("The period has already been extended."), code="extended")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the extension.")
    if not notice.strip():
        errors["notice"] = _("Say how the person was told of the extension.")
    if notified_on > timezone.localdate():
        errors["notified_on"] = _("The date cannot be in the future.")
    elif notified_on < data_request.received_on:
        errors["notified_on"] = _("The date cannot be before the request was received.")
    elif notified_on > data_request.original_due_on:
        errors["notified_on"] = _(
            "The person must be told of an extension within one month of receipt; that "
            "period has passed."
        )
    if errors:
        raise ValidationError(errors)
    extended = due_date(
        data_request.received_on,
        months=settings.DATA_REQUEST_MONTHS + settings.DATA_REQUEST_EXTENSION_MONTHS,
    )
    return _change(
        data_request,
        due_on=extended,
        extension_reason=reason.strip(),
        extension_notice=notice.strip(),
        extension_notified_on=notified_on,
        extended_by=actor,
    )


# --- What each kind does -----------------------------------------------------------------


@transaction.atomic
def data_request_export(
    *, actor: User, data_request: DataRequest, request: HttpRequest | None = None
) -> privacy.Export:
    """Art. 15: everything held about the data subject (``privacy.subject_export``), logged
    as an action of this request and as an access ("export")."""
    data_request = _ready(_lock(data_request), Kind.ACCESS)
    return privacy.subject_export(
        actor=actor,
        record_type=data_request.subject_type,
        pk=int(data_request.subject_id or 0),
        request=request,
        data_request=data_request,
    )


@transaction.atomic
def data_request_erase(
    *, actor: User, data_request: DataRequest, note: str = ""
) -> DataSubjectRequest:
    """Art. 17: anonymise what the law allows (``privacy.subject_erase``); what it keeps is
    in the action's report with the legal reason."""
    data_request = _ready(_lock(data_request), Kind.ERASURE)
    return privacy.subject_erase(
        actor=actor,
        record_type=data_request.subject_type,
        pk=int(data_request.subject_id or 0),
        note=note,
        data_request=data_request,
    )


@transaction.atomic
def data_request_rectify(
    *, actor: User, data_request: DataRequest, values: Mapping[str, str]
) -> list[str]:
    """Art. 16: correct the data subject's data through the owning app's own edit service
    (the record's change history keeps who changed what and when). The request records which
    fields were corrected. Returns their labels; nothing when no value differs."""
    data_request = _ready(_lock(data_request), Kind.RECTIFICATION)
    rectifier = rectifier_for(data_request.subject_type)
    if rectifier is None:
        raise ValidationError(_("This kind of record cannot be corrected here."), code="none")
    changed = rectifier.apply(actor=actor, pk=int(data_request.subject_id or 0), values=values)
    if changed:
        fields = list(data_request.rectified_fields or [])
        fields += [label for label in changed if label not in fields]
        _change(data_request, rectified_fields=fields, rectified_at=timezone.now())
    return changed


@transaction.atomic
def data_request_restrict(*, actor: User, data_request: DataRequest, ground: str) -> DataRequest:
    """Art. 18: from now on the data subject's records are only stored (the client card shows
    it to everyone who opens it) until the restriction is lifted."""
    data_request = _ready(_lock(data_request), Kind.RESTRICTION)
    if ground not in DataRequest.RestrictionGround.values:
        raise ValidationError({"ground": _("Choose the ground for the restriction.")})
    if data_request.restricted_at is not None:
        raise ValidationError(_("Processing is already restricted."), code="restricted")
    return _change(data_request, restriction_ground=ground, restricted_at=timezone.now())


@transaction.atomic
def data_request_lift_restriction(
    *, actor: User, data_request: DataRequest, reason: str
) -> DataRequest:
    """Art. 18(3): lift a restriction; the person is told before (the form asks for it)."""
    data_request = _lock(data_request)
    if not data_request.restriction_active:
        raise ValidationError(_("No restriction is in force."), code="not_restricted")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for lifting the restriction.")})
    return _change(
        data_request, restriction_lifted_at=timezone.now(), restriction_lift_reason=reason.strip()
    )


@transaction.atomic
def data_request_decide_objection(
    *, actor: User, data_request: DataRequest, processing: str, upheld: bool, reason: str
) -> DataRequest:
    """Art. 21(1): the decision on an objection, with its reason, closes the request: upheld
    (that processing stops; the client card says so) or rejected (compelling legitimate
    grounds, or the establishment, exercise or defence of legal claims)."""
    data_request = _ready(_lock(data_request), Kind.OBJECTION)
    errors = {}
    if not processing.strip():
        errors["processing"] = _("Say which processing the person objects to.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the decision.")
    if errors:
        raise ValidationError(errors)
    return _change(
        data_request,
        objection_processing=processing.strip(),
        objection_upheld=upheld,
        outcome=reason.strip(),
        state=State.DONE if upheld else State.REFUSED,
        closed_at=timezone.now(),
        closed_by=actor,
    )


@transaction.atomic
def data_request_close(
    *, actor: User, data_request: DataRequest, state: str, outcome: str
) -> DataRequest:
    """Close the request: done, with what the person was told and how; or refused, with the
    reason (art. 12(4): the person is told of the right to complain to the Data State
    Inspectorate). "Done" needs the identity check and, for a linked data subject, the kind's
    own step; a request about someone the desk holds nothing on is answered as such."""
    data_request = _lock(data_request)
    _must_be_open(data_request)
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say what the person was told.")})
    if state == State.DONE:
        if data_request.kind == Kind.OBJECTION:
            raise ValidationError(
                _("An objection is closed by recording the decision."), code="objection"
            )
        if not data_request.identity_checked:
            raise IdentityNotChecked
        if data_request.subject_id is not None and not _step_done(data_request):
            raise ValidationError(
                _("What the request asks for has not been done yet."), code="not_done"
            )
    elif state != State.REFUSED:
        raise ValidationError({"state": _("Choose done or refused.")})
    return _change(
        data_request,
        state=state,
        outcome=outcome.strip(),
        closed_at=timezone.now(),
        closed_by=actor,
    )


def _step_done(data_request: DataRequest) -> bool:
    kind = data_request.kind
    if kind == Kind.ACCESS:
        return data_request.actions.filter(kind=DataSubjectRequest.Kind.EXPORT).exists()
    if kind == Kind.ERASURE:
        return data_request.actions.filter(kind=DataSubjectRequest.Kind.ERASURE).exists()
    if kind == Kind.RECTIFICATION:
        # A kind of record without a rectifier (a submitter without a client card) is
        # corrected where it is kept; the answer says what was changed.
        return (
            data_request.rectified_at is not None
            or rectifier_for(data_request.subject_type) is None
        )
    if kind == Kind.RESTRICTION:
        return data_request.restricted_at is not None
    return False


# --- Reminders (daily) --------------------------------------------------------------------


def _tell_contacts(
    *, kind: str, template: str, target: Any, context: dict[str, Any], link: str, key: str
) -> list[Any]:
    rows: list[Any] = []
    for user in data_protection_contacts():
        rows += notify_user(
            user=user,
            kind=kind,
            rule_clause=RULE,
            target=target,
            template=template,
            context=context,
            link=link,
            key=key,
        )
    return rows


def data_requests_send_reminders(*, today: date | None = None) -> int:
    """Remind the data protection contacts of open requests due within
    ``DATA_REQUEST_REMIND_DAYS`` days, and once of those past their due date. The keys name
    the request and its due date: running again sends nothing new; an extended date earns
    fresh reminders. Returns the number of requests reminded about."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.DATA_REQUEST_REMIND_DAYS)
    reminded = 0
    for data_request in DataRequest.objects.filter(state=State.OPEN, due_on__lte=horizon):
        overdue = data_request.due_on < today
        kind = "data_request_overdue" if overdue else "data_request_due_soon"
        with transaction.atomic():
            rows = _tell_contacts(
                kind=kind,
                template=f"notifications/{kind}",
                target=data_request,
                context={
                    "data_request": data_request,
                    "days_left": data_request.days_left(today),
                },
                link=reverse("privacy_request", args=[data_request.pk]),
                key=f"{kind}:{data_request.pk}:{data_request.due_on.isoformat()}",
            )
        reminded += bool(rows)
    return reminded


# --- Personal data breaches (art. 33, 34) ------------------------------------------------

BREACH_FIELDS = frozenset(
    {
        "discovered_at",
        "occurred_at",
        "description",
        "data_categories",
        "subject_categories",
        "approx_subjects",
        "approx_records",
        "consequences",
        "measures",
    }
)


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


@transaction.atomic
def breach_register(*, actor: User, **fields: Any) -> DataBreach:
    """Art. 33(5): document the breach. The data protection contacts are told at once: the
    72 hours of art. 33(1) run from the discovery, not from this registration."""
    _check_breach(fields)
    breach = DataBreach.objects.create(registered_by=actor, **fields)
    _tell_contacts(
        kind="data_breach_registered",
        template="notifications/data_breach_registered",
        target=breach,
        context=_breach_context(breach),
        link=reverse("privacy_breach", args=[breach.pk]),
        key=f"data_breach_registered:{breach.pk}",
    )
    return breach


@transaction.atomic
def breach_update(*, actor: User, breach: DataBreach, **fields: Any) -> DataBreach:
    """Complete or correct what is known (art. 33(4): information may come in phases)."""
    breach = DataBreach.objects.select_for_update().get(pk=breach.pk)
    merged = {name: getattr(breach, name) for name in BREACH_FIELDS} | fields
    _check_breach(merged)
    for name, value in fields.items():
        setattr(breach, name, value)
    breach.save(update_fields=list(fields))
    return breach


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
    breach = DataBreach.objects.select_for_update().get(pk=breach.pk)
    Notice = DataBreach.AuthorityNotice
    if not breach.authority_pending:
        raise ValidationError(_("The decision on the inspectorate is already recorded."))
    note = note.strip()
    if notice == Notice.NOTIFIED:
        if notified_at is None:
            raise ValidationError({"notified_at": _("When was the inspectorate notified?")})
        if notified_at > timezone.now():
            raise ValidationError({"notified_at": _("The time cannot be in the future.")})
        if notified_at < breach.discovered_at:
            raise ValidationError(
                {"notified_at": _("The inspectorate cannot be notified before the discovery.")}
            )
        if notified_at > breach.authority_deadline and not note:
            raise ValidationError(
                {"note": _("The notice came after 72 hours: give the reasons for the delay.")}
            )
    elif notice == Notice.NOT_REQUIRED:
        notified_at = None
        if not note:
            raise ValidationError({"note": _("Say why the breach is unlikely to be a risk.")})
    else:
        raise ValidationError({"notice": _("Choose notified or not required.")})
    breach.authority_notice = notice
    breach.authority_notified_at = notified_at
    breach.authority_note = note
    breach.save(update_fields=["authority_notice", "authority_notified_at", "authority_note"])
    return breach


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
    breach = DataBreach.objects.select_for_update().get(pk=breach.pk)
    Notice = DataBreach.SubjectsNotice
    if breach.subjects_notice != Notice.PENDING:
        raise ValidationError(_("The decision on informing the people is already recorded."))
    note = note.strip()
    if notice == Notice.INFORMED:
        if informed_at is None:
            raise ValidationError({"informed_at": _("When were the people informed?")})
        if informed_at > timezone.now():
            raise ValidationError({"informed_at": _("The time cannot be in the future.")})
        if not note:
            raise ValidationError({"note": _("Say how the people were informed.")})
    elif notice == Notice.NOT_REQUIRED:
        informed_at = None
        if not note:
            raise ValidationError({"note": _("Say why informing the people is not required.")})
    else:
        raise ValidationError({"notice": _("Choose informed or not required.")})
    breach.subjects_notice = notice
    breach.subjects_informed_at = informed_at
    breach.subjects_note = note
    breach.save(update_fields=["subjects_notice", "subjects_informed_at", "subjects_note"])
    return breach


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
            rows = _tell_contacts(
                kind=kind,
                template=f"notifications/{kind}",
                target=breach,
                context=_breach_context(breach),
                link=reverse("privacy_breach", args=[breach.pk]),
                key=f"{kind}:{breach.pk}",
            )
        reminded += bool(rows)
    return reminded
