"""E-mail in (2.1.1.1, 3.1; docs/mail.md): each message read from a mailbox is kept once and
filed as an incoming e-mail contact of the client its sender is, or of a new, unconfirmed one.

The reader (``cases.mail.imap``) files a batch of messages with ``inbound_receive_many``, in
one transaction, and marks them \\Seen on the server only after it committed. Should any of
them raise, the batch is rolled back (the files it stored removed) and filed again one message
per transaction with ``inbound_receive``, so that only the one at fault is kept as failed.

1. The message's key in its mailbox: its Message-ID, else UIDVALIDITY and UID. A key already
   kept is a message already filed (fetched twice, or by another worker): nothing is written.
2. The key is unique in the database: a second worker filing the same message at the same
   moment waits on it, and then finds it (no duplicate; a batch that meets it is rolled back
   and filed one by one, which finds it).
3. A message too large, or whose structure is broken, is kept as failed with its reason and
   its original; an administrator may retry it (``inbound_retry``), which files it as far as
   it can be read.
4. Otherwise: the original (.eml) is stored, the text (HTML sanitised, quotes folded away),
   its language (4.6, ``cases.mail.language``), the thread (``cases.services.mail_threads``),
   the client, the contact and the attachments (the public form's checks). An automatic
   reply, a list or a loop is flagged never to get an automatic answer; a bounce marks the
   failed address undeliverable on its clients.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.mail.hooks import attachment_check
from cases.mail.language import detect_language
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
    """File one message in a transaction of its own (the steps in the module's docstring);
    returns the row and whether this call created it."""
    key = message_key(received)
    existing = InboundEmail.objects.filter(mailbox=received.mailbox, message_key=key).first()
    if existing is not None:
        return existing, False
    original = _store_original(key, received.raw)
    with transaction.atomic():
        try:
            with transaction.atomic():  # step 2: the row first; a twin waits here
                email = _row(received, key, original)
                email.save(force_insert=True)
        except IntegrityError:
            private_storage().delete(original)  # the twin's copy is the one kept
            return InboundEmail.objects.get(mailbox=received.mailbox, message_key=key), False
        try:
            parsed = _parsed(received.raw, strict=True)
        except Malformed as problem:
            _record_failure(email, str(problem))  # step 3
            return email, True
        _file(email, parsed, Intake.prepare([parsed]))
    return email, True


@dataclass
class Intake:
    """What a batch of messages shares, read once: the desk's intake account, the clients of
    their senders (looked up together, new ones created once), the attachment check, and the
    files stored so far (removed if the batch is rolled back)."""

    actor: User
    clients: dict[str, Client | None]
    check: Callable[[Any], Any]
    stored: list[str] = field(default_factory=list)

    @classmethod
    def prepare(cls, parsed: Sequence[Parsed]) -> Intake:
        actor = intake_user()
        senders: dict[str, str] = {}
        for message in parsed:  # a new client is named from the sender's first message
            if message.from_address and not message.is_bounce:
                senders.setdefault(message.from_address, message.from_name)
        return cls(actor=actor, clients=_clients_for(actor, senders), check=attachment_check())

    def client(self, address: str, name: str) -> Client | None:
        if address not in self.clients:  # not in the batch's look-up (a retry)
            self.clients.update(_clients_for(self.actor, {address: name}))
        return self.clients.get(address)


def inbound_receive_many(*, batch: Sequence[Received]) -> list[tuple[InboundEmail, bool]]:
    """File a batch of messages of one reader's run in one transaction (the fast path: a
    handful of queries per message and one commit per batch); returns each message's row
    and whether this call created it. Whatever one message raises rolls the whole batch back
    and is raised again: the caller then files them one by one (``inbound_receive``)."""
    keys = [message_key(received) for received in batch]
    known = {
        (e.mailbox, e.message_key): e
        for e in InboundEmail.objects.filter(
            mailbox__in={r.mailbox for r in batch}, message_key__in=keys
        )
    }
    readable: dict[tuple[str, str], Parsed | Malformed] = {}
    for received, key in zip(batch, keys, strict=True):
        if (received.mailbox, key) not in known:
            try:
                readable[received.mailbox, key] = _parsed(received.raw, strict=True)
            except Malformed as problem:  # step 3
                readable[received.mailbox, key] = problem
    done: list[tuple[InboundEmail, bool]] = []
    stored: list[str] = []
    try:
        with transaction.atomic():
            intake = Intake.prepare([p for p in readable.values() if isinstance(p, Parsed)])
            intake.stored = stored
            for received, key in zip(batch, keys, strict=True):
                if (received.mailbox, key) in known:  # step 1 (or twice in the batch)
                    done.append((known[received.mailbox, key], False))
                    continue
                email = _file_new(received, key, readable[received.mailbox, key], intake)
                known[received.mailbox, key] = email
                done.append((email, True))
    except BaseException:
        for name in stored:  # nothing of the batch was kept: neither are its files
            private_storage().delete(name)
        raise
    return done


def _file_new(
    received: Received, key: str, parsed: Parsed | Malformed, intake: Intake
) -> InboundEmail:
    """One message of a batch: the row is written once, complete (steps 3 and 4)."""
    original = _store_original(key, received.raw)
    intake.stored.append(original)
    email = _row(received, key, original)
    if isinstance(parsed, Malformed):
        logger.warning("Incoming e-mail %s/%s kept as failed: %s", received.mailbox, key, parsed)
        email.failure_reason = str(parsed)[:2000]
        email.save(force_insert=True)
    else:
        _file(email, parsed, intake)
    return email


def _row(received: Received, key: str, original: str) -> InboundEmail:
    """A message's row, not yet saved: failed until it is filed."""
    return InboundEmail(
        mailbox=received.mailbox,
        message_key=key,
        uid_validity=received.uid_validity,
        uid=received.uid,
        status=InboundEmail.Status.FAILED,
        size=len(received.raw),
        original=original,
    )


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


