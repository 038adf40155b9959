"""One SMTP connection per worker process, kept open between e-mails (docs/notifications.md):
an e-mail costs the mail server's MAIL, RCPT and DATA, not a new connection, EHLO, STARTTLS and
QUIT each. A connection the server has closed meanwhile (idle, restarted) is noticed when the
next e-mail is sent on it, and that e-mail goes again on a new connection at once; any other
failure reaches the outbox, which decides what it means (permanent, or retried later)."""

from __future__ import annotations

import contextlib
import smtplib
import threading
import time
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers

#: A connection idle this long is closed and a new one opened, rather than trusted.
IDLE_SECONDS = 30.0

_session: dict[str, Any] = {"backend": None, "key": None, "used_at": 0.0}
_lock = threading.Lock()


def send_on_session(message: EmailMessage) -> None:
    """Send ``message`` on this process's open connection (opened when there is none). One
    e-mail at a time per process: a web process of the embedded mode sends from its threads."""
    with _lock:
        reused = _session["backend"] is not None and _fresh()
        try:
            try:
                _backend().send_messages([message])
            except (smtplib.SMTPServerDisconnected, ConnectionError):
                if not reused:
                    raise
                _close()
                _backend().send_messages([message])  # the server had closed the old one
        except Exception:
            _close()
            raise
        _session["used_at"] = time.monotonic()


def _fresh() -> bool:
    same = _session["key"] == repr(settings.MAILERS)
    return same and time.monotonic() - _session["used_at"] < IDLE_SECONDS


def _backend() -> Any:
    if _session["backend"] is not None and not _fresh():
        _close()
    if _session["backend"] is None:
        backend = mailers.create_connection("default")
        backend.open()  # open here: send_messages then leaves it open
        _session.update(backend=backend, key=repr(settings.MAILERS))
    return _session["backend"]


def _close() -> None:
    backend = _session["backend"]
    _session.update(backend=None, key=None)
    if backend is not None:
        with contextlib.suppress(Exception):  # a connection already gone closes quietly
            backend.close()
