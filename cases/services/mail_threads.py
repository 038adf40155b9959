"""Threads of incoming e-mail (docs/mail.md, "Threads"): which earlier contact, written
submission or case a message answers. Read only; ``cases.services.mail`` writes the link.

In this order, the first that matches:

1. In-Reply-To, then References (newest first), naming an e-mail the desk filed before: the
   new one joins that e-mail's thread.
2. The same headers naming a message the desk sent (``<notification-N@…>``, the outbox's
   fixed Message-ID): the thread of what that message was about, and its confidentiality
   scope (a reply about a complaint is read through the complaint's gate).
3. A register number in the subject: a written submission's, or one a higher app knows
   (``cases.mail.hooks.provide_reference_finder``: the complaints register)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from cases.mail.hooks import find_reference
from cases.models import Contact, InboundEmail, WrittenSubmission
from cases.services._common import SUBMISSION_NUMBER_PATTERN
from servicedesk.models import Notification

if TYPE_CHECKING:
    from cases.mail.parse import Parsed

NOTIFICATION_ID = re.compile(r"^<notification-(\d+)@")


@dataclass(frozen=True)
class Thread:
    contact: Contact | None = None
    submission: WrittenSubmission | None = None
    reference: str = ""
    scope_type: str = ""
    scope_id: int | None = None


def _references(parsed: Parsed) -> list[str]:
    refs = [parsed.in_reply_to, *reversed(parsed.references)]
    return list(dict.fromkeys(r for r in refs if r))


def _submission_number() -> re.Pattern[str]:
    """A written submission's register number as the pattern writes it ("AADSO/2026/123")."""
    parts = re.split(r"(\{year\}|\{seq[^}]*\})", SUBMISSION_NUMBER_PATTERN)
    regex = "".join(
        r"\d{4}" if p == "{year}" else r"\d+" if p.startswith("{seq") else re.escape(p)
        for p in parts
    )
    return re.compile(rf"(?<![\w/]){regex}(?![\w/-])")


def _from_earlier_email(refs: list[str]) -> Thread | None:
    if not refs:
        return None
    earlier = (
        InboundEmail.objects.filter(message_id__in=refs, status=InboundEmail.Status.FILED)
        .select_related("contact", "submission")
        .order_by("-received_at", "-pk")
        .first()
    )
    if earlier is None:
        return None
    return Thread(
        contact=earlier.contact or earlier.replies_to,
        submission=earlier.submission,
        reference=earlier.case_reference,
        scope_type=earlier.scope_type,
        scope_id=earlier.scope_id,
    )


def _from_desk_message(refs: list[str]) -> Thread | None:
    """The outbox row whose Message-ID the reply names: found by the stored Message-ID
    (random, so a made-up one finds nothing); an e-mail row written before Message-IDs were
    stored (none stored) by the id in its ``<notification-N@…>``."""
    if not refs:
        return None
    ids = [int(m.group(1)) for r in refs if (m := NOTIFICATION_ID.match(r))]
    legacy = Q(pk__in=ids, message_id="", channel=Notification.Channel.EMAIL)
    sent = (
        Notification.objects.filter(Q(message_id__in=refs) | legacy)
        .select_related("content_type")
        .order_by("-pk")
        .first()
    )
    if sent is None:
        return None
    target: Any = sent.target
    contact = target if isinstance(target, Contact) else None
    submission = target if isinstance(target, WrittenSubmission) else None
    if submission is not None:
        contact = submission.contact
    return Thread(
        contact=contact,
        submission=submission,
        reference=str(getattr(target, "register_number", "") or ""),
        scope_type=sent.scope_type,
        scope_id=sent.scope_id,
    )


def _from_subject(subject: str) -> Thread | None:
    match = _submission_number().search(subject)
    if match:
        submission = (
            WrittenSubmission.objects.filter(register_number=match.group(0))
            .select_related("contact")
            .first()
        )
        if submission is not None:
            return Thread(
                contact=submission.contact, submission=submission, reference=match.group(0)
            )
    found = find_reference(subject)
    if found is not None:
        return Thread(reference=found.number, scope_type=found.scope_type, scope_id=found.scope_id)
    return None


def thread_of(parsed: Parsed) -> Thread:
    """The thread the message joins (the steps in the module's docstring), or none."""
    refs = _references(parsed)
    return (
        _from_earlier_email(refs)
        or _from_desk_message(refs)
        or _from_subject(parsed.subject)
        or Thread()
    )
