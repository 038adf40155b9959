"""Answering an incoming e-mail from the desk (docs/mail.md, "Answering"; 2.1.1.1, 4.1.3):
the reply as the client will receive it, then the reply itself — an outgoing e-mail contact
on the client's timeline, linked to the e-mail it answers, and one outbox row that carries
the message with its threading headers (never sent from here: the outbox sends it after the
commit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Article, Callback, Channel, InboundEmail
from cases.services._common import CALLBACK_DEFAULT_HOURS, ContactInput, by
from cases.services.callbacks import callback_arrange
from cases.services.contacts import contact_log_input
from cases.services.standard_answers import procedure_text
from servicedesk.models import Notification
from servicedesk.selectors.organisation import current_institution
from servicedesk.services.notifications import notification_create

if TYPE_CHECKING:
    from servicedesk.types import User

#: The outbox kind of a desk's reply to a client's e-mail.
REPLY_KIND = "cases.mail_reply"


@dataclass(frozen=True)
class ReplyDraft:
    """What the client will receive: exactly what the outbox row holds."""

    from_address: str
    to: str
    subject: str
    body: str
    in_reply_to: str
    references: str


def reply_subject(subject: str) -> str:
    """ "Re: " and the client's subject, without piling up "Re: Re: "."""
    subject = " ".join(subject.split())
    if subject.lower().startswith("re:"):
        return subject
    return f"Re: {subject}" if subject else "Re:"


def reply_signature(actor: User) -> str:
    """The employee's full name and position (the staff directory) and the institution."""
    employee = getattr(actor, "employee", None)
    if employee is not None:
        name = f"{employee.first_name} {employee.last_name}".strip()
        lines = [name, employee.position]
    else:
        lines = [actor.get_full_name() or actor.get_username()]
    institution = current_institution()
    if institution is not None:
        lines.append(institution.name)
    return "\n".join(line for line in lines if line)


def _references(email: InboundEmail) -> str:
    """The client's References with its own Message-ID last (RFC 5322, 3.6.4)."""
    chain = email.references.split() or email.in_reply_to.split()
    if email.message_id and email.message_id not in chain:
        chain.append(email.message_id)
    return " ".join(chain)


class ReplyOptions(TypedDict, total=False):
    """What a reply may add to its text: the confirmation that an automatic reply or a
    bounce gets an answer from a person, and a knowledge-base procedure."""

    confirm_automatic: bool
    procedure: Article | None


def reply_draft(
    *, actor: User, email: InboundEmail, text: str, **options: Unpack[ReplyOptions]
) -> ReplyDraft:
    """The reply as the client will receive it (nothing is stored), or why it cannot go: an
    empty text, no address, an e-mail answered already or taken by someone else, an
    automatic reply or a bounce answered without confirming that a person means to, a
    procedure that is not public (4.1.2, 4.1.3)."""
    if email.answered_at is not None:
        raise ValidationError(_("This e-mail has been answered already."))
    if email.assigned_to_id not in (None, actor.pk):
        raise ValidationError(_("Someone else has taken this e-mail."))
    if email.contact is None or not email.from_address:
        raise ValidationError(_("This e-mail has no sender to answer."))
    if email.no_auto_answer and not options.get("confirm_automatic"):
        raise ValidationError(
            _(
                "This is an automatic reply or a delivery report. Confirm that it should get "
                "an answer from a person."
            ),
            code="confirm_automatic",
        )
    if not text.strip():
        raise ValidationError({"text": _("Write the reply.")})
    procedure = options.get("procedure")
    if procedure is not None:
        text = f"{text.strip()}\n\n{procedure_text(procedure)}"
    return ReplyDraft(
        from_address=settings.DEFAULT_FROM_EMAIL,
        to=email.from_address,
        subject=reply_subject(email.subject)[:300],
        body=f"{text.strip()}\n\n-- \n{reply_signature(actor)}",
        in_reply_to=email.message_id,
        references=_references(email),
    )


@transaction.atomic
def inbound_reply(
    *, actor: User, email: InboundEmail, text: str, **options: Unpack[ReplyOptions]
) -> Notification:
    """Answer ``email``: the outgoing e-mail contact (the client's timeline, linked to the
    e-mail) and its outbox row, in one transaction; the e-mail is the actor's and answered.
    Returns the outbox row (pending: queued for sending after the commit)."""
    locked = InboundEmail.objects.select_for_update().get(pk=email.pk)
    draft = reply_draft(actor=actor, email=locked, text=text, **options)
    incoming = email.contact
    assert incoming is not None  # reply_draft refused an e-mail without a contact
    now = timezone.now()
    answer = contact_log_input(
        actor=actor,
        data=ContactInput(
            channel=Channel.EMAIL_OUT,
            client=incoming.client,
            started_at=now,
            ended_at=now,
            topic=incoming.topic,
            summary=f"{draft.subject}\n\n{draft.body}",
            email_address=draft.to,
        ),
    )
    notification = notification_create(
        email=draft.to,
        channel=Notification.Channel.EMAIL,
        kind=REPLY_KIND,
        rule_clause="3.1",
        target=answer,
        subject=draft.subject,
        body=draft.body,
        language="lv",
        idempotency_key=f"{REPLY_KIND}:{email.pk}",
        in_reply_to=draft.in_reply_to,
        references=draft.references,
    )
    InboundEmail.objects.filter(pk=email.pk).update(
        answer=answer,
        answered_at=now,
        assigned_to=locked.assigned_to or actor,
        taken_at=locked.taken_at or now,
    )
    email.refresh_from_db()
    return notification


@transaction.atomic
def inbound_wants_call(
    *, actor: User, email: InboundEmail, phone_number: str, question: str, client_abroad: bool
) -> Callback:
    """4.13: the client asks for the answer by phone. A callback under the 4.3.1 rule, owned
    by the actor, due within ``CALLBACK_DEFAULT_HOURS``; a foreign number or a client abroad
    is refused (:class:`CallbackRefused`: answer by e-mail instead)."""
    contact = email.contact
    if contact is None:
        raise ValidationError(_("This e-mail has no sender to answer."))
    callback = callback_arrange(
        actor=actor,
        contact=contact,
        phone_number=phone_number,
        question=question.strip() or email.subject,
        due_at=timezone.now() + timedelta(hours=CALLBACK_DEFAULT_HOURS),
        owner=actor,
        client_abroad=client_abroad,
    )
    if not contact.wants_phone_answer:
        contact.wants_phone_answer = True
        by(contact, actor).save(update_fields=["wants_phone_answer"])
    return callback
