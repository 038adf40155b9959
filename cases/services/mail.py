"""E-mail in (2.1.1.1, 3.1; docs/mail.md): each message read from a mailbox is kept once and
filed as an incoming e-mail contact of the client its sender is, or of a new, unconfirmed one.

``inbound_receive`` is called once per message by the reader (``cases.mail.imap``), which
marks the message \\Seen on the server only after this function's transaction committed:

1. The message's key in its mailbox: its Message-ID, else UIDVALIDITY and UID. A key already
   kept is a message already filed (fetched twice, or by another worker): nothing is written.
2. The row is written first, inside the transaction: a second worker filing the same message
   at the same moment waits on the unique key and then finds it (no duplicate).
3. A message too large, or whose structure is broken, is kept as failed with its reason and
   its original; an administrator may retry it (``inbound_retry``), which files it as far as
   it can be read.
4. Otherwise: the original (.eml) is stored, the text (HTML sanitised, quotes folded away),
   the thread (``cases.services.mail_threads``), the client, the contact and the attachments
   (the public form's checks). An automatic reply, a list or a loop is flagged never to get
   an automatic answer; a bounce marks the failed address undeliverable on its clients.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.mail.hooks import attachment_check
from cases.mail.parse import Malformed, Parsed, parse
from cases.models import (
    Channel,
    Client,
    ClientChannel,
    InboundAttachment,
    InboundEmail,
)
from cases.services._common import ContactInput, by
from cases.services.clients import client_create
from cases.services.contacts import CLOCK_SKEW, contact_log_input
from cases.services.mail_threads import Thread, thread_of
from servicedesk.storage import private_storage

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

#: The account the desk files e-mails as until someone takes them (never logs in).
INTAKE_USERNAME = "e-pasts"


@dataclass(frozen=True)
class Received:
    """One message as the reader got it."""

    mailbox: str  # "user@host/INBOX": never the password
    raw: bytes
    uid_validity: int | None = None
    uid: int | None = None


def message_key(received: Received) -> str:
    """The message's Message-ID (hashed when too long for the column), else its place in the
    mailbox (UIDVALIDITY and UID), else the hash of its bytes."""
    headers = BytesHeaderParser().parsebytes(received.raw)
    message_id = str(headers.get("Message-ID", "") or "").strip()
    if message_id:
        if len(message_id) > 250:
            return "sha256:" + hashlib.sha256(message_id.encode()).hexdigest()
        return message_id
    if received.uid is not None:
        return f"uid:{received.uid_validity or 0}:{received.uid}"
    return "sha256:" + hashlib.sha256(received.raw).hexdigest()


def intake_user() -> User:
    """The desk's own account that e-mails are filed under until someone takes them."""
    users = get_user_model().objects
    found = users.filter(username=INTAKE_USERNAME).first()
    if found is not None:
        return found
    user, created = users.get_or_create(
        username=INTAKE_USERNAME, defaults={"first_name": "E-pasts", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def inbound_receive(*, received: Received) -> tuple[InboundEmail, bool]:
    """File one message (the steps in the module's docstring); returns the row and whether
    this call created it."""
    key = message_key(received)
    existing = InboundEmail.objects.filter(mailbox=received.mailbox, message_key=key).first()
    if existing is not None:
        return existing, False
    original = _store_original(key, received.raw)
    with transaction.atomic():
        try:
            with transaction.atomic():  # step 2: the row first; a twin waits here
                email = InboundEmail.objects.create(
                    mailbox=received.mailbox,
                    message_key=key,
                    uid_validity=received.uid_validity,
                    uid=received.uid,
                    status=InboundEmail.Status.FAILED,
                    size=len(received.raw),
                    original=original,
                )
        except IntegrityError:
            private_storage().delete(original)  # the twin's copy is the one kept
            return InboundEmail.objects.get(mailbox=received.mailbox, message_key=key), False
        try:
            parsed = _parsed(received.raw, strict=True)
        except Malformed as problem:
            _record_failure(email, str(problem))  # step 3
            return email, True
        _file(email, parsed)
    return email, True


def _parsed(raw: bytes, *, strict: bool) -> Parsed:
    limit = int(getattr(settings, "INBOUND_MAIL_MAX_BYTES", 25 * 1024 * 1024))
    if strict and len(raw) > limit:
        raise Malformed(f"too large: {len(raw)} bytes, the limit is {limit}")
    return parse(raw, strict=strict)


def _store_original(key: str, raw: bytes) -> str:
    """The original saved under a name of its own (the storage adds a suffix if taken)."""
    name = hashlib.sha256(key.encode()).hexdigest()[:32]
    folder = timezone.now().strftime("mail/%Y/%m/")  # as InboundEmail.original's upload_to
    return private_storage().save(f"{folder}{name}.eml", ContentFile(raw))


def _record_failure(email: InboundEmail, reason: str) -> None:
    logger.warning("Incoming e-mail %s kept as failed: %s", email.pk, reason)
    email.status = InboundEmail.Status.FAILED
    email.failure_reason = reason[:2000]
    email.save(update_fields=["status", "failure_reason"])


def inbound_record_failure(*, received: Received, reason: str) -> InboundEmail:
    """Keep a message that could not be filed for an unexpected reason (a bug, a broken
    attachment the libraries choke on) as failed, with its original, for a retry."""
    key = message_key(received)
    with transaction.atomic():
        email, created = InboundEmail.objects.get_or_create(
            mailbox=received.mailbox,
            message_key=key,
            defaults={
                "uid_validity": received.uid_validity,
                "uid": received.uid,
                "status": InboundEmail.Status.FAILED,
                "size": len(received.raw),
            },
        )
        if created:
            email.original = _store_original(key, received.raw)
            email.save(update_fields=["original"])
            _record_failure(email, reason)
    return email


def _file(email: InboundEmail, parsed: Parsed) -> None:
    """Step 4: the message's contents, thread, client, contact and attachments."""
    thread = thread_of(parsed)
    email.message_id = parsed.message_id[:500]
    email.in_reply_to = parsed.in_reply_to[:500]
    email.references = " ".join(parsed.references)
    email.from_address = parsed.from_address[:254]
    email.from_name = parsed.from_name[:200]
    email.to_addresses = ", ".join(parsed.to_addresses)
    email.subject = parsed.subject[:500]
    email.sent_at = parsed.sent_at
    email.text = parsed.text
    email.quoted = parsed.quoted
    email.no_auto_answer = parsed.automatic
    email.replies_to = thread.contact
    email.submission = thread.submission
    email.case_reference = thread.reference[:60]
    email.scope_type, email.scope_id = thread.scope_type, thread.scope_id
    if parsed.is_bounce:
        email.kind = InboundEmail.Kind.BOUNCE
        _mark_undeliverable(parsed.bounced)
    else:
        email.kind = InboundEmail.Kind.AUTO_REPLY if parsed.automatic else InboundEmail.Kind.MESSAGE
        email.contact = _contact_for(email, parsed, thread)
        _attach(email, parsed)
    email.status = InboundEmail.Status.FILED
    email.failure_reason = ""
    email.save()


def _mark_undeliverable(addresses: list[str]) -> None:
    """A bounce: the address failed; its clients are marked (one row at a time, for the
    audit trail)."""
    now = timezone.now()
    for client in Client.objects.filter(email__in=addresses, email_undeliverable_at=None):
        client.email_undeliverable_at = now
        client.save(update_fields=["email_undeliverable_at"])


def client_for_address(*, actor: User, address: str, name: str) -> Client | None:
    """The active client with this e-mail address, else a new one marked unconfirmed (an
    e-mail says who wrote only as far as its From line can be trusted)."""
    if not address:
        return None
    if connection.vendor == "postgresql":
        # Two workers filing two messages of one new sender at once would make two clients:
        # the second waits here until the first's transaction has committed its client.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [address.lower()])
    client = Client.objects.filter(email__iexact=address, is_active=True).order_by("pk").first()
    if client is not None:
        return client
    client = client_create(
        actor=actor,
        name=(name or address)[:200],
        email=address,
        preferred_channel=ClientChannel.EMAIL,
    )
    client.confirmed = False
    client.save(update_fields=["confirmed"])
    return client


def _contact_for(email: InboundEmail, parsed: Parsed, thread: Thread) -> Any:
    now = timezone.now()
    started = parsed.sent_at if parsed.sent_at and parsed.sent_at <= now + CLOCK_SKEW else now
    actor = intake_user()
    client = client_for_address(actor=actor, address=parsed.from_address, name=parsed.from_name)
    summary = "\n\n".join(part for part in (parsed.subject, parsed.text) if part)
    return contact_log_input(
        actor=actor,
        data=ContactInput(
            channel=Channel.EMAIL_IN,
            client=client,
            started_at=min(started, now),
            topic=thread.contact.topic if thread.contact else None,
            summary=summary or _("(an e-mail without text)"),
            email_address=parsed.from_address[:254],
        ),
    )


def _attach(email: InboundEmail, parsed: Parsed) -> None:
    """Each file through the public form's checks: kept if it passes, else listed with the
    reason (the original message still holds it)."""
    check = attachment_check()
    for part in parsed.attachments:
        upload = SimpleUploadedFile(part.name[:200], part.data, part.content_type)
        row = InboundAttachment(
            email=email, name=part.name[:200], content_type=part.content_type[:100]
        )
        row.size = len(part.data)
        try:
            checked = check(upload)
        except ValidationError as refusal:
            row.rejected = " ".join(refusal.messages)
            row.save()
            continue
        row.content_type = checked.content_type
        row.file.save(checked.name, upload, save=False)
        row.save()


@transaction.atomic
def inbound_retry(*, actor: User, email: InboundEmail) -> InboundEmail:
    """An administrator files a failed message again, as far as it can be read (the size
    limit and a broken structure no longer stop it); what still fails keeps its reason."""
    email = InboundEmail.objects.select_for_update().get(pk=email.pk)
    if email.status != InboundEmail.Status.FAILED:
        raise ValidationError(_("This e-mail has already been filed."))
    email.attempts += 1
    email.save(update_fields=["attempts"])
    if not email.original:
        _record_failure(email, "the original message is missing")
        return email
    with email.original.open("rb") as original:
        raw = original.read()
    try:
        with transaction.atomic():
            _file(by(email, actor), _parsed(raw, strict=False))
    except (Malformed, ValueError, LookupError) as problem:
        email.refresh_from_db()
        _record_failure(email, str(problem))
    return email


@transaction.atomic
def inbound_take(*, actor: User, email: InboundEmail) -> InboundEmail:
    """Take an incoming e-mail from the queue: it and its contact are the actor's now.
    A conditional update, so two people taking it at once cannot both have it."""
    taken = InboundEmail.objects.filter(
        pk=email.pk, status=InboundEmail.Status.FILED, assigned_to=None
    ).update(assigned_to=actor, taken_at=timezone.now())
    if taken != 1:
        raise ValidationError(_("Someone has already taken this e-mail."))
    email.refresh_from_db()
    contact = email.contact
    if contact is not None and contact.employee_id != actor.pk:
        contact.employee = actor
        by(contact, actor).save(update_fields=["employee"])
    return email


def inbound_scrub(contact_ids: list[int], *, scrub: Callable[[str], str]) -> set[str]:
    """2.1.6.1: the e-mails filed as these contacts lose what names the client — their texts,
    subject and addresses — and their original and attached files (called by
    ``cases.services.anonymise``); answers the addresses they came from."""
    addresses: set[str] = set()
    for email in InboundEmail.objects.filter(contact_id__in=contact_ids):
        addresses.add(email.from_address)
        for name in ("text", "quoted", "subject"):
            setattr(email, name, scrub(getattr(email, name)))
        email.from_address = email.from_name = email.to_addresses = ""
        if email.original:
            email.original.delete(save=False)
        for attachment in email.attachments.all():
            if attachment.file:
                attachment.file.delete(save=False)
            attachment.name = scrub(attachment.name) or "–"
            attachment.save(update_fields=["file", "name"])
        email.save(
            update_fields=[
                "text",
                "quoted",
                "subject",
                "from_address",
                "from_name",
                "to_addresses",
                "original",
            ]
        )
    return addresses - {""}
