"""Reads of rules governance (clauses 9 and 10).

Semantics: the version *in force* is the one with the latest effective date not after today.
Everybody with a role must acknowledge it (clause 9); until they do, every page shows a banner.
A version announced for a later date may be acknowledged in advance, but it does not raise the
banner until it is in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from servicedesk.models import (
    Employee,
    RulesAcknowledgement,
    RulesClause,
    RulesSignature,
    RulesSignedSheet,
    RulesVersion,
)
from servicedesk.roles import PERMISSIONS, Action, can
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

    A signature on the paper sheet counts as well (the person signed what the banner asks).
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
            ),
            signed=Exists(
                RulesSignature.objects.filter(version=OuterRef("pk"), employee__user=user)
            ),
        )
        .order_by("-effective_from", "-number")
        .only("pk", "number", "title", "effective_from")
        .first()
    )
    if current is None or current.acknowledged or current.signed:
        return []
    return [current]


def versions_open_for_acknowledgement() -> QuerySet[RulesVersion]:
    """The version in force and any announced for a later date, oldest first."""
    current = version_in_force()
    qs = RulesVersion.objects.all()
    if current is not None:
        qs = qs.filter(Q(pk=current.pk) | Q(effective_from__gt=timezone.localdate()))
    return qs.order_by("effective_from", "number")


def version_is_open_for_acknowledgement(
    version: RulesVersion, in_force: RulesVersion | None | Literal[False] = False
) -> bool:
    """A superseded version can no longer be acknowledged; the one in force and later can.
    ``in_force``: the version in force when the caller has read it already."""
    current = version_in_force() if in_force is False else in_force
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
    """Active users with a staff role (superusers count as administrators): those who must
    acknowledge the rules (not an outside compliance inspector)."""
    User = get_user_model()
    bound = PERMISSIONS[Action.ACKNOWLEDGE_RULES]
    with_role = Q(groups__name__in=[role.value for role in bound]) | Q(is_superuser=True)
    return User.objects.filter(Q(is_active=True) & with_role).distinct()


def users_not_acknowledged(version: RulesVersion) -> QuerySet[Any]:
    """Users bound by the rules who have neither acknowledged ``version`` in the desk nor
    signed it on a sheet (those the weekly reminder is for)."""
    User = get_user_model()
    bound = users_bound_by_rules().values("pk")
    return (
        User.objects.filter(pk__in=bound)
        .exclude(rules_acknowledgements__version=version)
        .exclude(employee__rules_signatures__version=version)
        .order_by("last_name", "first_name", "username")
    )


SIGNED = "signed"
CONFIRMED = "confirmed"
MISSING = "missing"


@dataclass(frozen=True)
class RegisterRow:
    """One person in the acknowledgement register of a version: an employee (with or without
    a login) or a user with a role who has no employee record (the municipality's people)."""

    name: str
    position: str
    unit: str
    has_login: bool
    is_active: bool
    sort_key: tuple[str, str]
    employee: Employee | None = None
    signature: RulesSignature | None = None
    acknowledgement: RulesAcknowledgement | None = None

    @property
    def status(self) -> str:
        """``signed`` on a sheet, ``confirmed`` in the desk only (not a signature), or
        ``missing``."""
        if self.signature is not None:
            return SIGNED
        if self.acknowledgement is not None:
            return CONFIRMED
        return MISSING


@dataclass(frozen=True)
class RulesRegister:
    version: RulesVersion
    rows: list[RegisterRow]
    sheets: Sequence[RulesSignedSheet]

    def _with(self, status: str) -> list[RegisterRow]:
        return [row for row in self.rows if row.status == status]

    @property
    def signed(self) -> list[RegisterRow]:
        return self._with(SIGNED)

    @property
    def confirmed(self) -> list[RegisterRow]:
        return self._with(CONFIRMED)

    @property
    def missing(self) -> list[RegisterRow]:
        return self._with(MISSING)


def _employee_row(
    employee: Employee,
    signature: RulesSignature | None,
    acknowledgement: RulesAcknowledgement | None,
) -> RegisterRow:
    user = employee.user
    return RegisterRow(
        name=employee.full_name,
        position=employee.position,
        unit=employee.unit.name if employee.unit else "",
        has_login=user is not None and user.is_active,
        is_active=employee.is_active,
        sort_key=(employee.last_name.casefold(), employee.first_name.casefold()),
        employee=employee,
        signature=signature,
        acknowledgement=acknowledgement,
    )


def _user_row(user: Any, acknowledgement: RulesAcknowledgement | None) -> RegisterRow:
    return RegisterRow(
        name=user.get_full_name() or user.username,
        position="",
        unit="",
        has_login=True,
        is_active=user.is_active,
        sort_key=(user.last_name.casefold(), user.first_name.casefold() or user.username),
        acknowledgement=acknowledgement,
    )


def rules_register(version: RulesVersion) -> RulesRegister:
    """Everybody bound by ``version`` and how they acknowledged it (clause 9): every active
    employee, with or without a login, and every user with a role who is not an employee;
    people who have since left stay when they signed or confirmed it. Five queries, however
    many people."""
    signatures = {s.employee_id: s for s in version.signatures.select_related("sheet")}
    acknowledgements = {a.user_id: a for a in version.acknowledgements.all()}
    employees = Employee.objects.filter(
        Q(is_active=True) | Q(pk__in=list(signatures)) | Q(user_id__in=list(acknowledgements))
    ).select_related("unit", "user")
    rows = [
        _employee_row(e, signatures.get(e.pk), acknowledgements.get(e.user_id or 0))
        for e in employees
    ]
    bound = users_bound_by_rules().values("pk")
    others = get_user_model().objects.filter(
        Q(pk__in=bound) | Q(pk__in=list(acknowledgements)), employee__isnull=True
    )
    rows += [_user_row(user, acknowledgements.get(user.pk)) for user in others]
    rows.sort(key=lambda row: row.sort_key)
    sheets = list(
        version.signed_sheets.select_related("uploaded_by").annotate(
            signature_count=Count("signatures")
        )
    )
    return RulesRegister(version=version, rows=rows, sheets=sheets)


def employees_to_sign(version: RulesVersion) -> QuerySet[Employee]:
    """Active employees who have not yet signed ``version`` on a sheet."""
    return (
        Employee.objects.filter(is_active=True)
        .exclude(rules_signatures__version=version)
        .select_related("unit")
        .order_by("last_name", "first_name")
    )


def signed_sheet(pk: int) -> RulesSignedSheet:
    """A signed sheet with its version (``DoesNotExist`` when there is none)."""
    return RulesSignedSheet.objects.select_related("version", "uploaded_by").get(pk=pk)


def signatures_from(sheet: RulesSignedSheet) -> list[RulesSignature]:
    """The signatures recorded from ``sheet``, by name."""
    return list(
        sheet.signatures.select_related("employee__unit", "recorded_by").order_by(
            "employee__last_name", "employee__first_name"
        )
    )
