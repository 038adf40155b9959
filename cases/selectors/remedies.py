"""Reads of the remedies of errors (2.1.1.2): the owner's list, one remedy, the start page's
counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from cases.models import Remedy
from cases.selectors import _for_desk


def remedies_for(user: Any) -> QuerySet[Remedy]:
    """The remedies the user answers for or opened: open ones first, nearest deadline first."""
    return (
        Remedy.objects.filter(Q(owner=user) | Q(opened_by=user))
        .select_related("contact__client", "owner")
        .annotate(
            closed=Case(
                When(status=Remedy.Status.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", "due_on", "pk")
    )


def remedy_get(user: Any, pk: int) -> Remedy:
    """One remedy, for a user who may log contacts (as its contact is)."""
    related = ("contact__client", "owner", "opened_by", "closed_by")
    return _for_desk(user, Remedy.objects.select_related(*related), pk)


def remedy_counts(user: Any) -> dict[str, int]:
    """The user's open remedies and those past their deadline (the start page)."""
    return Remedy.objects.filter(owner=user, status=Remedy.Status.OPEN).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate())),
    )
