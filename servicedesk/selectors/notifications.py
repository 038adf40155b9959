"""Reads of the notification outbox."""

from typing import Any

from django.db.models import QuerySet

from servicedesk.models import Notification


def inbox_for(user: Any) -> QuerySet[Notification]:
    """The user's own in-app notifications, newest first. The inbox reads nothing else, so
    another person's notification is simply not found (404)."""
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP
    ).order_by("-created_at", "-pk")


def unread_count(user: Any) -> int:
    """The badge in the navigation: one COUNT query (the ``notification_inbox`` index)."""
    return inbox_for(user).filter(read_at__isnull=True).order_by().count()


def notifications_for_admin() -> QuerySet[Notification]:
    """Every row, with its recipient, for the administrator's outbox list."""
    return Notification.objects.select_related("recipient")
