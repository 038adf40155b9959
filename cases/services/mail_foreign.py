"""4.6: "If the client wants a consultation in a foreign language by e-mail, the employee acts
as the institution's document-management rules say" (docs/mail.md, "Foreign language").

The language is told when the e-mail is filed (``cases.mail.language``); an e-mail in a
language other than Latvian is then dealt with by the documented path, offered on its page:

1. it is registered as a written submission under the document-management rules
   (``inbound_register_written``: ``cases.services.written.submission_register``, with its
   register number and Law-on-Submissions deadlines), the rules named by the setting
   ``DOCUMENT_RULES_REFERENCE``;
2. answering it as a quick e-mail consultation instead asks the employee to confirm
   (``foreign_reply_check``, called before the reply is shown or sent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import InboundEmail, WrittenSubmission
from cases.services.written import submission_register

if TYPE_CHECKING:
    from servicedesk.types import User


def foreign_reply_check(*, email: InboundEmail, confirmed: bool) -> None:
    """Step 2: a quick answer to an e-mail in a foreign language only when the employee
    confirms it; none is needed once the e-mail is registered as a written submission."""
    if not email.in_foreign_language or email.submission_id is not None or confirmed:
        return
    raise ValidationError(
        {
            "confirm_foreign": _(
                "4.6: this e-mail is in a foreign language, so the document-management rules "
                "apply: register it as a written submission, or confirm that you answer it "
                "as a quick e-mail consultation."
            )
        },
        code="confirm_foreign",
    )


@transaction.atomic
def inbound_register_written(
    *, actor: User, email: InboundEmail, subject: str
) -> WrittenSubmission:
    """Step 1: register the e-mail as a written submission (received on the day it came)
    and link it to the e-mail, which becomes the actor's if nobody had taken it."""
    email = InboundEmail.objects.select_for_update().get(pk=email.pk)
    if email.answered_at is not None:
        raise ValidationError(_("This e-mail has been answered already."))
    if email.assigned_to_id not in (None, actor.pk):
        raise ValidationError(_("Someone else has taken this e-mail."))
    contact = email.contact
    if contact is None or email.kind != InboundEmail.Kind.MESSAGE:
        raise ValidationError(_("Only a client's e-mail is registered as a written submission."))
    if hasattr(contact, "submission"):
        raise ValidationError(_("This e-mail is registered already."))
    submission = submission_register(
        actor=actor,
        contact=contact,
        subject=(subject.strip() or email.subject or _("E-mail in a foreign language"))[:300],
        received_on=timezone.localdate(email.received_at),
    )
    email.submission = submission
    fields = ["submission"]
    if email.assigned_to_id is None:
        email.assigned_to, email.taken_at = actor, timezone.now()
        fields += ["assigned_to", "taken_at"]
    email.save(update_fields=fields)
    return submission
