"""Callbacks (4.3.1, 4.13): arranged, cancelled, reminded. Completing one logs a contact, so
``callback_complete`` lives with ``contact_log`` in ``contacts`` (which arranges callbacks:
this module stays below it)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    Callback,
    Contact,
    Outcome,
)
from cases.phones import normalize_phone, phone_callback_allowed
from cases.services._common import (
    CALLBACK_REMIND_BEFORE_MINUTES,
    CallbackRefused,
    _add_outcomes,
    send_message,
)

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
        send_message(
            owner,
            "callback_assigned",
            callback,
            {"callback": callback},
            rule_clause="4.3.1",
            link=reverse("cases:callback_queue"),
            channels=("in_app",),
        )
    return callback


@transaction.atomic
def callback_cancel(*, actor: User, callback: Callback) -> Callback:
    """Close a callback that is no longer needed (the client called again, 4.3.1)."""
    Callback.objects.filter(pk=callback.pk, status=Callback.Status.OPEN).update(
        status=Callback.Status.CANCELLED, completed_at=timezone.now()
    )
    callback.refresh_from_db()
    return callback


def callbacks_send_reminders(*, now: datetime | None = None) -> int:
    """4.3.1: remind owners of callbacks falling due soon and of overdue ones (Celery beat).

    Each reminder is claimed with a conditional update (healthchecks' pattern), so two beat
    runs never remind twice; the outbox key makes it idempotent as well."""
    now = now or timezone.now()
    soon = now + timedelta(minutes=CALLBACK_REMIND_BEFORE_MINUTES)
    sent = 0
    open_ = Callback.objects.filter(status=Callback.Status.OPEN)
    for pk in open_.filter(
        due_at__gt=now, due_at__lte=soon, reminded_before_at__isnull=True
    ).values_list("pk", flat=True):
        sent += _remind(pk, now=now, stage="before")
    for pk in open_.filter(due_at__lte=now, reminded_overdue_at__isnull=True).values_list(
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
    context = {"callback": callback}
    send_message(
        callback.owner, f"callback_{stage}", callback, context, rule_clause="4.3.1", link=link
    )
    return 1
