"""Reads of the notification outbox, always through the rows' confidentiality scope
(``servicedesk.scopes``): a notification derived from a feedback item is shown only to
someone that item's gate lets know of it *now*. Only the delivery worker reads every row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from servicedesk import scopes
from servicedesk.models import Notification

if TYPE_CHECKING:
    from servicedesk.types import User


def inbox_for(user: User) -> QuerySet[Notification]:
    """The user's own in-app notifications that the user may still know of, newest first.

    The inbox reads nothing else, so another person's notification is simply not found (404),
    and so is one about an item that has since become about the user (2.1.4.4) or was
    re-routed away from them: the gate is asked at every read, not only when the row was
    written."""
    return Notification.objects.filter(
        scopes.visible_q(user), recipient=user, channel=Notification.Channel.IN_APP
    ).order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    """The badge in the navigation, on every page: first the user's unread rows counted by
    scope (the ``notification_inbox`` index, no gate). Unscoped rows are the user's to know
    of; only when scoped ones are unread is the gate asked, in a second COUNT with the gate
    of just those scopes as a subquery. Building a gate is most of the badge's cost, so a
    page of someone with nothing confidential unread does not pay for it. The count never
    costs a query per row."""
    unread = Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True
    ).order_by()
    by_scope = dict(unread.values_list("scope_type").annotate(n=Count("pk")))
    count = by_scope.pop("", 0)
    if by_scope:
        count += unread.filter(scopes.visible_q(user, scope_types=by_scope)).count()
    return int(count)


def notifications_for_admin(user: User) -> QuerySet[Notification]:
    """The administrator's outbox list: every row with its recipient, except those derived
    from a record the administrator may not know of (a complaint about them, 2.1.4.4).
    Whether its subject and body may be read is ``scopes.content_readable``."""
    return Notification.objects.filter(scopes.visible_q(user)).select_related("recipient")
