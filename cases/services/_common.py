"""What the service modules share: settings, the 4.3.1 refusal, outcome writing, and the
app's e-mails and notices."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Channel,
    Client,
    Contact,
    ContactOutcome,
    Language,
    Outcome,
    Representative,
)
from servicedesk.models import Topic
from servicedesk.services.notifications import notify_address, notify_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.utils.functional import _StrOrPromise as StrOrPromise


CALLBACK_REFUSED_MESSAGE = _(
    "4.3.1: the number is foreign or the client is abroad (roaming), so we do not call back. "
    "Ask for an e-mail address and answer by e-mail."
)


# Overridable in settings; defaults suit a front desk.
CALLBACK_DEFAULT_HOURS: int = getattr(settings, "CALLBACK_DEFAULT_HOURS", 24)
CALLBACK_REMIND_BEFORE_MINUTES: int = getattr(settings, "CALLBACK_REMIND_BEFORE_MINUTES", 30)
CONSULTATION_REMIND_MINUTES: int = getattr(settings, "CONSULTATION_REMIND_MINUTES", 60)
SUBMISSION_REMIND_WORKING_DAYS: int = getattr(settings, "SUBMISSION_REMIND_WORKING_DAYS", 2)
# The register number pattern, e.g. "AADSO/2026/123".
SUBMISSION_NUMBER_PATTERN: str = getattr(
    settings, "SUBMISSION_NUMBER_PATTERN", "AADSO/{year}/{seq}"
)
# Where foreign-language e-mails go under the document circulation rules (4.6); the
# institution's e-mail when empty.
RECORDS_EMAIL: str = getattr(settings, "RECORDS_EMAIL", "")
WRITTEN_CHANNELS = frozenset(
    {Channel.LETTER, Channel.E_ADDRESS, Channel.EMAIL_IN, Channel.WEB_FORM}
)


class CallbackRefused(ValidationError):
    """4.3.1 / 4.13: no phone callback to a foreign network or an international number."""

    def __init__(self) -> None:
        super().__init__(CALLBACK_REFUSED_MESSAGE, code="callback_refused")


@dataclass(frozen=True)
class CallbackRequest:
    phone_number: str
    question: str
    due_at: datetime
    owner: Any
    client_abroad: bool = False


@dataclass(frozen=True)
class RemedyPlan:
    """What will be done about an error, by whom and by when (2.1.1.2,
    ``cases.services.remedies``)."""

    action: str
    owner: Any
    due_on: date | None

    @classmethod
    def from_cleaned_data(cls, data: Mapping[str, Any]) -> RemedyPlan:
        """The plan from a form's ``remedy_action``, ``remedy_owner``, ``remedy_due``."""
        return cls(
            action=data.get("remedy_action") or "",
            owner=data.get("remedy_owner"),
            due_on=data.get("remedy_due"),
        )


