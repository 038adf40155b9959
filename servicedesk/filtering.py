"""Narrowing a list by the filters a user filled in: a filter left empty narrows nothing.
Shared by the lists of every app (``cases.selectors.contacts_list``, the complaints
registers' ``complaints.selectors.register_items``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet


def narrowed[M: Model](rows: QuerySet[M], **lookups: Any) -> QuerySet[M]:
    """``rows`` filtered by each lookup that has a value (an empty string, ``None``, zero or
    ``False`` is a filter left empty), one ``filter()`` a lookup in the order given, as a
    chain of ``if value: rows = rows.filter(...)`` would."""
    for lookup, value in lookups.items():
        if value:
            rows = rows.filter(**{lookup: value})
    return rows
