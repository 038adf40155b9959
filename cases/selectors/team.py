"""Reads of the front desk's team work (4.3.1, 4.9, 2.1.2.2): who is on the desk, who stands in
for whom while away, the team's callback and question queues and each one's own, the written
submissions one answers for. Written by ``cases.services.callbacks``, ``.consultations`` and
``.absences``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import Absence, Callback, Consultation, OrderIssue, WrittenSubmission
from cases.selectors import submissions_register
from servicedesk.models import StructuralUnit
from servicedesk.roles import PERMISSIONS, Action, Role, has_role


def front_desk_users() -> QuerySet[Any]:
    """Active users with the front-desk role: whom a callback may be passed to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.FRONT_DESK)
        .order_by("last_name", "first_name", "pk")
    )


def desk_users() -> QuerySet[Any]:
    """Active users who may log contacts: who may answer for a written submission."""
    roles = [role.value for role in PERMISSIONS[Action.LOG_CONTACTS]]
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def absences_on(day: date | None = None) -> QuerySet[Absence]:
    day = day or timezone.localdate()
    return Absence.objects.filter(starts_on__lte=day, ends_on__gte=day)


def substitute_for(user: Any, day: date | None = None) -> Any | None:
    """Who takes ``user``'s new callbacks today: their substitute while they are away."""
    absence = absences_on(day).filter(employee=user).select_related("substitute").first()
    return absence.substitute if absence else None


def _queue_order(callbacks: QuerySet[Callback]) -> QuerySet[Callback]:
    """Overdue first, then by the next try or the agreed time (4.3.1)."""
    now = timezone.now()
    return (
        callbacks.filter(status=Callback.Status.OPEN)
        .select_related("client", "contact", "owner")
        .annotate(
            overdue=Case(
                When(due_at__lt=now, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            next_at=Coalesce("next_try_at", "due_at"),
        )
        .order_by("overdue", "next_at", "pk")
    )


def _stood_in_for(user: Any) -> QuerySet[Absence, Any]:
    """Whom ``user`` stands in for today, as a subquery of employee ids."""
    return absences_on().filter(substitute=user).values("employee")


def my_callbacks(user: Any) -> QuerySet[Callback]:
    """My callbacks: the user's own open ones and those of whoever they stand in for today."""
    away = _stood_in_for(user)
    return _queue_order(Callback.objects.filter(Q(owner=user) | Q(owner__in=away)))


def team_callbacks() -> QuerySet[Callback]:
    """The front desk's open callbacks, whoever owns them."""
    return _queue_order(Callback.objects.filter(owner__groups__name=Role.FRONT_DESK))


def may_record_absence_of_others(user: Any) -> bool:
    """The absent person records their own absence; an administrator or a unit head anyone's."""
    return has_role(user, Role.ADMINISTRATOR) or has_role(user, Role.UNIT_HEAD)


def absences_for(user: Any) -> QuerySet[Absence]:
    """The absences a user sees: their own and those they stand in for; all for those who
    record others' absences."""
    qs = Absence.objects.select_related("employee", "substitute")
    if not may_record_absence_of_others(user):
        qs = qs.filter(Q(employee=user) | Q(substitute=user))
    return qs.filter(ends_on__gte=timezone.localdate())


def submissions_of(
    status: str = "", owner_id: int | None = None, mine_of: Any = None
) -> QuerySet[WrittenSubmission]:
    """The register of written submissions, of one responsible employee when ``owner_id``;
    with ``mine_of``, those the user answers for and those of whoever they stand in for."""
    rows = submissions_register(status)
    if mine_of is not None:
        rows = rows.filter(Q(owner=mine_of) | Q(owner__in=_stood_in_for(mine_of)))
    return rows if owner_id is None else rows.filter(owner_id=owner_id)


# --- Questions to contact persons (4.8, 4.9) --------------------------------------------------


def _questions(rows: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """Unanswered first, the longest waiting first among them (4.9)."""
    return rows.select_related("asked_by", "contact_person", "contact__client").order_by(
        F("answered_at").asc(nulls_first=True), "asked_at", "pk"
    )


def my_consultations(user: Any) -> QuerySet[Consultation]:
    """Questions for me to answer: put to me, and the open ones of whoever I stand in for."""
    away = _stood_in_for(user)
    return _questions(
        Consultation.objects.filter(
            Q(contact_person=user) | Q(contact_person__in=away, answered_at__isnull=True)
        )
    )


def team_consultations() -> QuerySet[Consultation]:
    """Every open question to a contact person, for the front desk and unit heads."""
    return _questions(Consultation.objects.filter(answered_at__isnull=True))


def consultations_asked_by(user: Any) -> QuerySet[Consultation]:
    """The questions I asked, the answered ones with their answer (4.9: back to the asker);
    the latest first."""
    return (
        Consultation.objects.filter(asked_by=user, live=False)
        .select_related("contact_person", "contact__client")
        .order_by(F("answered_at").desc(nulls_first=True), "-asked_at", "-pk")
    )


def contact_persons() -> QuerySet[Any]:
    """Active contact persons: whom a question may be put to or passed on to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.CONTACT_PERSON)
        .order_by("last_name", "first_name", "pk")
    )


def consultation_trail(consultation: Consultation) -> list[Any]:
    """Who passed the question on to whom and why (the row's change reason), who took it,
    which substitute answered it: the trail's rows where the contact person changed, oldest
    first."""
    rows = list(
        consultation.audit_trail.select_related("history_user", "contact_person").order_by(
            "history_date", "history_id"
        )
    )
    return [
        row
        for before, row in zip(rows, rows[1:], strict=False)
        if row.contact_person_id != before.contact_person_id
    ]


# --- Order issues (4.10.1) ---------------------------------------------------------------------

ORDER_ISSUE_LIMIT = 100


@dataclass(frozen=True)
class OrderIssues:
    """4.10.1 as a unit head, a reporter and the team see it: the issues of the units one
    heads or heads today in an absent head's place (open first), those one reported, and every
    open one of the desk."""

    to_resolve: list[OrderIssue]
    reported: list[OrderIssue]
    team: list[OrderIssue]


def heads_q(user: Any) -> Q:
    """Order issues whose unit ``user`` heads, or heads today while its head is away and
    ``user`` stands in (2.1.2.2)."""
    away = absences_on().filter(substitute=user).values("employee")
    return Q(unit__head__user=user) | Q(unit__head__user__in=away)


def order_issues_for(user: Any) -> OrderIssues:
    rows = OrderIssue.objects.select_related(
        "unit", "contact__client", "reported_by", "resolved_by", "passed_from"
    )
    rows = rows.order_by(F("resolved_at").desc(nulls_first=True), "-created_at", "-pk")
    return OrderIssues(
        to_resolve=list(rows.filter(heads_q(user))[:ORDER_ISSUE_LIMIT]),
        reported=list(rows.filter(reported_by=user)[:ORDER_ISSUE_LIMIT]),
        team=list(
            rows.filter(resolved_at__isnull=True).order_by("created_at", "pk")[:ORDER_ISSUE_LIMIT]
        ),
    )


def order_issue_get(user: Any, pk: int) -> OrderIssue:
    """An issue of a unit the user heads or stands in for (404 otherwise: no hint that it
    exists)."""
    return get_object_or_404(
        OrderIssue.objects.filter(heads_q(user)).select_related("unit__head"), pk=pk
    )


def order_issue_units() -> QuerySet[Any]:
    """The units an order issue may be passed to: those with a head or a mailbox to tell."""
    return StructuralUnit.objects.filter(Q(head__isnull=False) | ~Q(email="")).order_by("name")
