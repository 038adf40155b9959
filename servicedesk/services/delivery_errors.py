"""Delivery faults of the outbox (``servicedesk.services.notifications``).

What a failed delivery attempt means: a permanent refusal by the mail server (a 5xx reply:
the address does not exist, relaying denied, the message refused) fails the row at once, as
trying again would get the same answer; anything else (a 4xx reply, a dropped or refused
connection, a time-out) is temporary and retried after ``backoff_delay``
(docs/notifications.md, "Retries"). And ``notification_mark_sent``: an e-mail the server
accepted is marked sent across a lost database connection."""

from __future__ import annotations

import logging
import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from servicedesk.models import Notification

logger = logging.getLogger(__name__)

#: The longest the text of an error kept on a row.
ERROR_CHARS = 2000


@dataclass(frozen=True)
class DeliveryError:
    """One failed attempt: ``reason`` as the administrator reads it in the outbox."""

    reason: str
    permanent: bool


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def delivery_error(exc: BaseException) -> DeliveryError:
    """Classify an exception raised while sending one e-mail.

    * ``SMTPRecipientsRefused``: permanent when every recipient got a 5xx answer.
    * ``SMTPSenderRefused``, ``SMTPDataError`` and other SMTP replies: permanent for 5xx.
    * ``SMTPAuthenticationError`` (535 and the like) is the desk's own configuration, not a
      refusal of this message: retried, so that the administrator can fix the password and the
      queue drains by itself.
    * Everything else (4xx, ``SMTPServerDisconnected``, ``OSError``, time-outs): temporary."""
    name = type(exc).__name__
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        answers = [
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in exc.recipients.items()
        ]
        permanent = all(500 <= int(code) < 600 for code, _ in exc.recipients.values())
        return DeliveryError(f"{name}: {'; '.join(answers)}"[:ERROR_CHARS], permanent)
    if isinstance(exc, smtplib.SMTPResponseException):
        code = int(exc.smtp_code)
        reason = f"{name}: {code} {_text(exc.smtp_error)}"[:ERROR_CHARS]
        permanent = 500 <= code < 600 and not isinstance(exc, smtplib.SMTPAuthenticationError)
        return DeliveryError(reason, permanent)
    return DeliveryError(f"{name}: {exc}"[:ERROR_CHARS], permanent=False)


#: Pauses between tries to mark an accepted e-mail sent while the database is unreachable:
#: about 12 s in all, less than ``NOTIFY_STUCK_SECONDS``' default lease.
MARK_SENT_PAUSES = (0.2, 0.5, 1.0, 2.0, 4.0, 4.0)


def notification_mark_sent(notification_id: int) -> bool:
    """sending → sent. The mail server has already accepted the e-mail: if the database
    connection was lost meanwhile (a restart, a terminated backend), reconnect and try again
    rather than leave the row to the sweeper, which would send it a second time."""
    for pause in (*MARK_SENT_PAUSES, None):
        try:
            Notification.objects.filter(
                pk=notification_id, status=Notification.Status.SENDING
            ).update(
                status=Notification.Status.SENT,
                sent_at=timezone.now(),
                next_attempt_at=None,
                claimed_at=None,
            )
        except (OperationalError, InterfaceError):
            if pause is None or connection.in_atomic_block:
                raise  # the sweeper re-sends it after the lease (same Message-ID)
            logger.warning("Database lost marking notification %s sent.", notification_id)
            connection.close()  # the next query opens a new connection
            time.sleep(pause)
        else:
            return True
    return False  # not reached: the last failure is raised


def backoff_delay(attempts: int) -> timedelta:
    """Wait before the next attempt after ``attempts`` failed ones: ``NOTIFY_BACKOFF_SECONDS``
    doubling (5 s, 10 s, 20 s, 40 s by default), never more than
    ``NOTIFY_BACKOFF_MAX_SECONDS`` (a minute)."""
    delay = settings.NOTIFY_BACKOFF_SECONDS * 2 ** min(max(attempts - 1, 0), 16)
    return timedelta(seconds=min(delay, settings.NOTIFY_BACKOFF_MAX_SECONDS))
