"""The notification outbox: the only writer of ``Notification`` rows (ARCHITECTURE.md,
"Notifications: a transactional outbox").

How a notification travels (4.10.1, 4.11, 8 and every other "inform at once" clause rely on it):

1. A service calls ``notify_user`` / ``notify_address`` / ``notification_create`` inside its own
   ``transaction.atomic`` block. The rows are written in that transaction: if the change rolls
   back, so do its notifications.
2. ``transaction.on_commit`` queues ``servicedesk.tasks.deliver_notification`` with the row's id
   (the fast path). A broker that is down is logged and ignored: the row waits in the database.
3. ``notification_deliver`` claims the row with a conditional update (pending → sending), sends
   it (e-mail through Django's e-mail backend; an in-app row is delivered by being there), marks
   it sent; fails it at once on a permanent refusal (5xx, ``delivery_errors``); or puts it back
   to pending and queues the next attempt with a countdown (backoff capped at a minute); or
   fails it after ``NOTIFY_MAX_ATTEMPTS``.
4. ``notifications_sweep`` (Celery beat) re-queues due pending rows and rows left in "sending"
   past their lease (``NOTIFY_STUCK_SECONDS``: a worker died), locking them with ``SELECT …
   FOR UPDATE SKIP LOCKED`` on PostgreSQL. ``outbox_watch`` warns when 4.11 e-mails are late.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Required, TypedDict, Unpack

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import connection, models, transaction
from django.db.models import F, Q, Value
from django.db.models.constants import OnConflict
from django.db.models.functions import Replace
from django.template import Context, Engine
from django.utils import timezone, translation

from servicedesk import scopes, sealed_links
from servicedesk.celery import enqueue
from servicedesk.models import Notification
from servicedesk.roles import Action, can
from servicedesk.selectors.notifications import inbox_for
from servicedesk.services.delivery_errors import (
    DeliveryError,
    backoff_delay,
    delivery_error,
    notification_mark_sent,
)
from servicedesk.services.message_ids import message_id_for, new_message_id
from servicedesk.services.smtp_session import send_on_session

if TYPE_CHECKING:
    from servicedesk.types import User

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "lv"
SWEEP_BATCH_SIZE = 500
EMAIL_LAYOUT_TEMPLATE = "notifications/email.txt"
BROKER_PAUSE_SECONDS = 30.0
#: The Celery task that delivers one row (``servicedesk.tasks``); queued by name.
DELIVER_TASK = "servicedesk.tasks.deliver_notification"
_broker_down_until = 0.0  # time.monotonic() before which _enqueue does not try the broker
#: The head's e-mail "at once" (4.11) is delivered before the rest (Redis priorities: 0 first).
URGENT_CLAUSE, URGENT_PRIORITY, ROUTINE_PRIORITY = "4.11", 0, 6


class NotificationNotResendable(Exception):
    """Only failed rows, and pending rows waiting for their next attempt, can be sent again."""


# --- Writing rows (in the caller's transaction) ----------------------------------------------


@transaction.atomic(savepoint=False)  # in the caller's transaction: no savepoint of its own
def notification_create(
    *,
    recipient: Any = None,
    email: str = "",
    channel: str,
    kind: str,
    rule_clause: str = "",
    target: models.Model | None = None,
    subject: str,
    body: str,
    link: str = "",
    language: str = DEFAULT_LANGUAGE,
    idempotency_key: str,
    in_reply_to: str = "",
    references: str = "",
) -> Notification:
    """Write one pending notification and queue its delivery for after the commit.

    Call it inside the transaction of the change that causes it. A repeated
    ``idempotency_key`` returns the existing row instead of writing a duplicate, so a service
    that runs twice (a retried task, a double-submitted form) notifies once.

    The row takes the confidentiality scope of its target (``servicedesk.scopes``): a
    notification about a feedback item, or about anything derived from one, is read only
    through that item's gate. A secret link goes into ``body`` sealed
    (``servicedesk.sealed_links.seal``) and is put in only when the e-mail is sent.

    ``in_reply_to`` (and ``references``) make it a person's reply to a client (docs/mail.md)."""
    email = _checked_address(channel=channel, recipient=recipient, email=email, link=link)
    notification = Notification(
        recipient=recipient,
        email=email,
        channel=channel,
        kind=kind,
        rule_clause=rule_clause,
        language=language,
        subject=_one_line(subject)[:300],
        body=body.strip(),
        link=link,
        idempotency_key=idempotency_key,
        status=Notification.Status.PENDING,
        in_reply_to=in_reply_to,
        references=_one_line(references),
    )
    if target is not None:
        _aim(notification, target)
    if channel == Notification.Channel.EMAIL:
        notification.message_id = new_message_id()
    else:  # in-app: delivered by being in the inbox, from the commit on; no task
        notification.status = Notification.Status.SENT
        notification.sent_at, notification.attempts = timezone.now(), 1
    if not _inserted(notification):
        return Notification.objects.get(idempotency_key=idempotency_key)
    if channel == Notification.Channel.EMAIL:
        notification_id, urgent = notification.pk, rule_clause == URGENT_CLAUSE
        transaction.on_commit(lambda: _enqueue(notification_id, urgent=urgent))
    return notification


