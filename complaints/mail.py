"""What the complaints lend the e-mail intake (``cases.mail.hooks``): the public form's
attachment checks, and the register numbers of feedback items, so that a reply naming one in
its subject joins that item's thread and is read through the item's gate (2.1.4.4)."""

from __future__ import annotations

import re

from cases.mail.hooks import Reference, provide_attachment_check, provide_reference_finder
from complaints.attachments import check_attachment
from complaints.models import FeedbackItem
from servicedesk import scopes

#: Anything shaped like a register number ("AADSO/2026/V-12"); the register decides.
CANDIDATE = re.compile(r"[\w.-]+(?:/[\w.-]+)+")


def item_named_in(subject: str) -> Reference | None:
    candidates = [c.strip(".-") for c in CANDIDATE.findall(subject)][:10]
    if not candidates:
        return None
    item = (
        FeedbackItem.objects.filter(register_number__in=candidates)
        .only("pk", "register_number")
        .first()
    )
    if item is None:
        return None
    return Reference(
        number=item.register_number, scope_type=scopes.label_of(FeedbackItem), scope_id=item.pk
    )


def provide_to_intake() -> None:
    provide_attachment_check(check_attachment)
    provide_reference_finder(item_named_in)
