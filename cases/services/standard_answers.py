"""Standard answers and procedures in a reply (docs/mail.md, "Answering"): the knowledge-base
editors keep the answers; a reply starts from one with its placeholders filled, and may
include a knowledge-base procedure — a public one only (4.1.2, 4.1.3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Article, InboundEmail, StandardAnswer
from servicedesk.roles import Action, can

if TYPE_CHECKING:
    from servicedesk.types import User

PLACEHOLDERS = ("klients", "numurs", "darbinieks")


def _check_text(text: str) -> None:
    """Only the known placeholders, in braces, may appear in a standard answer."""
    for piece in text.split("{")[1:]:
        name = piece.split("}", 1)[0]
        if "}" not in piece or name not in PLACEHOLDERS:
            raise ValidationError(
                {
                    "text": _("Use only the placeholders %(names)s.")
                    % {"names": ", ".join("{" + n + "}" for n in PLACEHOLDERS)}
                }
            )


@transaction.atomic
def standard_answer_save(
    *, actor: User, title: str, text: str, answer: StandardAnswer | None = None
) -> StandardAnswer:
    """Create or change a standard answer: knowledge-base editors only."""
    if not can(actor, Action.EDIT_KNOWLEDGE):
        raise PermissionDenied
    _check_text(text)
    answer = answer or StandardAnswer()
    answer.title = title.strip()
    answer.text = text.strip()
    answer.updated_by = actor
    answer.save()
    return answer


def standard_answer_fill(*, answer: StandardAnswer, email: InboundEmail, actor: User) -> str:
    """The answer's text for this e-mail: {klients} the client's name, {numurs} the written
    submission's or the case's number (empty when there is none), {darbinieks} the
    employee's full name."""
    client = email.contact.client if email.contact else None
    number = email.submission.register_number if email.submission else email.case_reference
    employee = getattr(actor, "employee", None)
    name = (
        f"{employee.first_name} {employee.last_name}"
        if employee is not None
        else actor.get_full_name() or actor.get_username()
    )
    values = {
        "klients": client.name if client else email.from_name,
        "numurs": number,
        "darbinieks": name,
    }
    text = answer.text
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def procedure_text(article: Article) -> str:
    """A knowledge-base procedure as it goes into a reply to a client: a public article only
    (4.1.2: public information in public scope; 4.1.3: never restricted information)."""
    if article.visibility != Article.Visibility.PUBLIC:
        raise ValidationError(
            {"procedure": _("Only a public procedure may be sent to a client (4.1.2, 4.1.3).")}
        )
    return f"{article.title}\n\n{article.body.strip()}"
