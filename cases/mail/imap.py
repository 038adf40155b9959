"""Reading the institution's mailboxes over IMAP (docs/mail.md): ``INBOUND_MAIL_URL``, e.g.
``imaps://user:password@mail.example.lv:993/INBOX`` (``imap://`` for plain), several
comma-separated; the Celery beat task ``cases.tasks.fetch_mail`` every minute and
``manage.py fetch_mail`` call :func:`fetch_all`.

Nothing lost, nothing twice:

1. The unseen messages' UIDs are listed; they are fetched a batch at a time (one FETCH of
   whole messages, BODY.PEEK: reading does not mark them seen).
2. A batch is filed in one transaction (``cases.services.mail.inbound_receive_many``); one
   the desk already keeps (the same Message-ID, or UIDVALIDITY and UID) is not filed again.
   Should a message of it raise, the batch is rolled back and filed one message per
   transaction (``inbound_receive``), so that only that one is at fault.
3. Only after the commit are they marked \\Seen on the server, the batch in one command. A
   crash before that leaves them unseen: the next run reads them again and step 2 keeps each
   once.
4. A message that raises while being filed is kept as failed with the error (its original
   too) and marked seen; an administrator can retry it. Connection errors stop the run of
   that mailbox only; the next run starts again from step 1."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from imap_tools import AND, MailBox, MailBoxUnencrypted, MailMessage, MailMessageFlags

from cases.services import mail

logger = logging.getLogger(__name__)

#: Messages fetched per IMAP command and marked seen together.
BATCH = 50
#: At most this many messages per run: a beat task must end within its time limit
#: (``CELERY_TASK_SOFT_TIME_LIMIT``, 90 s); the rest wait for the next minute.
RUN_LIMIT = 1000


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    ssl: bool = True

    @property
    def key(self) -> str:
        """How the desk names the mailbox (no password): ``user@host/folder``."""
        return f"{self.user}@{self.host}/{self.folder}"[:200]


def mailbox_from_url(url: str) -> Mailbox:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
        raise ImproperlyConfigured(
            "INBOUND_MAIL_URL: expected imaps://user:password@host:993/INBOX or imap://…"
        )
    ssl = parts.scheme == "imaps"
    return Mailbox(
        host=parts.hostname,
        port=parts.port or (993 if ssl else 143),
        user=unquote(parts.username),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
        ssl=ssl,
    )


def configured_mailboxes() -> list[Mailbox]:
    return [mailbox_from_url(url) for url in getattr(settings, "INBOUND_MAIL_URLS", []) if url]


class _Raw(MailMessage):
    """A fetched message kept as its bytes: filed from them, never re-serialised."""

    def __init__(self, fetch_data: list[Any]) -> None:
        raw, uid_data, flag_data = self._get_message_data_parts(fetch_data)
        self._raw_uid_data = uid_data
        self._raw_flag_data = flag_data
        self.raw: bytes = raw


@dataclass
class Tally:
    read: int = 0
    filed: int = 0
    already: int = 0
    failed: int = 0

    def add(self, other: Tally) -> None:
        for name in ("read", "filed", "already", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _connect(box: Mailbox) -> Any:
    kind = MailBox if box.ssl else MailBoxUnencrypted
    return kind(box.host, box.port, timeout=60).login(box.user, box.password, box.folder)


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _count(tally: Tally, email: Any, created: bool) -> None:
    tally.read += 1
    if not created:
        tally.already += 1
    elif email.status == email.Status.FAILED:
        tally.failed += 1
    else:
        tally.filed += 1


def _file_one(box: Mailbox, validity: int, message: _Raw, tally: Tally) -> None:
    received = mail.Received(
        mailbox=box.key, raw=message.raw, uid_validity=validity, uid=int(message.uid or 0)
    )
    try:
        email, created = mail.inbound_receive(received=received)
    except SoftTimeLimitExceeded:
        raise  # the run is out of time, not the message at fault: it stays unseen
    except Exception as error:  # step 4: kept as failed, never lost, never retried forever
        logger.exception("Incoming e-mail %s/%s could not be filed", box.key, message.uid)
        email, created = mail.inbound_record_failure(received=received, reason=repr(error)), True
    _count(tally, email, created)


def _file_batch(box: Mailbox, validity: int, messages: list[_Raw], tally: Tally) -> None:
    """Step 2: the batch in one transaction; one by one if any of it raises."""
    batch = [
        mail.Received(mailbox=box.key, raw=m.raw, uid_validity=validity, uid=int(m.uid or 0))
        for m in messages
    ]
    try:
        filed = mail.inbound_receive_many(batch=batch)
    except SoftTimeLimitExceeded:
        raise
    except Exception:
        logger.warning("A batch of %s rolled back; filing it one by one", box.key, exc_info=True)
        for message in messages:
            _file_one(box, validity, message, tally)
        return
    for email, created in filed:
        _count(tally, email, created)


def fetch_mailbox(box: Mailbox, *, limit: int = RUN_LIMIT) -> Tally:
    """One mailbox's unseen messages, filed and then marked seen (steps 1–4)."""
    tally = Tally()
    with _connect(box) as client:
        client.email_message_class = _Raw
        status = client.folder.status(box.folder, ["UIDVALIDITY"])
        validity = int(status["UIDVALIDITY"])
        uids = list(client.uids(AND(seen=False)))[:limit]
        for chunk in _chunks(uids, BATCH):
            bulk = len(chunk) if len(chunk) > 1 else False
            messages = list(client.fetch(uid_list=chunk, mark_seen=False, bulk=bulk))
            _file_batch(box, validity, messages, tally)
            done = [m.uid for m in messages if m.uid]
            client.flag(done, MailMessageFlags.SEEN, True)  # step 3: after the commit
    return tally


def fetch_all(*, limit: int = RUN_LIMIT) -> Tally:
    """Every configured mailbox; one that cannot be reached is logged and skipped."""
    total = Tally()
    for box in configured_mailboxes():
        try:
            total.add(fetch_mailbox(box, limit=limit))
        except (OSError, ConnectionError) as error:
            logger.warning("Mailbox %s could not be read: %s", box.key, error)
        except Exception as error:
            if type(error).__module__.startswith("imap_tools"):
                logger.warning("Mailbox %s could not be read: %s", box.key, error)
            else:
                raise
    return total
