"""Confidentiality scopes: whatever is derived from a restricted record is read through that
record's gate (ARCHITECTURE.md, "Visibility belongs to the data"; 2.1.4.4).

The core app does not know the apps above it, so each of them registers here, from its
``AppConfig.ready``:

* a **scope root** (``register_scope``): a model whose rows decide who may know of them, with
  its gate functions — ``visible(user)``, the queryset of roots the user may know of now,
  and ``readable(user, root)``, whether the user may read the root's content (an
  administrator sees an ethics item in the register but does not read it); optionally
  ``readable_roots(user)``, the same as a queryset, so that a list or a search needs no
  check per root;
* **derived models** (``register_target``): how to find the root of one of their rows (a survey
  invitation belongs to the feedback item it was sent after).

A notification stores its scope (``scope_type``, ``scope_id``) when it is written, found from
its target through this registry, so no caller has to think of it. Readers of the outbox
filter with ``visible_q(user)``: the gate runs when the row is read, not when it was sent, so
a notification about an item that later became about its recipient disappears from their
inbox. A scope type nobody registered is shown to nobody (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

VisibleFn = Callable[[Any], QuerySet[Any]]
ReadableFn = Callable[[Any, Any], bool]
RootFn = Callable[[Any], int | None]


@dataclass(frozen=True)
class Gate:
    label: str  # "complaints.feedbackitem": what Notification.scope_type holds
    model: type[models.Model]
    visible: VisibleFn
    readable: ReadableFn
    readable_roots: VisibleFn | None = None


_gates: dict[str, Gate] = {}
#: label of a target model → (label of its root, how to find the root's pk from a row)
_targets: dict[str, tuple[str, RootFn]] = {}


def label_of(model: type[models.Model] | models.Model) -> str:
    return str(model._meta.concrete_model._meta.label_lower)  # type: ignore[union-attr]


def register_scope(
    model: type[models.Model],
    *,
    visible: VisibleFn,
    readable: ReadableFn,
    readable_roots: VisibleFn | None = None,
) -> None:
    """Make ``model`` a scope root; its own rows are their own scope. ``readable_roots``
    must agree with ``readable`` (it is its SQL form)."""
    label = label_of(model)
    _gates[label] = Gate(
        label=label,
        model=model,
        visible=visible,
        readable=readable,
        readable_roots=readable_roots,
    )
    _targets[label] = (label, lambda row: row.pk)


def register_target(root: type[models.Model], model: type[models.Model], find: RootFn) -> None:
    """Rows of ``model`` belong to the scope of ``root``; ``find(row)`` returns the root's pk,
    or None when this row is not derived from any root (a survey after a plain contact)."""
    _targets[label_of(model)] = (label_of(root), find)


def scope_of(target: models.Model | None) -> tuple[str, int] | None:
    """The scope a row derived from ``target`` carries, or None (not confidential)."""
    if target is None:
        return None
    entry = _targets.get(label_of(target))
    if entry is None:
        return None
    root_label, find = entry
    root_pk = find(target)
    return None if root_pk is None else (root_label, int(root_pk))


def gate_for(scope_type: str) -> Gate | None:
    return _gates.get(scope_type)


def visible_q(user: Any, prefix: str = "", scope_types: Iterable[str] | None = None) -> Q:
    """Rows (having ``scope_type``/``scope_id``) that ``user`` may know of now: unscoped ones
    and those whose root passes the root's gate. One SQL condition with a subquery per
    registered root, so a list stays one query however many rows it has. ``scope_types``
    narrows it to the rows of those scopes (no unscoped ones): only their gates are built,
    and a type nobody registered matches nothing (fail closed)."""
    if scope_types is None:
        condition = Q(**{f"{prefix}scope_type": ""})
        gates = list(_gates.values())
    else:
        condition = Q(**{f"{prefix}pk__in": []})
        gates = [gate for label in scope_types if label and (gate := _gates.get(label))]
    for gate in gates:
        roots = gate.visible(user).order_by().values("pk")
        condition |= Q(**{f"{prefix}scope_type": gate.label, f"{prefix}scope_id__in": roots})
    return condition


def readable_ids(user: Any, scope_type: str, ids: Iterable[int]) -> set[int]:
    """Those of the roots ``ids`` (of one type) whose content ``user`` may read: one query
    for the roots, then the gate's ``readable`` for each. Roots the user may not even see
    are not readable; an unknown type is not readable (fail closed)."""
    gate = _gates.get(scope_type)
    wanted = set(ids)
    if gate is None or not wanted:
        return set()
    if gate.readable_roots is not None:
        readable = gate.readable_roots(user).filter(pk__in=wanted)
        return set(readable.values_list("pk", flat=True))
    roots = gate.visible(user).filter(pk__in=wanted)
    return {root.pk for root in roots if gate.readable(user, root)}


def readable_q(user: Any, candidates: Any = None) -> Q:
    """Rows whose subject and body ``user`` may read: unscoped ones and those whose root the
    user may see and read. A root type with ``readable_roots`` is one subquery; for another,
    ``candidates`` (the rows in question) name the roots to check one by one."""
    condition = Q(scope_type="")
    for gate in _gates.values():
        if gate.readable_roots is not None:
            roots = gate.readable_roots(user).order_by().values("pk")
            condition |= Q(scope_type=gate.label, scope_id__in=roots)
        elif candidates is not None:
            ids = (
                candidates.filter(scope_type=gate.label)
                .order_by()
                .values_list("scope_id", flat=True)
                .distinct()
            )
            readable = readable_ids(user, gate.label, [i for i in ids if i is not None])
            condition |= Q(scope_type=gate.label, scope_id__in=readable)
    return condition


def content_readable(user: Any, row: Any) -> bool:
    """Whether ``user`` may read the subject and body of one row carrying a scope."""
    if not row.scope_type:
        return True
    gate = _gates.get(row.scope_type)
    if gate is None or row.scope_id is None:
        return False
    root = gate.visible(user).filter(pk=row.scope_id).first()
    return root is not None and gate.readable(user, root)
