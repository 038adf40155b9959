"""Anonymising a closed item (2.1.6.1): on an erasure request or after retention."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from cases.services.anonymise import dispatches_anonymise
from complaints.models import (
    Attachment,
    FeedbackItem,
    HistoryEntry,
)
from complaints.models.register import feedback_search_columns
from complaints.storage import private_storage
from servicedesk.models import ReviewAuthority
from servicedesk.services.privacy import derived_scrub, history_scrub

from .workflow import _move

if TYPE_CHECKING:
    from servicedesk.types import User


AuthorityKind = ReviewAuthority.Kind

# --- Anonymising (2.1.6.1) -------------------------------------------------------------------

# The item's texts, scrubbed of the client's details, and the details themselves, cleared.
ITEM_TEXTS = ("text", "decision_text", "reply_text", "extension_reason", "subject_description")
CLIENT_FIELDS = ("client_name", "client_email", "client_phone", "client_address")
#: The links to the client's card and the contact the item came from: emptied too.
CLIENT_LINKS = ("client", "contact")


@transaction.atomic
def feedback_anonymise(
    *, actor: User | None, item: FeedbackItem, scrub: Callable[[str], str], reason: str
) -> FeedbackItem:
    """Anonymise a closed item on an erasure request or when its retention period has passed
    (``reason`` "request" or "retention"; ``actor`` None for the nightly run).

    1. Clear the client's details and scrub the item's texts as one change of the item: the
       version goes up, so a form opened before refuses to save the old details back, and a
       history row says that it was anonymised and why.
    2. Delete the attachments and their stored files, including files only the change
       history still names, and scrub the attachments' history and notifications.

    ``complaints.privacy`` then scrubs the other copies (history texts, notes, the outbox)."""
    fields: dict[str, Any] = {name: scrub(getattr(item, name)) for name in ITEM_TEXTS}
    fields.update(dict.fromkeys(CLIENT_FIELDS, ""))
    fields.update(dict.fromkeys(CLIENT_LINKS))  # the card and the contact would name them
    # The search columns forget the name too (``_move`` writes with ``update()``).
    fields.update(feedback_search_columns(item.register_number, "", fields["text"]))
    item = _move(
        item,
        actor=actor,
        expected_version=item.version,
        fields=fields,
        event=HistoryEntry.Event.ANONYMISED,
        note=_("The client's details were erased on their request.")
        if reason == "request"
        else _("The client's details were anonymised: the retention period has passed."),
        clause="2.1.6.1",
    )
    _attachments_erase(item, scrub)
    # The letters and e-mails to the client about the item (cases.services.anonymise).
    dispatches_anonymise(scrub=scrub, targets=[item])
    return item


def _attachments_erase(item: FeedbackItem, scrub: Callable[[str], str]) -> None:
    history = Attachment.audit_trail.model.objects.filter(item_id=item.pk)
    attachment_ids = set(history.values_list("id", flat=True))
    stored = set(history.exclude(file="").values_list("file", flat=True))
    for attachment in Attachment.objects.filter(item=item):
        attachment_ids.add(attachment.pk)
        stored.add(attachment.file.name)
        attachment.file.delete(save=False)
        attachment.delete()
    # A file replaced or deleted earlier may still be stored: the history names it.
    storage = private_storage()
    for name in stored:
        if name and storage.exists(name):
            storage.delete(name)
    history_scrub(
        Attachment.audit_trail.model,
        ids=[item.pk],
        key="item_id",
        set_values={"original_name": "", "file": ""},
    )
    derived_scrub(Attachment, sorted(attachment_ids), scrub=scrub)
