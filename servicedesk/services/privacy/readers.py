"""What the export and the erasure share: logging the request, and asking the readers of a
withheld record for its part (2.1.4.4)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from servicedesk.models import DataSubjectRequest, Notification
from servicedesk.services.notifications import notify_users_or_address
from servicedesk.services.privacy.registry import Identity, Withheld

if TYPE_CHECKING:
    from servicedesk.types import User

logger = logging.getLogger(__name__)

#: The in-app notification asking a record's reviewers for the part of a request they hold.
PART_TEMPLATE = "notifications/privacy_part_requested"


def ask_readers(
    withheld: Iterable[Withheld], *, logged: DataSubjectRequest, handler: User, kind: str
) -> int:
    """Ask those who may read each withheld record for its part of the request, in their
    inbox (2.1.4.4: the handler never learns whether anyone was asked): the record's
    authority members who may see it, never the handler, never twice for one record; the
    authority's mailbox when none of its members works in the desk."""
    asked = 0
    seen: set[tuple[str, Any]] = set()
    # The register's number ("DSP-2026-12") when the action is filed under a request.
    registered = getattr(logged, "data_request", None)
    number = getattr(registered, "number", "") or f"#{logged.pk}"
    for part in withheld:
        target_key = (part.target._meta.label_lower, part.target.pk)
        if target_key in seen:
            continue
        seen.add(target_key)
        readers = [u for u in part.readers if getattr(u, "pk", None) != getattr(handler, "pk", 0)]
        context = {
            "subject_label": logged.subject_label,
            "number": number,
            "record_label": part.label,
            "is_erasure": kind == "erasure",
        }
        key = f"privacy-part:{logged.pk}:{target_key[0]}:{target_key[1]}"
        rows = notify_users_or_address(
            users=readers,
            email=part.mailbox,
            kind=f"privacy.{kind}_part",
            rule_clause="2.1.6.1",
            target=part.target,
            template=PART_TEMPLATE,
            context=context,
            link=part.link,
            key=key,
            channels=(Notification.Channel.IN_APP,),
            link_to_address=False,  # the mailbox is asked when no member works in the desk
        )
        if not readers and not rows:
            logger.error(
                "Nobody may read %s#%s for data subject request %s: its part is not provided.",
                *target_key,
                logged.pk,
            )
        asked += len(rows)
    return asked


def log_request(
    kind: str, identity: Identity, *, actor: User, data_request: Any, **fields: Any
) -> DataSubjectRequest:
    """Log an export or an erasure (``DataSubjectRequest``), under its request in the
    register when there is one (``DataRequest``; older callers have none)."""
    if data_request is not None:
        fields["data_request"] = data_request
    return DataSubjectRequest.objects.create(
        kind=kind,
        subject_type=identity.record_type,
        subject_id=identity.record_id,
        subject_label=identity.label,
        handled_by=actor,
        **fields,
    )
