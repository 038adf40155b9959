"""Data subject requests as the GDPR expects them (2.1.6.1); the breach register is in
``servicedesk.services.breaches``.

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
date and once it has passed (``breaches_send_reminders`` does the same, hourly, for the
72-hour clock of a breach). It is idempotent: the notifications' keys name the request and its
due date.

The core app does not know the client model: a correction goes through a **rectifier** that the
app owning the data subject registers (``register_rectifier``, from ``cases/apps.py``), as the
export and erasure go through ``servicedesk.services.privacy``'s sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol, Unpack

import holidays
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicedesk.models import DataRequest, DataSubjectRequest
from servicedesk.selectors.data_requests import data_protection_contacts
from servicedesk.services import privacy
from servicedesk.services.notifications import Message, notify_users_or_address

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


def change[M: Model](record: M, **values: Any) -> M:
    """Set ``values`` on a locked register record and save just those fields (the breach
    register uses it too)."""
    for name, value in values.items():
        setattr(record, name, value)
    record.save(update_fields=list(values))
    return record


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
    return change(
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
    return change(
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
    return change(
        data_request,
        due_on=extended,
        extension_reason=reason.strip(),
        extension_notice=notice.strip(),
        extension_notified_on=notified_on,
        extended_by=actor,
    )


# --- What each kind does -----------------------------------------------------------------


def _subject_of(data_request: DataRequest) -> dict[str, Any]:
    """The arguments naming the request's data subject to ``privacy``'s services, and the
    request the action is logged under."""
    return {
        "record_type": data_request.subject_type,
        "pk": int(data_request.subject_id or 0),
        "data_request": data_request,
    }


@transaction.atomic
def data_request_export(
    *, actor: User, data_request: DataRequest, request: HttpRequest | None = None
) -> privacy.Export:
    """Art. 15: everything held about the data subject (``privacy.subject_export``), logged
    as an action of this request and as an access ("export")."""
    data_request = _ready(_lock(data_request), Kind.ACCESS)
    return privacy.subject_export(actor=actor, request=request, **_subject_of(data_request))


@transaction.atomic
def data_request_erase(
    *, actor: User, data_request: DataRequest, note: str = ""
) -> DataSubjectRequest:
    """Art. 17: anonymise what the law allows (``privacy.subject_erase``); what it keeps is
    in the action's report with the legal reason."""
    data_request = _ready(_lock(data_request), Kind.ERASURE)
    return privacy.subject_erase(actor=actor, note=note, **_subject_of(data_request))


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
        change(data_request, rectified_fields=fields, rectified_at=timezone.now())
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
    return change(data_request, restriction_ground=ground, restricted_at=timezone.now())


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
    return change(
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
    return _close(
        data_request,
        actor,
        state=State.DONE if upheld else State.REFUSED,
        outcome=reason.strip(),
        objection_processing=processing.strip(),
        objection_upheld=upheld,
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
    return _close(data_request, actor, state=state, outcome=outcome.strip())


def _close(
    data_request: DataRequest, actor: User, *, state: str, outcome: str, **values: Any
) -> DataRequest:
    """Close the request as ``state`` with the ``outcome`` the person was told: by whom, when."""
    return change(
        data_request,
        **values,
        outcome=outcome,
        state=state,
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


def tell_contacts(**message: Unpack[Message]) -> list[Any]:
    """Notify every data protection contact (the breach register uses it too)."""
    message["rule_clause"] = RULE
    return notify_users_or_address(users=list(data_protection_contacts()), email="", **message)


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
            rows = tell_contacts(
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