def _inserted(notification: Notification) -> bool:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING id``: False when a row with the key was
    written before, or by a concurrent writer (the insert waits for its commit). One
    statement and no savepoint: the caller's transaction goes on either way. (Django's
    ``bulk_create(ignore_conflicts=True)`` would not return the new row's id.)"""
    meta = Notification._meta
    fields = [f for f in meta.concrete_fields if not f.generated and not f.primary_key]
    rows = Notification.objects._insert(  # type: ignore[attr-defined]
        [notification],
        fields=fields,
        returning_fields=meta.db_returning_fields,
        on_conflict=OnConflict.IGNORE,
    )
    if not rows:
        return False
    for field, value in zip(meta.db_returning_fields, rows[0], strict=True):
        setattr(notification, field.attname, value)
    notification._state.adding = False
    notification._state.db = Notification.objects.db
    return True


def notifications_renumber(*, target: models.Model, pending: str, number: str) -> int:
    """Put ``number`` in place of the provisional ``pending`` (unique to one registration) in
    the subject and text of the rows about ``target`` that hold it: a register number taken
    last in the registering transaction (``complaints.register.services.registration``),
    after its notifications were written (e-mails pending, in-app rows already in the inbox
    but not visible before the commit). Returns how many rows changed."""
    return Notification.objects.filter(
        Q(subject__contains=pending) | Q(body__contains=pending),
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
    ).update(
        subject=Replace(F("subject"), Value(pending), Value(number)),
        body=Replace(F("body"), Value(pending), Value(number)),
    )


def _aim(notification: Notification, target: models.Model) -> None:
    """The row is about ``target``, and takes its confidentiality scope."""
    notification.content_type = ContentType.objects.get_for_model(target)
    notification.object_id = str(target.pk)
    scope = scopes.scope_of(target)
    if scope is not None:
        notification.scope_type, notification.scope_id = scope


def _checked_address(*, channel: str, recipient: Any, email: str, link: str) -> str:
    """The e-mail address a new notification goes to ("" in the app), after refusing what
    could never be delivered: an unknown channel, a link off this site, no address, no user."""
    if channel not in Notification.Channel.values:
        raise ValueError(f"Unknown notification channel {channel!r}.")
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValueError("A notification link must be a path on this site, e.g. /complaints/12/.")
    if channel == Notification.Channel.EMAIL and not email and recipient is not None:
        email = _address_of(recipient)
    if channel == Notification.Channel.EMAIL and not email:
        raise ValueError("An e-mail notification needs an address.")
    if channel == Notification.Channel.IN_APP and recipient is None:
        raise ValueError("An in-app notification needs a recipient user.")
    return email


class Message(TypedDict, total=False):
    """A notification as ``notify_user``, ``notify_address`` and ``notify_users_or_address``
    take it besides the recipient: ``template`` and ``context`` make its subject and body,
    ``key`` its idempotency key (the channel and the recipient are added to it)."""

    kind: Required[str]
    rule_clause: str
    target: models.Model | None
    template: Required[str]
    context: Required[dict[str, Any]]
    link: str
    key: Required[str]


def _write(
    message: Message,
    rendered: tuple[str, str],
    *,
    recipient: Any,
    email: str,
    channel: str,
    language: str,
    idempotency_key: str,
) -> Notification:
    """One outbox row of ``message`` (its subject and body already ``rendered``)."""
    subject, body = rendered
    return notification_create(
        recipient=recipient,
        email=email,
        channel=channel,
        kind=message["kind"],
        rule_clause=message.get("rule_clause", ""),
        target=message.get("target"),
        subject=subject,
        body=body,
        link=message.get("link", ""),
        language=language,
        idempotency_key=idempotency_key,
    )


