"""Callbacks (4.3.1, 4.13): arranged, cancelled, reminded. Completing one logs a contact, so
``callback_complete`` lives with ``contact_log`` in ``contacts`` (which arranges callbacks:
this module stays below it)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Callback,
    Contact,
    Outcome,
)
from cases.phones import normalize_phone, phone_callback_allowed
from cases.selectors.team import substitute_for
from cases.services._common import (
    CALLBACK_REMIND_BEFORE_MINUTES,
    CallbackRefused,
    _add_outcomes,
    by,
    send_message,
)
from servicedesk.roles import Role, has_role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# --- Callbacks (4.3.1, 4.13) -------------------------------------------------------------------


@transaction.atomic
def callback_arrange(
    *,
    actor: User,
    contact: Contact,
    phone_number: str,
    question: str,
    due_at: datetime,
    owner: Any,
    client_abroad: bool = False,
) -> Callback:
    """4.3.1: note the number, find out, call back. A foreign number (country code ≠ 371) or a
    client abroad / roaming gets no phone callback: :class:`CallbackRefused` tells the
    employee to offer an e-mail instead (4.3.1, 4.13)."""
    number = normalize_phone(phone_number)
    if not phone_callback_allowed(number, client_abroad=client_abroad):
        raise CallbackRefused()
    owner = substitute_for(owner) or owner  # an absent owner's substitute takes it
    callback = Callback.objects.create(
        contact=contact,
        client=contact.client,
        phone_number=number,
        question=question,
        due_at=due_at,
        owner=owner,
    )
    _add_outcomes(contact, [Outcome.CALLBACK])
    if owner != actor:
        _tell_new_owner(callback)
    return callback


def _tell_new_owner(callback: Callback) -> None:
    """The new owner hears of it in-app, once per handing over."""
    send_message(
        callback.owner,
        "callback_assigned",
        callback,
        {"callback": callback},
        key=f"cases.callback_assigned:{callback.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        rule_clause="4.3.1",
        link=reverse("cases:callback_queue"),
        channels=("in_app",),
    )


def _open_for_change(actor: User, callback: Callback) -> Callback:
    """The callback locked for a change by a front-desk member, refused once it is closed."""
    if not has_role(actor, Role.FRONT_DESK):
        raise ValidationError(_("Only the front desk works the callback queue."))
    locked = Callback.objects.select_for_update().get(pk=callback.pk)
    if locked.status != Callback.Status.OPEN:
        raise ValidationError(_("This callback is already closed."))
    return by(locked, actor)  # the trail's "who"


@transaction.atomic
def callback_take(*, actor: User, callback: Callback) -> Callback:
    """Take it: a colleague's open callback becomes the actor's own (4.3.1)."""
    callback = _open_for_change(actor, callback)
    if callback.owner_id != actor.pk:
        callback.owner = actor
        callback.save(update_fields=["owner"])
    return callback


@transaction.atomic
def callback_assign(*, actor: User, callback: Callback, owner: Any) -> Callback:
    """Pass it on to a colleague with the front-desk role (their substitute while they are
    away), who is told in-app."""
    if not (owner.is_active and has_role(owner, Role.FRONT_DESK)):
        raise ValidationError({"owner": _("Choose a colleague of the front desk.")})
    callback = _open_for_change(actor, callback)
    owner = substitute_for(owner) or owner
    if callback.owner_id == owner.pk:
        return callback
    callback.owner = owner
    callback.save(update_fields=["owner"])
    if owner != actor:
        _tell_new_owner(callback)
    return callback


@transaction.atomic
def callback_no_answer(*, actor: User, callback: Callback, next_try_at: datetime) -> Callback:
    """No answer, try again at …: the attempt is counted and the callback stays open in the
    queue until the next try, which must be in the future."""
    now = timezone.now()
    if next_try_at <= now:
        raise ValidationError({"next_try_at": _("The next try must be in the future.")})
    callback = _open_for_change(actor, callback)
    callback.attempts += 1
    callback.last_attempt_at = now
    callback.next_try_at = next_try_at
    # The reminders follow the next try (callbacks_send_reminders): due again for it.
    callback.reminded_before_at = callback.reminded_overdue_at = None
    callback.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "next_try_at",
            "reminded_before_at",
            "reminded_overdue_at",
        ]
    )
    return callback


@transaction.atomic
def callback_cancel(*, actor: User, callback: Callback) -> Callback:
    """Close a callback that is no longer needed (the client called again, 4.3.1); the
    change history records who closed it."""
    callback = Callback.objects.select_for_update().get(pk=callback.pk)
    if callback.status == Callback.Status.OPEN:
        callback.status = Callback.Status.CANCELLED
        callback.completed_at = timezone.now()
        by(callback, actor).save(update_fields=["status", "completed_at"])
    return callback


def callbacks_send_reminders(*, now: datetime | None = None) -> int:
    """4.3.1: remind owners of callbacks falling due soon and of overdue ones (Celery beat).
    After "no answer, try again at …" the reminders follow the next try, not the agreed time.

    Each reminder is claimed with a conditional update (healthchecks' pattern), so two beat
    runs never remind twice; the outbox key (with the time reminded of) makes it idempotent
    as well."""
    now = now or timezone.now()
    soon = now + timedelta(minutes=CALLBACK_REMIND_BEFORE_MINUTES)
    sent = 0
    open_ = Callback.objects.filter(status=Callback.Status.OPEN).annotate(
        remind_at=Coalesce("next_try_at", "due_at")
    )
    for pk in open_.filter(
        remind_at__gt=now, remind_at__lte=soon, reminded_before_at__isnull=True
    ).values_list("pk", flat=True):
        sent += _remind(pk, now=now, stage="before")
    for pk in open_.filter(remind_at__lte=now, reminded_overdue_at__isnull=True).values_list(
        "pk", flat=True
    ):
        sent += _remind(pk, now=now, stage="overdue")
    return sent


@transaction.atomic
def _remind(pk: int, *, now: datetime, stage: str) -> int:
    field = "reminded_before_at" if stage == "before" else "reminded_overdue_at"
    claimed = Callback.objects.filter(
        pk=pk, status=Callback.Status.OPEN, **{f"{field}__isnull": True}
    ).update(**{field: now})
    if claimed != 1:
        return 0
    callback = Callback.objects.select_related("owner").get(pk=pk)
    link = reverse("cases:callback_queue")
    at = callback.next_try_at or callback.due_at
    send_message(
        substitute_for(callback.owner) or callback.owner,  # the substitute while away
        f"callback_{stage}",
        callback,
        {"callback": callback, "at": at},
        key=f"cases.callback_{stage}:{pk}:{at:%Y%m%d%H%M}",
        rule_clause="4.3.1",
        link=link,
    )
    return 1
