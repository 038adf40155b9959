"""Small display helpers of the cases app."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def duration_minutes(value: timedelta | None) -> int | str:
    """A response time in whole minutes (at least 1), for 4.9's "answer promptly"."""
    if value is None:
        return ""
    return max(1, round(value.total_seconds() / 60))


@register.filter
def call_duration(contact: Any) -> str:
    """A contact's measured duration as the timer showed it (``12:05``, ``1:02:05``); empty
    without an end time."""
    if contact.ended_at is None:
        return ""
    seconds = max(0, int((contact.ended_at - contact.started_at).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    clock = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{hours}:{clock}" if hours else clock


@register.filter
def open_days(issue: Any) -> int:
    """Whole days an order issue (4.10.1) has been open, counted in Riga."""
    return (timezone.localdate() - timezone.localdate(issue.created_at)).days


@register.filter
def waiting_minutes(consultation: Any) -> int:
    """Whole minutes a question to a contact person (4.9) has waited for its answer."""
    return int((timezone.now() - consultation.asked_at).total_seconds() // 60)
