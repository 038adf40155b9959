"""Watching the outbox: the heartbeats of the background processes, and the warning that 4.11
e-mails to the head of institution are not getting through (docs/notifications.md,
"Readiness and warnings").

* ``heartbeat_record``: a Celery worker (a thread started when it is ready,
  ``servicedesk.celery``) and the sweeper (``servicedesk.tasks.sweep_notifications``) write
  that they are alive into ``WorkerHeartbeat``, a database row rather than Redis, so that
  ``/readyz/outbox`` can say the worker is gone while the broker is down too. At most every
  ``HEARTBEAT_SECONDS`` per process and name.
* ``outbox_warn_undelivered`` (Celery beat, every minute): "Darbinieks … nekavējoties
  elektroniski informē Iestādes vadītāju" (4.11). An e-mail of the head's notice not sent
  ``UNDELIVERED_AFTER`` after it was written, or failed, puts an in-app warning in the inbox
  of the head and of every administrator, once per row (``Notification.warned_at``). The
  warning names only whom the e-mail was for and, for an administrator, links the outbox
  admin page: no item, no number, no text (an item may be one the reader may not know of,
  2.1.4.4), so it carries no scope.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from servicedesk.models import Notification, ReviewAuthority, WorkerHeartbeat
from servicedesk.roles import Action, Role, can
from servicedesk.services.notifications import DEFAULT_LANGUAGE, notification_create

logger = logging.getLogger(__name__)

#: A process writes its heartbeat at most this often.
HEARTBEAT_SECONDS = 10
#: The heartbeat row of the outbox sweeper (Celery beat runs it through a worker).
SWEEPER = "sweeper"
#: The prefix of a Celery worker's heartbeat row; the worker's host name follows.
WORKER_PREFIX = "worker:"
#: A worker not heard of for this long is gone: its row is deleted by the sweep.
HEARTBEAT_FORGET_AFTER = timedelta(days=1)

#: 4.11: the kinds of the head's notice of a registered item (complaints.register.services:
#: ``complaint_registered`` to the HEAD authority, ``complaint_head_notice`` of any other
#: item), both written with ``rule_clause="4.11"``. Named as text: the core app imports no app
#: above it.
HEAD_NOTICE_KINDS = ("complaint_registered", "complaint_head_notice")
HEAD_NOTICE_CLAUSE = "4.11"
#: The kind of the warning itself.
WARNING_KIND = "outbox_undelivered"
#: "At once": an e-mail of the head's notice not sent this long after it was written is late.
UNDELIVERED_AFTER = timedelta(minutes=5)
#: Rows older than this are not warned of (a first run after an upgrade, a restored backup).
WARN_LOOKBACK = timedelta(days=1)
WARN_BATCH = 500

_written: dict[str, float] = {}  # name → time.monotonic() of this process's last write


def heartbeat_record(*, name: str, now: datetime | None = None) -> bool:
    """Write that the process ``name`` is alive now; True if a row was written. Skipped when
    this process wrote it less than ``HEARTBEAT_SECONDS`` ago."""
    last = _written.get(name)
    # (0.9: a caller every HEARTBEAT_SECONDS, a hair early, still writes each time.)
    if last is not None and time.monotonic() - last < HEARTBEAT_SECONDS * 0.9:
        return False
    WorkerHeartbeat.objects.update_or_create(
        name=name[:200], defaults={"seen_at": now or timezone.now()}
    )
    _written[name] = time.monotonic()
    return True


def heartbeats_forget(*, now: datetime | None = None) -> int:
    """Delete the rows of workers not heard of for ``HEARTBEAT_FORGET_AFTER`` (a container
    replaced gets a new host name, and so a new row); return how many. The sweeper's own row
    stays: readiness reports its age."""
    old = (now or timezone.now()) - HEARTBEAT_FORGET_AFTER
    stale = WorkerHeartbeat.objects.filter(name__startswith=WORKER_PREFIX, seen_at__lt=old)
    return int(stale.delete()[0])


def late_head_notices(now: datetime) -> Q:
    """E-mails of the head's 4.11 notice that are late: failed, or not sent
    ``UNDELIVERED_AFTER`` after they were written (within ``WARN_LOOKBACK``)."""
    Status = Notification.Status
    return (
        Q(
            channel=Notification.Channel.EMAIL,
            rule_clause=HEAD_NOTICE_CLAUSE,
            kind__in=HEAD_NOTICE_KINDS,
            created_at__gte=now - WARN_LOOKBACK,
        )
        & ~Q(status=Status.SENT)
        & (Q(status=Status.FAILED) | Q(created_at__lte=now - UNDELIVERED_AFTER))
    )


@transaction.atomic
def outbox_warn_undelivered(*, now: datetime | None = None) -> int:
    """Warn the head and the administrators of the late 4.11 e-mails not warned of yet;
    return how many rows were warned of. One warning per reader and run, naming whom the
    e-mails were for; each row is warned of once, also when two beats run at once (the rows
    are locked with SKIP LOCKED on PostgreSQL)."""
    now = now or timezone.now()
    candidates = Notification.objects.filter(late_head_notices(now), warned_at__isnull=True)
    if connection.features.has_select_for_update_skip_locked:
        candidates = candidates.select_for_update(skip_locked=True)
    ids = list(candidates.order_by("pk").values_list("pk", flat=True)[:WARN_BATCH])
    if not ids:
        return 0
    Notification.objects.filter(pk__in=ids).update(warned_at=now)
    rows = list(Notification.objects.filter(pk__in=ids).select_related("recipient"))
    addressees = sorted({_addressee(row) for row in rows})
    logger.error("4.11 e-mails not delivered in time: %s", ids)
    for reader in _readers():
        _warn(reader, count=len(ids), addressees=addressees, key=f"{ids[0]}:{reader.pk}")
    return len(ids)


def _readers() -> list[Any]:
    """The head of institution (the HEAD role, or a member of the HEAD authority) and the
    administrators, active ones only."""
    head_or_admin = (
        Q(groups__name__in=[Role.HEAD.value, Role.ADMINISTRATOR.value])
        | Q(is_superuser=True)
        | Q(review_authorities__kind=ReviewAuthority.Kind.HEAD)
    )
    users = get_user_model().objects.filter(head_or_admin, is_active=True).distinct()
    return list(users.select_related("employee").order_by("pk"))


def _addressee(row: Notification) -> str:
    """Whom an e-mail was for, as the warning names it: the person, or the mailbox."""
    if row.recipient is not None:
        return str(row.recipient.get_full_name() or row.recipient.get_username())
    return row.email


def _warn(reader: Any, *, count: int, addressees: Sequence[str], key: str) -> None:
    employee = getattr(reader, "employee", None)  # no employee record: the lookup raises
    language = str(getattr(employee, "language", "") or DEFAULT_LANGUAGE)
    admin = can(reader, Action.MANAGE_NOTIFICATIONS)
    minutes = int(UNDELIVERED_AFTER.total_seconds() // 60)
    with translation.override(language):
        subject = gettext("E-mails to the head of institution are not being delivered (4.11)")
        lines = [
            ngettext(
                "%(count)d e-mail telling the head of institution of a registered item was "
                "not delivered within %(minutes)d minutes.",
                "%(count)d e-mails telling the head of institution of registered items were "
                "not delivered within %(minutes)d minutes.",
                count,
            )
            % {"count": count, "minutes": minutes},
            gettext("Not delivered to: %(addressees)s.") % {"addressees": ", ".join(addressees)},
            gettext("Open the outbox to see the error and send them again.")
            if admin
            else gettext("The administrators have been told as well."),
        ]
    notification_create(
        recipient=reader,
        channel=Notification.Channel.IN_APP,
        kind=WARNING_KIND,
        rule_clause=HEAD_NOTICE_CLAUSE,
        subject=subject,
        body="\n\n".join(lines),
        link=reverse("admin:servicedesk_notification_changelist") if admin else "",
        language=language,
        idempotency_key=f"{WARNING_KIND}:{key}",
    )
