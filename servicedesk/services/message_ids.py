"""The Message-ID of an outbox e-mail (docs/notifications.md): written with the row, the
same on every attempt, and not guessable, because a client's reply naming it is filed with
the row's record (cases.services.mail_threads)."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.conf import settings

from servicedesk.models import Notification


def message_id_for(notification: Notification) -> str:
    """The Message-ID of a written row: the one stored when it was written (every attempt
    sends the same one); for a row written before they were stored, the one made from its id."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return notification.message_id or f"<notification-{notification.pk}@{domain}>"


def new_message_id() -> str:
    """Known before the row is written (so part of its one INSERT), and not guessable: a reply
    naming it is filed with the row's record (cases.services.mail_threads)."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification.{uuid.uuid4().hex}@{domain}>"
