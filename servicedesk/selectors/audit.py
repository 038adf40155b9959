"""Searching the audit trail (2.1.6.1): reads (``AccessLog``) and writes (the
django-simple-history tables), by person and by record.

The subject rule of the complaints register (2.1.4.4) holds here too: entries about a
feedback item the searcher may not see are left out, and the values of a change are shown
only to someone who may read the record's content. The apps above the core register their
gates from their ``privacy.py`` with ``register_restriction`` (the core imports no app)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from servicedesk.models import AccessLog

if TYPE_CHECKING:
    from servicedesk.types import User

#: user -> a queryset of the primary keys of the scope records the user may see (or read)
IdsFor = Callable[[Any], QuerySet[Any]]


@dataclass(frozen=True)
class Restriction:
    """The gate of a kind of record: its scope (the record whose rule applies, e.g. an
    attachment's feedback item), who may see the scope, who may read its content."""

    scope_field: str
    visible: IdsFor
    readable: IdsFor | None = None


_restrictions: dict[str, Restriction] = {}


def register_restriction(record_type: str, restriction: Restriction) -> None:
    _restrictions[record_type] = restriction


@cache
def discover() -> None:
    """Import every app's ``privacy.py`` once: they register gates and data sources."""
    autodiscover_modules("privacy")


def restriction_for(record_type: str) -> Restriction | None:
    discover()
    return _restrictions.get(record_type)


def audited_models() -> list[type[Model]]:
    """The models whose writes django-simple-history records."""
    return [
        m
        for m in apps.get_models()
        if getattr(m._meta, "simple_history_manager_attribute", None)
        and not m.__name__.startswith("Historical")
    ]


_personal_record_types: set[str] = set()


def declare_personal_record_type(record_type: str) -> None:
    """A page shows records of this kind (``servicedesk.personal_data``): reads of it are
    logged, so the search offers it."""
    _personal_record_types.add(record_type)


def personal_record_types() -> frozenset[str]:
    """Every kind of record some page declares as personal data."""
    return frozenset(_personal_record_types)


def record_types() -> list[tuple[str, str]]:
    """(record type, label) for the search form: the audited models and the kinds of record
    pages show as personal data."""
    models = {m._meta.label_lower: m for m in audited_models()}
    for record_type in _personal_record_types:
        models.setdefault(record_type, apps.get_model(record_type))
    return sorted(
        ((label, str(m._meta.verbose_name).capitalize()) for label, m in models.items()),
        key=lambda choice: choice[1],
    )


@dataclass(frozen=True)
class AuditFilters:
    person_id: int | None = None
    record_type: str = ""
    record_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def access_log_for(user: User, filters: AuditFilters) -> QuerySet[AccessLog]:
    """Reads, newest first, without those about records hidden from ``user``."""
    discover()
    qs = AccessLog.objects.select_related("actor")
    for record_type, restriction in _restrictions.items():
        # A row about one record the searcher may not see is left out. A list row (no
        # record) stays: it shows a kind and a count, never which records it held.
        qs = qs.exclude(
            Q(record_type=record_type, record_id__isnull=False)
            & ~Q(scope_id__in=restriction.visible(user))
        )
    if filters.person_id:
        qs = qs.filter(actor_id=filters.person_id)
    if filters.record_type:
        qs = qs.filter(record_type=filters.record_type)
    if filters.record_id:
        qs = qs.filter(Q(record_id=filters.record_id) | _listed(user, filters.record_id))
    if filters.date_from:
        qs = qs.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(at__lt=_day_start(filters.date_to + timedelta(days=1)))
    return qs.order_by("-at", "-pk")


def _listed(user: User, record_id: int) -> Q:
    """List rows that showed record number ``record_id``; for a kind of record with a gate
    only when the searcher may see that record (else the search would tell it exists)."""
    listed = Q(record_ids__contains=f" {record_id} ")
    for record_type, restriction in _restrictions.items():
        if (
            restriction.scope_field != "id"
            or not restriction.visible(user).filter(pk=record_id).exists()
        ):
            listed &= ~Q(record_type=record_type)
    return listed


@dataclass
class Change:
    """One write: who, when, what kind (created, changed, deleted), which record, and for
    each changed field its old and new value (``None`` when the searcher may not read them)."""

    at: datetime
    actor: User
    kind: str
    record_type: str
    record_label: str
    record_id: int
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    values_hidden: bool = False
    #: What the writer said of a change the fields do not show (a login's roles: the user
    #: account has no history of its own).
    reason: str = ""


def _history_rows(
    model: type[Model],
    user: User,
    filters: AuditFilters,
    limit: int,
    readable_by_gate: dict[IdsFor, set[int]],
) -> tuple[list[Any], set[int] | None]:
    """The model's history rows the user may see, and the scope ids whose values the user
    may read (``None``: no gate). ``readable_by_gate`` keeps each gate's ids for the next
    model: items and their attachments share one gate, evaluated once."""
    record_type = model._meta.label_lower
    manager = getattr(model, model._meta.simple_history_manager_attribute)  # type: ignore[attr-defined]
    rows = manager.all()
    restriction = restriction_for(record_type)
    readable: set[int] | None = None
    if restriction is not None:
        rows = rows.filter(**{f"{restriction.scope_field}__in": restriction.visible(user)})
        if restriction.readable is not None:
            if restriction.readable not in readable_by_gate:
                readable_by_gate[restriction.readable] = set(
                    restriction.readable(user).values_list("pk", flat=True)
                )
            readable = readable_by_gate[restriction.readable]
    if filters.person_id:
        rows = rows.filter(history_user_id=filters.person_id)
    if filters.record_id:
        rows = rows.filter(id=filters.record_id)
    if filters.date_from:
        rows = rows.filter(history_date__gte=_day_start(filters.date_from))
    if filters.date_to:
        rows = rows.filter(history_date__lt=_day_start(filters.date_to + timedelta(days=1)))
    return list(rows.select_related("history_user").order_by("-history_date")[:limit]), readable


# django-simple-history's own labels have no Latvian translation; the trail names its events.
HISTORY_EVENTS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def changes_for(user: User, filters: AuditFilters, *, limit: int = 100) -> list[Change]:
    """Writes, newest first (at most ``limit``), through the same gate as the reads."""
    discover()
    models = [
        m
        for m in audited_models()
        if not filters.record_type or m._meta.label_lower == filters.record_type
    ]
    changes: list[Change] = []
    readable_by_gate: dict[IdsFor, set[int]] = {}
    for model in models:
        rows, readable = _history_rows(model, user, filters, limit, readable_by_gate)
        restriction = restriction_for(model._meta.label_lower)
        for row in rows:
            scope_id = getattr(row, restriction.scope_field) if restriction else None
            hidden = readable is not None and scope_id not in readable
            changes.append(
                Change(
                    at=row.history_date,
                    actor=row.history_user,
                    kind=str(HISTORY_EVENTS.get(row.history_type, row.history_type)),
                    record_type=str(model._meta.verbose_name),
                    record_label=_label(model, row),
                    record_id=row.id,
                    fields=[] if hidden else _diff(row),
                    values_hidden=hidden,
                    reason="" if hidden else (getattr(row, "history_change_reason", "") or ""),
                )
            )
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes[:limit]


def _label(model: type[Model], row: Any) -> str:
    number = getattr(row, "register_number", "")
    return str(number) if number else f"{model._meta.verbose_name} #{row.id}"


def _diff(row: Any) -> list[tuple[str, Any, Any]]:
    previous = row.prev_record
    if previous is None:
        return []
    delta = row.diff_against(previous)
    fields = {f.name: f for f in row.instance_type._meta.get_fields() if f.concrete}
    names = {name: f.verbose_name for name, f in fields.items()}
    return [
        (str(names.get(c.field, c.field)), *_shown(fields.get(c.field), c.old, c.new))
        for c in delta.changes
    ]


def _shown(field: Any, old: Any, new: Any) -> tuple[Any, Any]:
    """Values as the forms show them: a choice by its label ("Izskatīšanā", not
    ``under_review``), yes/no in words, a user by name."""
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices:
        return choices.get(old, old), choices.get(new, new)
    if isinstance(old, bool) or isinstance(new, bool):
        return _yes_no(old), _yes_no(new)
    return _user_names(field, old, new)


def _yes_no(value: Any) -> Any:
    return {True: str(_("yes")), False: str(_("no"))}.get(value, value)


def _user_names(field: Any, old: Any, new: Any) -> tuple[Any, Any]:
    """A link to a user account reads as the user name, not as a number: who was linked to
    an employee record and who is now (2.1.4.4: it decides who a complaint is about)."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    if getattr(field, "related_model", None) is not user_model:
        return old, new
    names = dict(
        user_model.objects.filter(pk__in=[v for v in (old, new) if v is not None]).values_list(
            "pk", user_model.USERNAME_FIELD
        )
    )
    return names.get(old, old), names.get(new, new)


def people() -> Iterable[Any]:
    """Everyone who can appear in the trail, for the search form."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.order_by("last_name", "first_name", "username")