def message_preview(
    template: str, context: dict[str, Any], *, language: str, rule_clause: str = ""
) -> tuple[str, str]:
    """The subject and text a message would have, for a screen that shows it before it is
    sent (nothing is stored or sent)."""
    return _render(
        template, context, language=language, recipient=None, link="", rule_clause=rule_clause
    )


def _rendered(message: Message, *, language: str, recipient: Any) -> tuple[str, str]:
    return _render(
        message["template"],
        message["context"],
        language=language,
        recipient=recipient,
        link=message.get("link", ""),
        rule_clause=message.get("rule_clause", ""),
    )


def notify_user(
    *,
    user: User,
    channels: Sequence[str] = (Notification.Channel.EMAIL, Notification.Channel.IN_APP),
    **message: Unpack[Message],
) -> list[Notification]:
    """Notify a staff member in their own language (the employee record's language of
    notifications, Latvian by default), one row per channel.

    ``template`` names a pair ``<template>_subject.txt`` and ``<template>_body.txt``; they are
    rendered with ``context`` plus ``recipient``, ``link_url`` and ``rule_clause``. The e-mail
    row is written only if the user has an address; an inactive account gets nothing."""
    if not user.is_active:
        return []
    language = _language_of(user)
    rendered = _rendered(message, language=language, recipient=user)
    address = _address_of(user)
    rows = []
    for channel in channels:
        if channel == Notification.Channel.EMAIL and not address:
            continue
        rows.append(
            _write(
                message,
                rendered,
                recipient=user,
                email=address if channel == Notification.Channel.EMAIL else "",
                channel=channel,
                language=language,
                idempotency_key=f"{message['key']}:{channel}:{user.pk}",
            )
        )
    return rows


def notify_address(
    *, email: str, language: str = DEFAULT_LANGUAGE, **message: Unpack[Message]
) -> Notification:
    """E-mail an address that has no user account (a review authority's mailbox, a client),
    rendered in ``language``."""
    return _write(
        message,
        _rendered(message, language=language, recipient=None),
        recipient=None,
        email=email,
        channel=Notification.Channel.EMAIL,
        language=language,
        idempotency_key=f"{message['key']}:{Notification.Channel.EMAIL}:{email.lower()}",
    )


def notify_users_or_address(
    *,
    users: Sequence[Any],
    email: str,
    channels: Sequence[str] = (Notification.Channel.EMAIL, Notification.Channel.IN_APP),
    link_to_address: bool = True,
    **message: Unpack[Message],
) -> list[Notification]:
    """Tell the people themselves (``notify_user``, through ``channels``) or, only when there
    is nobody to tell, the shared ``email`` (a unit's or an authority's mailbox), with the
    ``link`` unless ``link_to_address`` is off (its readers have no login in the desk). No
    rows when there is neither: the caller says what that means (refuse, or log it)."""
    if users:
        rows: list[Notification] = []
        for user in users:
            rows += notify_user(user=user, channels=channels, **message)
        return rows
    if not email:
        return []
    if not link_to_address:
        message["link"] = ""
    return [notify_address(email=email, **message)]


# --- Delivery (Celery task) ------------------------------------------------------------------


