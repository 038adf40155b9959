"""Reads of rules governance (clauses 9 and 10)."""

from typing import Any

from django.utils import timezone

from servicedesk.models import RulesVersion


def version_in_force(on=None) -> RulesVersion | None:
    """The version whose effective date is the latest not after ``on`` (today by default)."""
    on = on or timezone.localdate()
    return RulesVersion.objects.filter(effective_from__lte=on).order_by(
        "-effective_from", "-number"
    ).first()


def versions_to_acknowledge(user: Any) -> list[RulesVersion]:
    """Versions in force (or announced) that the user has not acknowledged yet."""
    current = version_in_force()
    if current is None:
        return []
    qs = RulesVersion.objects.filter(effective_from__gte=current.effective_from).exclude(
        acknowledgements__user=user
    )
    return list(qs.order_by("effective_from", "number"))
