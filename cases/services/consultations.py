"""Consultations in the team queues (4.8, 4.9): a question taken by a colleague or passed on to
another contact person with a reason (the trail keeps both), answered by the contact person's
substitute while they are away; and the live consultation of 4.3.2, asked and answered while
the client holds the line. Asking and answering: ``cases.services.written``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Consultation, Contact, Outcome
from cases.selectors.team import substitute_for
from cases.services._common import _add_outcomes, by, send_message
from servicedesk.roles import Role, has_role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: The trail's reason field holds this many characters (django-simple-history's column).
REASON_LENGTH = 100


def may_answer(actor: Any, consultation: Consultation) -> bool:
    """The contact person asked, or whoever stands in for them today (2.1.2.2 substitutes)."""
    if consultation.contact_person_id == actor.pk:
        return True
    substitute = substitute_for(consultation.contact_person)
    return substitute is not None and substitute.pk == actor.pk


def may_pass_on(actor: Any, consultation: Consultation, *, answering: bool | None = None) -> bool:
    """Who passes a question on: whoever may answer it, or a unit head (the team's queue).
    ``answering``: what ``may_answer`` already said for the same actor and question (a page
    that shows both reads the substitute once)."""
    if answering is None:
        answering = may_answer(actor, consultation)
    return answering or has_role(actor, Role.UNIT_HEAD)


def answerer(person: Any) -> Any:
    """Who gets a question meant for ``person``: their substitute while they are away."""
    return substitute_for(person) or person


def tell_contact_person(consultation: Consultation, asker: Any, *, handed_over: bool) -> None:
    """The contact person hears of the question in-app and by e-mail (4.8); a handing over
    is told once per handing over."""
    stamp = f":{timezone.now():%Y%m%d%H%M%S%f}" if handed_over else ""
    send_message(
        consultation.contact_person,
        "consultation_request",
        consultation,
        {"consultation": consultation, "asker": asker, "handed_over": handed_over},
        key=f"cases.consultation_request:{consultation.pk}{stamp}",
        rule_clause="4.8",
        link=reverse("cases:consultation_answer", args=[consultation.pk]),
    )


def _open_for_change(consultation: Consultation) -> Consultation:
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.answered_at is not None:
        raise ValidationError(_("This question has already been answered."))
    return locked


def _is_contact_person(user: Any) -> bool:
    return bool(user.is_active and has_role(user, Role.CONTACT_PERSON))


@transaction.atomic
def consultation_take(*, actor: User, consultation: Consultation) -> Consultation:
    """A colleague, a contact person too, takes an open question: it is theirs to answer."""
    if not _is_contact_person(actor):
        raise ValidationError(_("Only a contact person takes a question."))
    consultation = _open_for_change(consultation)
    if consultation.contact_person_id == actor.pk:
        return consultation
    consultation.contact_person = actor
    by(consultation, actor).save(update_fields=["contact_person"])
    return consultation


@transaction.atomic
def consultation_pass_on(
    *, actor: User, consultation: Consultation, contact_person: Any, reason: str
) -> Consultation:
    """Pass an open question on to another contact person (their substitute while they are
    away) with a reason, kept in the trail; the new contact person is told (4.8) and the
    4.9 reminder starts afresh for them."""
    if not _is_contact_person(contact_person):
        raise ValidationError({"contact_person": _("Choose a contact person.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the question is passed on.")})
    consultation = _open_for_change(consultation)
    if not may_pass_on(actor, consultation):
        raise ValidationError(
            _("Only the contact person asked, their substitute or a unit head passes it on.")
        )
    contact_person = answerer(contact_person)
    if consultation.contact_person_id == contact_person.pk:
        raise ValidationError({"contact_person": _("The question is already theirs.")})
    consultation.contact_person = contact_person
    consultation.reminded_at = None
    consultation._change_reason = reason.strip()[:REASON_LENGTH]  # type: ignore[attr-defined]
    by(consultation, actor).save(update_fields=["contact_person", "reminded_at"])
    tell_contact_person(consultation, consultation.asked_by, handed_over=True)
    return consultation


@transaction.atomic
def consultation_log_live(
    *, actor: User, contact: Contact, contact_person: Any, question: str, answer: str
) -> Consultation:
    """4.3.2: the client holds the line while the employee asks a contact person, without
    hanging up; the answer is typed at once. Answered when asked: no waiting, no reminder,
    nobody to tell."""
    if not question.strip():
        raise ValidationError({"question": _("Write the question.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer the contact person gave.")})
    consultation = Consultation(
        contact=contact,
        asked_by=actor,
        contact_person=contact_person,
        question=question.strip(),
        answer=answer.strip(),
        live=True,
    )
    by(consultation, actor).save()
    consultation.answered_at = consultation.asked_at
    consultation.save(update_fields=["answered_at"])
    _add_outcomes(contact, [Outcome.CONSULTED])
    return consultation