def notification_deliver(*, notification_id: int) -> bool:
    """Deliver one notification; True if this call sent it.

    Not one transaction on purpose: the claim must be committed before the mail server is
    contacted, so that a second worker (or the sweeper) sees the row as taken.

    1. Claim: pending and due → sending, attempts + 1, ``claimed_at`` now (the lease), in one
       conditional UPDATE. Anyone else who got the same id (a duplicate task, the sweeper)
       updates no row and stops here.
    2. Send: an e-mail through the configured backend with a Message-ID fixed per row, so that
       the rare duplicate (the lease ran out while the mail server was accepting) folds in
       mail clients; an in-app row is delivered by being in the recipient's inbox.
    3. Mark it sent (retrying a lost database connection for a few seconds, so that an e-mail
       the server accepted is not sent again), or fail it at once on a permanent refusal
       (5xx), or put it back to pending and queue the next attempt with a countdown
       (``backoff_delay``), or fail it after the last attempt.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=notification_id,
        status=Notification.Status.PENDING,
    ).update(status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        return False
    notification = Notification.objects.get(pk=notification_id)
    try:
        if notification.channel == Notification.Channel.EMAIL:
            _send_email(notification)
    except Exception as exc:  # any failure of the mail server or backend
        _record_failure(notification, delivery_error(exc))
        return False
    return notification_mark_sent(notification_id)


def _record_failure(notification: Notification, error: DeliveryError) -> None:
    now = timezone.now()
    delay: timedelta | None = None
    if error.permanent or notification.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        why = "refused for good" if error.permanent else "failed after the last attempt"
        logger.error("Notification %s %s: %s", notification.pk, why, error.reason)
        changes: dict[str, Any] = {"status": Notification.Status.FAILED, "next_attempt_at": None}
    else:
        delay = backoff_delay(notification.attempts)
        logger.warning(
            "Notification %s attempt %s failed, next in %s s: %s",
            notification.pk,
            notification.attempts,
            delay.total_seconds(),
            error.reason,
        )
        changes = {"status": Notification.Status.PENDING, "next_attempt_at": now + delay}
    updated = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.SENDING
    ).update(last_error=error.reason, claimed_at=None, **changes)
    if updated and delay is not None:
        # Its own schedule: the next attempt is queued with a countdown, not left to the
        # sweeper (which still picks it up if the broker loses the message).
        retry = partial(
            _enqueue,
            notification.pk,
            countdown=delay.total_seconds(),
            urgent=notification.rule_clause == URGENT_CLAUSE,
        )
        transaction.on_commit(retry)


def _send_email(notification: Notification) -> None:
    # The stored body holds sealed links; the real ones exist only in the message sent.
    body = sealed_links.unseal(notification.body, notification=notification)
    headers = {"Message-ID": message_id_for(notification)}
    if notification.in_reply_to:
        # A person's reply: as written (its signature is in the body), threaded.
        headers["In-Reply-To"] = notification.in_reply_to
        headers["References"] = notification.references or notification.in_reply_to
    else:
        with translation.override(notification.language):
            body = _render_template(
                EMAIL_LAYOUT_TEMPLATE,
                {
                    "body": body,
                    "link_url": _absolute(notification.link),
                    "rule_clause": notification.rule_clause,
                },
            ).strip()
        # RFC 3834: tells auto-responders not to answer a machine.
        headers["Auto-Submitted"] = "auto-generated"
    message = EmailMessage(
        subject=notification.subject,
        body=body + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.email],
        headers=headers,
    )
    # The configured mailer (SMTP via EMAIL_URL, the console in the embedded default), on the
    # process's open connection.
    send_on_session(message)


# --- Sweeper (Celery beat) -------------------------------------------------------------------


def notifications_sweep(*, now: datetime | None = None) -> list[int]:
    """Re-queue what the fast path missed; return the ids queued.

    Picks pending rows that are due (the broker was down, or the backoff has passed) and rows
    left in "sending" longer than ``NOTIFY_STUCK_SECONDS`` (a worker died mid-delivery; they go
    back to pending, or to failed if that was their last attempt). At most
    ``SWEEP_BATCH_SIZE`` rows per run, locked with SKIP LOCKED where the database can, so two
    sweepers never queue the same rows."""
    now = now or timezone.now()
    stuck_before = now - timedelta(seconds=settings.NOTIFY_STUCK_SECONDS)
    with transaction.atomic():
        due = Q(status=Notification.Status.PENDING) & (
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        )
        stuck = Q(status=Notification.Status.SENDING, claimed_at__lt=stuck_before)
        candidates = Notification.objects.filter(due | stuck).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        rows = list(
            candidates.values_list("pk", "status", "attempts", "rule_clause")[:SWEEP_BATCH_SIZE]
        )

        stuck_ids = [pk for pk, status, *_ in rows if status == Notification.Status.SENDING]
        exhausted = [
            pk
            for pk, status, attempts, _clause in rows
            if status == Notification.Status.SENDING and attempts >= settings.NOTIFY_MAX_ATTEMPTS
        ]
        if exhausted:
            Notification.objects.filter(pk__in=exhausted).update(
                status=Notification.Status.FAILED,
                claimed_at=None,
                last_error="The worker stopped during the last attempt.",
            )
        if stuck_ids:
            logger.warning("Notifications stuck in sending, re-queued: %s", stuck_ids)
            Notification.objects.filter(pk__in=set(stuck_ids) - set(exhausted)).update(
                status=Notification.Status.PENDING, claimed_at=None, next_attempt_at=None
            )
        queued = [(pk, clause) for pk, _, _, clause in rows if pk not in exhausted]
        for pk, clause in queued:
            transaction.on_commit(partial(_enqueue, pk, urgent=clause == URGENT_CLAUSE))
    return [pk for pk, _clause in queued]


# --- Administration and the inbox ------------------------------------------------------------


@transaction.atomic
def notification_resend(*, actor: User, notification: Notification) -> Notification:
    """The administrator's "send again": a failed row (or one waiting for its next attempt)
    gets a fresh set of attempts and is queued at once. Subject and body stay as written (a
    sealed link is made again when it is sent). Only a row within the actor's scope."""
    if not can(actor, Action.MANAGE_NOTIFICATIONS):
        raise PermissionDenied
    # 2.1.4.4: a row about an item the administrator may not know of is not theirs to touch.
    updated = Notification.objects.filter(
        scopes.visible_q(actor),
        pk=notification.pk,
        status__in=[Notification.Status.FAILED, Notification.Status.PENDING],
    ).update(status=Notification.Status.PENDING, attempts=0, next_attempt_at=None, claimed_at=None)
    if updated != 1:
        raise NotificationNotResendable(notification.pk)
    logger.info("Notification %s queued again by %s", notification.pk, actor.pk)
    notification_id, urgent = notification.pk, notification.rule_clause == URGENT_CLAUSE
    transaction.on_commit(lambda: _enqueue(notification_id, urgent=urgent))
    notification.refresh_from_db()
    return notification


