"""Reads of the front desk's team work (4.3.1, 2.1.2.2): who is on the desk, who stands in for
whom while away, the team's callback queue and each one's own. Written by
``cases.services.callbacks`` and ``cases.services.absences``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Absence, Callback, WrittenSubmission
from cases.selectors import submissions_register
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


def my_callbacks(user: Any) -> QuerySet[Callback]:
    """My callbacks: the user's own open ones and those of whoever they stand in for today."""
    away = absences_on().filter(substitute=user).values("employee")
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


def submissions_of(status: str = "", owner_id: int | None = None) -> QuerySet[WrittenSubmission]:
    """The register of written submissions, of one responsible employee when ``owner_id``."""
    rows = submissions_register(status)
    return rows if owner_id is None else rows.filter(owner_id=owner_id)
