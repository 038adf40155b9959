"""Template tags of data protection (2.1.6.1): the processing notice a client card shows while
a restriction (GDPR art. 18) or an upheld objection (art. 21) is in force, the 72-hour clock of
a breach (art. 33(1)) and the due state of a data subject request (art. 12(3))."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from servicedesk.models import DataBreach, DataRequest
from servicedesk.selectors.data_requests import processing_limits

register = template.Library()


@register.inclusion_tag("servicedesk/privacy/_processing_notice.html")
def processing_notice(record_type: str, record_id: int) -> dict[str, Any]:
    """``{% processing_notice "cases.client" client.pk %}``: one query; nothing is shown when
    nothing limits the processing."""
    return {"limits": processing_limits(record_type, record_id)}


def _hours_minutes(delta: timedelta) -> dict[str, int]:
    minutes = int(abs(delta).total_seconds() // 60)
    return {"hours": minutes // 60, "minutes": minutes % 60}


def breach_clock_text(breach: DataBreach, now: datetime | None = None) -> tuple[str, str]:
    """(text, Bootstrap colour) of the 72-hour clock: time left, overdue, or the decision."""
    if breach.authority_notice == DataBreach.AuthorityNotice.NOTIFIED:
        notified = timezone.localtime(breach.authority_notified_at)
        when = date_format(notified, "SHORT_DATETIME_FORMAT")
        if breach.notified_late:
            return _("Notified late, on %(when)s") % {"when": when}, "warning"
        return _("Notified on %(when)s") % {"when": when}, "success"
    if breach.authority_notice == DataBreach.AuthorityNotice.NOT_REQUIRED:
        return _("Notice not required"), "secondary"
    left = breach.time_left(now)
    if left < timedelta(0):
        return _("Overdue by %(hours)s h %(minutes)s min") % _hours_minutes(left), "danger"
    return _("%(hours)s h %(minutes)s min left") % _hours_minutes(left), "warning"


@register.inclusion_tag("servicedesk/privacy/_badge.html")
def breach_clock(breach: DataBreach, now: datetime | None = None) -> dict[str, Any]:
    text, colour = breach_clock_text(breach, now)
    return {"text": text, "colour": colour}


@register.inclusion_tag("servicedesk/privacy/_badge.html")
def request_due(data_request: DataRequest, today: date | None = None) -> dict[str, Any]:
    """Days left to answer, or how late; nothing to count once the request is closed."""
    if not data_request.is_open:
        return {"text": data_request.get_state_display(), "colour": "secondary"}
    days = data_request.days_left(today)
    if days < 0:
        late = -days
        text = ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", late) % {
            "days": late
        }
        return {"text": text, "colour": "danger"}
    if days == 0:
        return {"text": _("Due today"), "colour": "warning"}
    text = ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    return {
        "text": text,
        "colour": "warning" if days <= settings.DATA_REQUEST_REMIND_DAYS else "info",
    }


@register.simple_tag
def data_request_periods() -> dict[str, int]:
    """The answer periods of GDPR art. 12(3) as configured, for the public privacy notice."""
    return {
        "months": settings.DATA_REQUEST_MONTHS,
        "extension": settings.DATA_REQUEST_EXTENSION_MONTHS,
    }