@transaction.atomic
def inbox_mark_read(
    *, actor: User, notification_ids: Collection[int] = (), mark_all: bool = False
) -> int:
    """Mark the actor's own in-app notifications read (the given ones, or all); return how
    many changed. Other people's ids are ignored."""
    unread = inbox_for(actor).filter(read_at__isnull=True)
    if not mark_all:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


# --- Helpers ---------------------------------------------------------------------------------


def _enqueue(notification_id: int, *, countdown: float | None = None, urgent: bool = False) -> None:
    """Queue delivery; never fail the caller. If Redis is down the publish gives up after the
    broker's ~2 s connection timeout, and for the next ``BROKER_PAUSE_SECONDS`` this process
    does not try again (a commit that wrote five rows must not wait five times): the rows wait
    in the database and the sweeper delivers them. ``urgent`` (the head's 4.11 e-mail) goes
    to the front of the queue: a worker takes it before any other waiting delivery."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        logger.info("Broker recently down; notification %s left to the sweeper.", notification_id)
        return
    try:
        # By name: servicedesk.tasks imports this module (tasks → services, never back).
        priority = URGENT_PRIORITY if urgent else ROUTINE_PRIORITY
        enqueue(DELIVER_TASK, notification_id, countdown=countdown, priority=priority)
    except Exception:
        _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning(
            "Could not queue notification %s; the sweeper will deliver it.",
            notification_id,
            exc_info=True,
        )


def _language_of(user: User) -> str:
    employee = getattr(user, "employee", None)  # no employee record: the related lookup raises
    language = getattr(employee, "language", "") or DEFAULT_LANGUAGE
    return str(language)


def _address_of(user: User) -> str:
    if user.email:
        return str(user.email)
    employee = getattr(user, "employee", None)
    return str(getattr(employee, "email", "") or "")


def _render(
    template: str,
    context: dict[str, Any],
    *,
    language: str,
    recipient: Any,
    link: str,
    rule_clause: str,
) -> tuple[str, str]:
    full_context = {
        "recipient": recipient,
        "link_url": _absolute(link),
        "rule_clause": rule_clause,
        "language": language,
        **context,  # the caller's names win
    }
    with translation.override(language):
        subject = _render_template(f"{template}_subject.txt", full_context)
        body = _render_template(f"{template}_body.txt", full_context)
    return _one_line(subject), body.strip()


def _render_template(name: str, context: dict[str, Any]) -> str:
    # Plain text: no HTML escaping ("SIA “A & B”" must not arrive as "A &amp; B").
    return Engine.get_default().get_template(name).render(Context(context, autoescape=False))


def _absolute(link: str) -> str:
    return f"{settings.SITE_URL}{link}" if link else ""


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
