"""The reviewer's panel on the start page (servicedesk.start_page): the items routed to the person
that still owe a reply, and those past the reply date. Counted through the visibility gate
(``queue_for``), so nobody learns here of an item about themselves (2.1.4.4)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from complaints.models import OPEN_STATES, ExplanationRequest
from complaints.selectors import queue_for
from servicedesk.roles import Action, can
from servicedesk.start_page import Line, Panel


def review_panel(user: Any) -> Panel | None:
    if not can(user, Action.REVIEW_FEEDBACK):
        return None
    counts = (
        queue_for(user)
        .filter(state__in=list(OPEN_STATES))
        .order_by()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(is_overdue=True)))
    )
    queue = reverse("complaints:queue")
    return Panel(
        title=_("Feedback to review"),
        order=20,
        lines=[
            Line(_("Past the reply date"), counts["overdue"], f"{queue}?overdue=on", alert=True),
            Line(_("Waiting for a reply"), counts["open"], queue),
        ],
    )


def explanation_panel(user: Any) -> Panel | None:
    """2.1.4.1: the requests for a written explanation waiting for the user's answer; only the
    count, nothing of the item."""
    if not getattr(user, "is_authenticated", False):
        return None
    waiting = ExplanationRequest.objects.filter(employee=user, answered_at__isnull=True).count()
    if not waiting:
        return None
    return Panel(
        title=_("Requests for my explanation"),
        order=15,
        lines=[
            Line(
                _("Waiting for my written explanation"),
                waiting,
                reverse("complaints:explanation_list"),
                alert=True,
            )
        ],
    )
