"""Reads of the requests for an employee's explanation (2.1.4.1). The employee reads only the
requests put to them (``requests_to``, ``request_to``), never the item: that stays behind
``complaints.selectors``. The reviewer reads an item's requests through the item they opened
through that gate (``requests_on``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from complaints.models import ExplanationRequest, FeedbackItem
from complaints.subjects import subject_user_ids


def explanation_candidates(item: FeedbackItem) -> QuerySet[Any]:
    """Whom the reviewer may ask: the active users the complaint is about (the employee; for a
    complaint about the head, the head)."""
    return (
        get_user_model()
        .objects.filter(pk__in=subject_user_ids(item), is_active=True)
        .order_by("last_name", "first_name", "pk")
    )


def requests_on(item: FeedbackItem) -> QuerySet[ExplanationRequest]:
    """An item's requests with their answers, for its reviewers (the item already gated)."""
    return item.explanation_requests.select_related("employee", "asked_by")


def requests_to(user: Any) -> QuerySet[ExplanationRequest]:
    """The requests put to ``user``, unanswered first. Only the fields the request shows are
    loaded: nothing of the item."""
    return (
        ExplanationRequest.objects.filter(employee=user)
        .select_related("asked_by")
        .only(*REQUEST_FIELDS)
        .order_by(F("answered_at").asc(nulls_first=True), "-asked_at")
    )


def request_to(user: Any, pk: int) -> ExplanationRequest:
    """One request put to ``user``; 404 for anyone else (as for a missing one)."""
    return get_object_or_404(requests_to(user), pk=pk)


#: What the employee's pages read of a request: what the reviewer chose to send.
REQUEST_FIELDS = (
    "id",
    "employee",
    "asked_by",
    "asked_at",
    "question",
    "names_complainant",
    "complainant",
    "answer_by",
    "answer",
    "answered_at",
    "asked_by__first_name",
    "asked_by__last_name",
    "asked_by__username",
)
