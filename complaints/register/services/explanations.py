"""The employee's written explanation (2.1.4.1 "izvērtē visus ar lietu saistītos apstākļus";
Labour Law s. 90: before any reprimand the employee is asked for a written explanation).

1. The reviewer of a complaint about an employee (7.1 the head; 7.2 the executive director for
   one about the head) asks the person it is about, inside the desk. The request holds only
   what the reviewer writes; who complained is added only when the reviewer ticks it, and the
   tick and the name then shown are kept.
2. The employee is told in the app and by e-mail with a link to the request and nothing of
   the complaint. They see the request, never the item.
3. The answer joins the item's history (the reviewers read it there and under the item's
   explanations); the reviewer who asked is told, through the item's gate."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import (
    OPEN_STATES,
    ExplanationRequest,
    FeedbackItem,
    HistoryEntry,
    Kind,
)
from complaints.register.explanation_selectors import explanation_candidates
from servicedesk.services.notifications import notify_user

from .workflow import _require_reviewer

if TYPE_CHECKING:
    from servicedesk.types import User

CLAUSE = "2.1.4.1"


def _refusal(item: FeedbackItem, employee: Any, question: str, answer_by: date) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if item.kind != Kind.COMPLAINT or item.state not in OPEN_STATES:
        errors["__all__"] = _("An explanation is asked for while a complaint is open.")
    if not explanation_candidates(item).filter(pk=getattr(employee, "pk", None)).exists():
        errors["employee"] = _("Choose the person the complaint is about.")
    if not question.strip():
        errors["question"] = _("Write what the employee is asked to explain.")
    if answer_by < timezone.localdate():
        errors["answer_by"] = _("The date cannot be in the past.")
    return errors


@transaction.atomic
def explanation_request(
    *,
    actor: User,
    item: FeedbackItem,
    employee: Any,
    question: str,
    answer_by: date,
    names_complainant: bool = False,
) -> ExplanationRequest:
    """Steps 1–2: ask the person the complaint is about for a written explanation."""
    _require_reviewer(actor, item)
    errors = _refusal(item, employee, question, answer_by)
    if names_complainant and (item.is_anonymous or not item.client_name):
        errors["names_complainant"] = _("The complaint does not name the complainant.")
    if errors:
        raise ValidationError(errors)
    request = ExplanationRequest.objects.create(
        item=item,
        employee=employee,
        asked_by=actor,
        question=question.strip(),
        names_complainant=names_complainant,
        complainant=item.client_name if names_complainant else "",
        answer_by=answer_by,
    )
    note = request.question
    if names_complainant:
        note += "\n" + _("The complainant is named in the request: %(name)s") % {
            "name": item.client_name
        }
    _history(item, actor, HistoryEntry.Event.EXPLANATION_ASKED, note)
    notify_user(
        user=employee,
        kind="complaint_explanation_request",
        rule_clause=CLAUSE,
        target=request,  # the request's own record: it carries nothing of the item
        template="notifications/complaint_explanation_request",
        context={"answer_by": answer_by},
        link=reverse("complaints:explanation_answer", args=[request.pk]),
        key=f"complaint-explanation-request:{request.pk}",
    )
    return request


@transaction.atomic
def explanation_answer(
    *, actor: User, request: ExplanationRequest, answer: str
) -> ExplanationRequest:
    """Step 3: the employee answers once; the answer joins the item's history."""
    request = ExplanationRequest.objects.select_for_update().get(pk=request.pk)
    if request.employee_id != actor.pk:
        raise ValidationError(_("Only the employee asked can answer."))
    if request.answered_at is not None:
        raise ValidationError(_("This request has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the explanation.")})
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_at"])
    item = FeedbackItem.objects.get(pk=request.item_id)
    _history(item, actor, HistoryEntry.Event.EXPLANATION_GIVEN, request.answer)
    notify_user(
        user=request.asked_by,
        kind="complaint_explanation_answered",
        rule_clause=CLAUSE,
        target=item,  # read through the item's gate
        template="notifications/complaint_explanation_answered",
        context={"item": item},
        link=item.get_absolute_url(),
        key=f"complaint-explanation-answered:{request.pk}",
    )
    return request


def _history(item: FeedbackItem, actor: User, event: str, note: str) -> None:
    HistoryEntry.objects.create(
        item=item,
        event=event,
        actor=actor,
        from_state=item.state,
        to_state=item.state,
        note=note,
        clause=CLAUSE,
    )