@dataclass(frozen=True)
class ContactInput:
    """What is logged of one contact (``contact_log_input``): the contact screen's fields,
    built from its form in one place (:meth:`from_cleaned_data`)."""

    channel: str
    client: Client | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    topic: Topic | None = None
    language: str = Language.LATVIAN
    summary: str = ""
    outcomes: tuple[str, ...] = ()
    phone_number: str = ""
    email_address: str = ""
    client_abroad: bool = False
    wants_phone_answer: bool = False
    ground_document_content: bool = False  # 4.2.1
    ground_service_info: bool = False  # 4.2.2
    ground_restricted_info: bool = False  # 4.2.3
    ground_over_ten_minutes: bool = False  # 4.2.4
    offer_made: bool = False
    foreign_language_requested: str = ""  # 4.5
    told_to_write_in: bool = False  # 4.5: told, in Latvian, to send an e-mail or a document
    warning_given_at: datetime | None = None  # 4.12.2: when the caller was warned
    our_error: bool = False  # 2.1.1.2
    apologised: bool = False
    told_right_to_complain: bool = False
    remedy: RemedyPlan | None = None  # 2.1.1.2, with "our error"
    callback: CallbackRequest | None = None  # 4.3.1
    reply_by_email: bool = False
    client_choice: str = ""  # 4.2: what the client chose when offered
    document_review_requested: bool = False  # 4.1.4
    caller_role: str = ""  # 2.1.6.2: the client, a representative or someone else
    caller_identity: str = ""  # 2.1.6.2: how the identity was checked
    representative: Representative | None = None
    nothing_disclosed: bool = False  # 2.1.6.2

    @property
    def has_offer_ground(self) -> bool:
        """One of 4.2.1–4.2.4 applies: a visit or a written submission must be offered."""
        return (
            self.ground_document_content
            or self.ground_service_info
            or self.ground_restricted_info
            or self.ground_over_ten_minutes
        )

    @classmethod
    def from_cleaned_data(cls, data: Mapping[str, Any], *, owner: Any) -> ContactInput:
        """The contact form's cleaned data as typed: a callback unless the answer goes by
        e-mail (4.3.1), "ended after warning" as an outcome, the client's e-mail when the
        answer goes by e-mail and none was typed; the warning at the time the screen
        recorded (4.12.2)."""
        callback = None
        if data["callback"] and not data["reply_by_email"]:
            callback = CallbackRequest(
                phone_number=data["callback_phone"] or data["phone_number"],
                question=data["callback_question"],
                due_at=data["callback_due"],
                owner=owner,
                client_abroad=data["client_abroad"],
            )
        outcomes = tuple(data["outcomes"])
        if data["ended_after_warning"]:
            outcomes += (Outcome.ENDED_AFTER_WARNING,)
        email = data["email_address"]
        if data["reply_by_email"] and not email and data["client"]:
            email = data["client"].email
        derived = {
            "outcomes": outcomes,
            "email_address": email,
            "callback": callback,
            "remedy": RemedyPlan.from_cleaned_data(data) if data["our_error"] else None,
        }
        typed = {f.name: data[f.name] for f in fields(cls) if f.name not in derived}
        return cls(**typed, **derived)


def client_email_for(contact: Contact) -> str:
    """Where to e-mail a contact's client: the address the contact came from or was given,
    else the client's own."""
    return contact.email_address or (contact.client.email if contact.client else "")


def _add_outcomes(contact: Contact, codes: Iterable[str]) -> None:
    codes = list(codes)
    if not codes:  # nothing to add: not even a look at what is there (every filed e-mail)
        return
    existing = set(contact.outcomes.values_list("code", flat=True))
    new = [c for c in dict.fromkeys(codes) if c not in existing]
    ContactOutcome.objects.bulk_create([ContactOutcome(contact=contact, code=c) for c in new])


def by[ModelT: Model](record: ModelT, actor: User | None) -> ModelT:
    """Name the actor in the change-history row the next save writes (django-simple-history)."""
    if actor is not None:
        record._history_user = actor  # type: ignore[attr-defined]
    return record


@dataclass(frozen=True)
class Reply:
    """What answers a record once (a consultation's answer, 4.9; an order issue's resolution,
    4.10.1): the field that holds the text and the one that holds the time, and the messages
    for a refusal."""

    text_field: str
    time_field: str
    not_yours: StrOrPromise
    already: StrOrPromise
    empty: StrOrPromise


def reply_once(record: Model, reply: Reply, *, text: str, allowed: bool, **also: Any) -> None:
    """Save ``text`` and the time on ``record`` (and ``also``), unless the actor may not
    answer it, it was answered already, or the text is empty."""
    if not allowed:
        raise ValidationError(reply.not_yours)
    if getattr(record, reply.time_field) is not None:
        raise ValidationError(reply.already)
    if not text.strip():
        raise ValidationError({reply.text_field: reply.empty})
    values = {reply.text_field: text.strip(), reply.time_field: timezone.now(), **also}
    for name, value in values.items():
        setattr(record, name, value)
    record.save(update_fields=list(values))


def send_message(
    to: Any,
    name: str,
    target: Model,
    context: dict[str, Any],
    *,
    kind: str = "",
    key: str = "",
    **options: Any,
) -> None:
    """One of the app's messages (template ``cases/email/<name>``) to an address without an
    account (``notify_address``: a client, the records office) or to a user (``notify_user``).
    Kind ``cases.<name>`` and one send per kind and record (the outbox key) unless ``kind`` or
    ``key`` say otherwise; ``options``: ``rule_clause``, ``link``, ``language``, ``channels``."""
    kind = kind or f"cases.{name}"
    message = {
        "kind": kind,
        "target": target,
        "template": f"cases/email/{name}",
        "context": context,
        "key": key or f"{kind}:{target.pk}",
        **options,
    }
    if isinstance(to, str):
        notify_address(email=to, **message)
    else:
        notify_user(user=to, **message)