def _file(email: InboundEmail, parsed: Parsed, intake: Intake) -> None:
    """Step 4: the message's contents, language, thread, client, contact and attachments. A
    new row (a batch's) is inserted here, complete; a kept one is updated."""
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
    # 4.6 is about a client's consultation: an automatic reply, a list or a bounce gets none.
    automatic = parsed.automatic or parsed.is_bounce
    email.language = "" if automatic else detect_language(f"{parsed.subject}\n{parsed.text}")
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
        email.contact = _contact_for(parsed, thread, intake)
    email.status = InboundEmail.Status.FILED
    email.failure_reason = ""
    email.save(force_insert=email.pk is None)
    if not parsed.is_bounce:
        _attach(email, parsed, intake)


def _mark_undeliverable(addresses: list[str]) -> None:
    """A bounce: the address failed; its clients are marked (one row at a time, for the
    audit trail)."""
    now = timezone.now()
    for client in Client.objects.filter(email__in=addresses, email_undeliverable_at=None):
        client.email_undeliverable_at = now
        client.save(update_fields=["email_undeliverable_at"])


def _clients_for(actor: User, senders: dict[str, str]) -> dict[str, Client | None]:
    """The client of each sender's address (lower case), found in one query; a new,
    unconfirmed one for an address no active client has."""
    addresses = sorted(a for a in senders if a)
    if not addresses:
        return {}
    if connection.vendor == "postgresql":
        # Two workers filing messages of one new sender at once would make two clients: the
        # second waits here until the first's transaction has committed its client. All of a
        # batch's addresses are locked in one statement, in sorted order: two batches never
        # wait on each other in a circle.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_advisory_xact_lock(hashtext(a))) FROM unnest(%s::text[]) AS a",
                [[a.lower() for a in addresses]],
            )
    found: dict[str, Client | None] = {}
    rows = (
        Client.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=[a.lower() for a in addresses], is_active=True)
        .order_by("-pk")  # the oldest last: it is the one kept for an address
    )
    for client in rows:
        found[client.email_lower] = client
    for address in addresses:
        if address.lower() not in found:
            found[address.lower()] = _client_new(actor, address, senders[address])
    return {address: found[address.lower()] for address in addresses}


def _client_new(actor: User, address: str, name: str) -> Client:
    client = client_create(
        actor=actor,
        name=(name or address)[:200],
        email=address,
        preferred_channel=ClientChannel.EMAIL,
    )
    client.confirmed = False
    client.save(update_fields=["confirmed"])
    return client


def _contact_for(parsed: Parsed, thread: Thread, intake: Intake) -> Any:
    now = timezone.now()
    started = parsed.sent_at if parsed.sent_at and parsed.sent_at <= now + CLOCK_SKEW else now
    client = intake.client(parsed.from_address, parsed.from_name)
    summary = "\n\n".join(part for part in (parsed.subject, parsed.text) if part)
    return contact_log_input(
        actor=intake.actor,
        data=ContactInput(
            channel=Channel.EMAIL_IN,
            client=client,
            started_at=min(started, now),
            topic=thread.contact.topic if thread.contact else None,
            summary=summary or _("(an e-mail without text)"),
            email_address=parsed.from_address[:254],
        ),
    )


def _attach(email: InboundEmail, parsed: Parsed, intake: Intake) -> None:
    """Each file through the public form's checks: kept if it passes, else listed with the
    reason (the original message still holds it). The rows in one INSERT."""
    rows = []
    for part in parsed.attachments:
        upload = SimpleUploadedFile(part.name[:200], part.data, part.content_type)
        row = InboundAttachment(
            email=email, name=part.name[:200], content_type=part.content_type[:100]
        )
        row.size = len(part.data)
        rows.append(row)
        try:
            checked = intake.check(upload)
        except ValidationError as refusal:
            row.rejected = " ".join(refusal.messages)
            continue
        row.content_type = checked.content_type
        row.file.save(checked.name, upload, save=False)
        intake.stored.append(row.file.name or "")
    InboundAttachment.objects.bulk_create(rows)


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
            parsed = _parsed(raw, strict=False)
            _file(by(email, actor), parsed, Intake.prepare([parsed]))
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
