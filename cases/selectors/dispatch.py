"""Reads of the outgoing correspondence (docs/correspondence.md).

A dispatch derived from a feedback item is read through that item's gate
(``servicedesk.scopes``): a user who may not know of the item does not see the row at all;
one who may know of it but not read it (an administrator, 4.1.3) sees its number, date,
channel, state and recipient, never its subject or text. Each row carries ``current`` (its
state, an e-mail's read from its outbox row) and ``readable``, both computed in SQL, so a list
is one query however many rows it has."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Case, CharField, Count, F, QuerySet, Value, When
from django.http import Http404

from cases.models import Dispatch
from servicedesk import scopes
from servicedesk.models import Notification

if TYPE_CHECKING:
    from servicedesk.types import User

State = Dispatch.State

#: The states that are still work for someone, in the order a list shows them.
TO_DO = (State.FAILED, State.TO_PRINT, State.PRINTED, State.TO_HAND, State.TO_SEND)

_CURRENT = Case(
    When(
        channel=Dispatch.Channel.EMAIL,
        notification__status=Notification.Status.SENT,
        then=Value(State.SENT),
    ),
    When(
        channel=Dispatch.Channel.EMAIL,
        notification__status=Notification.Status.FAILED,
        then=Value(State.FAILED),
    ),
    When(channel=Dispatch.Channel.EMAIL, then=Value(State.QUEUED)),
    default=F("state"),
    output_field=CharField(),
)
_URGENCY = Case(
    *[When(current=state, then=Value(rank)) for rank, state in enumerate(TO_DO)],
    default=Value(len(TO_DO)),
)


def dispatches_visible_to(user: User) -> QuerySet[Dispatch]:
    """The dispatches ``user`` may know of, each with ``current`` and ``readable``."""
    visible = Dispatch.objects.filter(scopes.visible_q(user))
    return (
        visible.select_related("client", "notification", "done_by")
        .annotate(current=_CURRENT)
        .annotate(
            readable=Case(
                When(scopes.readable_q(user, visible), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def dispatch_list(user: User, *, state: str = "") -> QuerySet[Dispatch]:
    """The outgoing correspondence: what is still to do first (failed e-mails, letters to
    print, to post, to hand over, e-address to send), then the newest; ``state`` narrows it."""
    rows = dispatches_visible_to(user)
    if state:
        rows = rows.filter(**{"current": state})  # an annotation, not a field
    return rows.annotate(urgency=_URGENCY).order_by("urgency", "-dated", "-seq")


def dispatch_get(user: User, pk: int) -> Dispatch:
    """One dispatch ``user`` may know of, or 404 (never 403: that would tell it exists)."""
    row = dispatches_visible_to(user).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def dispatch_day_list(user: User, day: date) -> QuerySet[Dispatch]:
    """The letters posted on ``day``, in number order: the post's dispatch list."""
    return dispatches_visible_to(user).filter(posted_on=day).order_by("year", "seq")


def dispatch_counts(user: User) -> dict[str, int]:
    """How many dispatches ``user`` may know of wait in each state of work (one query), for
    the start page."""
    counts = (
        Dispatch.objects.filter(scopes.visible_q(user))
        .annotate(current=_CURRENT)
        .filter(current__in=TO_DO)
        .order_by()
        .values("current")
        .annotate(n=Count("pk"))
    )
    found: dict[str, Any] = {row["current"]: row["n"] for row in counts}
    return {state: int(found.get(state, 0)) for state in TO_DO}


def dispatches_of_client(client_ids: Iterable[int]) -> QuerySet[Dispatch]:
    """The dispatches to these client cards that carry no confidentiality scope (the
    data-subject export; a feedback item's own export shows those of the item)."""
    return Dispatch.objects.filter(client_id__in=list(client_ids), scope_type="").order_by(
        "year", "seq"
    )
