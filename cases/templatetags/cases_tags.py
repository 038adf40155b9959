"""Small display helpers of the cases app."""

from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def duration_minutes(value: timedelta | None) -> int | str:
    """A response time in whole minutes (at least 1), for 4.9's "answer promptly"."""
    if value is None:
        return ""
    return max(1, round(value.total_seconds() / 60))
