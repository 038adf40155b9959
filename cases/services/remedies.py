"""Remedies of the institution's errors (2.1.1.2): the employee who erred apologises, tells the
client of the right to complain and "dara visu iespējamo, lai novērstu kļūdas negatīvās
sekas". The desk records that as a remedy action: what will be done, who does it (an active
employee of the desk) and by when; the owner closes it as done, saying what was done, or
cancelled, saying why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Contact, Remedy
from cases.selectors.team import desk_users
from cases.services._common import RemedyPlan, send_message

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def remedy_plan_errors(plan: RemedyPlan | None) -> dict[str, Any]:
    """The plan's refusals by form field (empty when it may be opened): something to do, an
    active employee of the desk to do it, a deadline not in the past."""
    errors: dict[str, Any] = {}
    if plan is None or not plan.action.strip():
        errors["remedy_action"] = _("2.1.1.2: say what will be done to remove the consequences.")
    owner = plan.owner if plan else None
    if owner is None or not desk_users().filter(pk=owner.pk).exists():
        errors["remedy_owner"] = _("Choose an active employee who will do it.")
    due_on = plan.due_on if plan else None
    if due_on is None:
        errors["remedy_due"] = _("Give the deadline.")
    elif due_on < timezone.localdate():
        errors["remedy_due"] = _("The deadline cannot be in the past.")
    return errors


@transaction.atomic
def remedy_open(*, actor: User, contact: Contact, plan: RemedyPlan) -> Remedy:
    """2.1.1.2: open a remedy of an error recorded on ``contact``; the owner, when it is not
    the actor, is told in the app and by e-mail (a link, nothing of the client)."""
    if not contact.our_error:
        raise ValidationError(_("A remedy is opened for a contact marked as our error."))
    errors = remedy_plan_errors(plan)
    if errors:
        raise ValidationError(errors)
    due_on = plan.due_on
    assert due_on is not None  # remedy_plan_errors refused a plan without one
    remedy = Remedy.objects.create(
        contact=contact,
        action=plan.action.strip(),
        owner=plan.owner,
        due_on=due_on,
        opened_by=actor,
    )
    if plan.owner != actor:
        link = reverse("cases:remedy_detail", args=[remedy.pk])
        send_message(
            plan.owner,
            "remedy_assigned",
            remedy,
            {"remedy": remedy},
            rule_clause="2.1.1.2",
            link=link,
        )
    return remedy


def _close(actor: User, remedy: Remedy, status: str, text: str, empty: Any) -> Remedy:
    locked = Remedy.objects.select_for_update().get(pk=remedy.pk)
    if actor.pk not in {locked.owner_id, locked.opened_by_id}:
        raise ValidationError(_("Only the responsible employee or whoever opened it can close it."))
    if locked.status != Remedy.Status.OPEN:
        raise ValidationError(_("This remedy is already closed."))
    if not text.strip():
        raise ValidationError({"outcome": empty})
    locked.status = status
    locked.outcome = text.strip()
    locked.closed_by = actor
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "outcome", "closed_by", "closed_at"])
    return locked


@transaction.atomic
def remedy_complete(*, actor: User, remedy: Remedy, outcome: str) -> Remedy:
    """2.1.1.2: the remedy is done; ``outcome`` says what was done."""
    return _close(actor, remedy, Remedy.Status.DONE, outcome, _("Say what was done."))


@transaction.atomic
def remedy_cancel(*, actor: User, remedy: Remedy, reason: str) -> Remedy:
    """The remedy will not be done (the client withdrew, another remedy replaces it);
    ``reason`` says why."""
    return _close(actor, remedy, Remedy.Status.CANCELLED, reason, _("Say why it is cancelled."))
