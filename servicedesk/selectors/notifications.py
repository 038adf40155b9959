"""Reads of the notification outbox."""

from typing import Any

from django.db.models import QuerySet

from servicedesk.models import Notification


def inbox_for(user: Any) -> QuerySet[Notification]:
    """The user's in-app notifications, newest first."""
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP
    ).order_by("-created_at")


def unread_count(user: Any) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()
