"""The contact page's part for the client's choice (4.2): the free slots of a day and the
form booking one, the contact's visits; and the 4.1.4 refusal said to the client."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cases.forms.visits import VisitBookForm, VisitDayForm
from cases.models import ClientChoice, Contact, Outcome
from cases.selectors import visits as visit_reads
from cases.services.choice import DOCUMENT_REVIEW_REFUSAL


def choice_context(request: HttpRequest, contact: Contact, bound: dict[str, Any]) -> dict[str, Any]:
    """``visit_day`` (GET) picks the day; without it, the first day with a free slot."""
    booked = list(contact.visits.all())
    context: dict[str, Any] = {
        "contact_visits": booked,
        "document_review_refusal": DOCUMENT_REVIEW_REFUSAL
        if Outcome.DOCUMENT_REVIEW_REFUSED in contact.outcome_codes
        else "",
    }
    wants_visit = contact.client_choice == ClientChoice.VISIT
    if not wants_visit or any(v.status == v.Status.BOOKED for v in booked):
        return context
    day_form = VisitDayForm(request.GET or None)
    day = day_form.cleaned_data.get("visit_day") if day_form.is_valid() else None
    day = day or visit_reads.first_day_with_free_slots()
    form = bound.get("visit_form") or VisitBookForm(initial={"purpose": contact.summary[:300]})
    return {
        **context,
        "visit_day_form": VisitDayForm(initial={"visit_day": day}),
        "visit_day": day,
        "visit_slots": visit_reads.free_slots(day),
        "visit_form": form,
        "visit_chosen": form["starts_at"].value() if form.is_bound else "",
    }
