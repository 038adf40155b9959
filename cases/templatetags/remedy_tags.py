"""How a remedy's deadline is said (2.1.1.2): in words, not only a date."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def remedy_due_words(remedy: Any) -> str:
    """“overdue by 3 days”, “due today”, “due in 2 days”; nothing for a closed remedy."""
    if remedy.status != "open":
        return ""
    days = (remedy.due_on - timezone.localdate()).days
    if days < 0:
        return ngettext("overdue by %(days)d day", "overdue by %(days)d days", -days) % {
            "days": -days
        }
    if days == 0:
        return _("due today")
    return ngettext("due in %(days)d day", "due in %(days)d days", days) % {"days": days}


@register.filter
def remedy_overdue(remedy: Any) -> bool:
    return bool(remedy.status == "open" and remedy.due_on < timezone.localdate())
