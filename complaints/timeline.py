"""The complaints on a client's timeline (``cases.timeline``; docs/complaints.md, "The
client's card"): the feedback items linked to the client's card (or to a duplicate card
merged into it) or to one of its contacts,
through the one gate (``complaints.selectors.complaints_visible_to``, 2.1.4.4), so that no
one sees an item about themselves; their content (what the client said) only where the
content rule lets the user read it (``readable_content``: an ethics item stays with the
Ethics Commission, 7.3; restricted information with those who registered or review it,
4.1.3). One query, whatever the number of items."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from cases import timeline
from complaints.selectors import complaints_visible_to, readable_content, readable_flag

if TYPE_CHECKING:
    from cases.models import Client


def entries(user: Any, client: Client, *, limit: int) -> list[timeline.Entry]:
    """The newest ``limit`` items of the client the user may know of."""
    items = (
        complaints_visible_to(user, lazy=True)
        .filter(Q(client=client) | Q(client__merged_into=client) | Q(contact__client=client))
        .annotate(content_readable=readable_flag(readable_content(user, lazy=True)))
        .order_by("-registered_at", "-pk")[:limit]
    )
    return [
        timeline.Entry(
            at=item.registered_at,
            kind="feedback",
            label=item.get_kind_display(),
            title=item.register_number,
            detail=timeline.short(item.text) if item.content_readable else _("Content withheld"),
            url=item.get_absolute_url(),
            withheld=not item.content_readable,
        )
        for item in items
    ]


def register() -> None:
    """Called from ``ComplaintsConfig.ready``."""
    timeline.provide("complaints", entries)
