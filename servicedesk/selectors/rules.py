"""Reads of rules governance (clauses 9 and 10).

Semantics: the version *in force* is the one with the latest effective date not after today.
Everybody with a role must acknowledge it (clause 9); until they do, every page shows a banner.
A version announced for a later date may be acknowledged in advance, but it does not raise the
banner until it is in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from servicedesk.models import RulesAcknowledgement, RulesClause, RulesVersion
from servicedesk.roles import Action, Role, can
from servicedesk.rules_parser import depth, display_number

if TYPE_CHECKING:
    from servicedesk.types import User


def version_in_force(on: dt.date | None = None) -> RulesVersion | None:
    """The version whose effective date is the latest not after ``on`` (today by default)."""
    on = on or timezone.localdate()
    return (
        RulesVersion.objects.filter(effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .first()
    )


def versions_to_acknowledge(user: User) -> list[RulesVersion]:
    """The version in force, if ``user`` must acknowledge it and has not yet (clause 9).

    This feeds the banner on every page, so it is one query (the user's roles are already
    cached on the request's user by the navigation). People without a role have no duties
    under the rules and see no banner; versions announced for a later date do not count yet.
    """
    if not getattr(user, "is_authenticated", False) or not can(user, Action.ACKNOWLEDGE_RULES):
        return []
    current = (
        RulesVersion.objects.filter(effective_from__lte=timezone.localdate())
        .annotate(
            acknowledged=Exists(
                RulesAcknowledgement.objects.filter(version=OuterRef("pk"), user=user)
            )
        )
        .order_by("-effective_from", "-number")
        .only("pk", "number", "title", "effective_from")
        .first()
    )
    if current is None or current.acknowledged:
        return []
    return [current]


def versions_open_for_acknowledgement() -> QuerySet[RulesVersion]:
    """The version in force and any announced for a later date, oldest first."""
    current = version_in_force()
    qs = RulesVersion.objects.all()
    if current is not None:
        qs = qs.filter(Q(pk=current.pk) | Q(effective_from__gt=timezone.localdate()))
    return qs.order_by("effective_from", "number")


def version_is_open_for_acknowledgement(version: RulesVersion) -> bool:
    """A superseded version can no longer be acknowledged; the one in force and later can."""
    current = version_in_force()
    return current is None or version.effective_from >= current.effective_from


def acknowledgement_of(*, user: User, version: RulesVersion) -> RulesAcknowledgement | None:
    return RulesAcknowledgement.objects.filter(user=user, version=version).first()


def upcoming_versions_for(user: User) -> list[RulesVersion]:
    """Versions announced for a later date, each annotated with ``acknowledged`` by ``user``."""
    return list(
        RulesVersion.objects.filter(effective_from__gt=timezone.localdate())
        .annotate(
            acknowledged=Exists(
                RulesAcknowledgement.objects.filter(version=OuterRef("pk"), user=user)
            )
        )
        .order_by("effective_from", "number")
    )


def all_versions() -> QuerySet[RulesVersion]:
    """Every version, newest first, without the full text (lists and selectors)."""
    return RulesVersion.objects.defer("text").order_by("-effective_from", "-number")


def next_version_number() -> int:
    last = RulesVersion.objects.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@dataclass(frozen=True)
class ClauseView:
    number: str
    anchor: str
    text: str
    depth: int
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ClauseGroups:
    main: list[ClauseView]
    annex_typical: list[ClauseView]
    annex_atypical: list[ClauseView]


def clause_groups(version: RulesVersion) -> ClauseGroups:
    """The version's clauses, grouped by part, ready for display (one query)."""
    groups: dict[str, list[ClauseView]] = {part: [] for part in RulesClause.Part.values}
    for clause in version.clauses.order_by("position"):
        lines = clause.text.splitlines()
        groups[clause.part].append(
            ClauseView(
                number=display_number(clause.number),
                anchor=f"{clause.part}-{clause.number}".replace("#", "-"),
                text=lines[0] if lines else "",
                depth=depth(clause.number),
                lines=lines[1:],
            )
        )
    return ClauseGroups(
        main=groups[RulesClause.Part.MAIN],
        annex_typical=groups[RulesClause.Part.ANNEX_TYPICAL],
        annex_atypical=groups[RulesClause.Part.ANNEX_ATYPICAL],
    )


def users_bound_by_rules() -> QuerySet[Any]:
    """Active users with any role (superusers count as administrators): those who must
    acknowledge the rules."""
    User = get_user_model()
    with_role = Q(groups__name__in=[role.value for role in Role]) | Q(is_superuser=True)
    return User.objects.filter(Q(is_active=True) & with_role).distinct()


def users_not_acknowledged(version: RulesVersion) -> QuerySet[Any]:
    """Users bound by the rules who have not acknowledged ``version``."""
    User = get_user_model()
    bound = users_bound_by_rules().values("pk")
    return (
        User.objects.filter(pk__in=bound)
        .exclude(rules_acknowledgements__version=version)
        .order_by("last_name", "first_name", "username")
    )


@dataclass(frozen=True)
class RulesRegister:
    version: RulesVersion
    acknowledged: list[RulesAcknowledgement]
    not_acknowledged: list[Any]


def rules_register(version: RulesVersion) -> RulesRegister:
    """Who acknowledged ``version`` and when, and who has not (clause 9). Two queries."""
    acknowledged = list(
        version.acknowledgements.select_related("user__employee__unit").order_by(
            "acknowledged_at", "pk"
        )
    )
    not_acknowledged = list(users_not_acknowledged(version).select_related("employee__unit"))
    return RulesRegister(
        version=version, acknowledged=acknowledged, not_acknowledged=not_acknowledged
    )
