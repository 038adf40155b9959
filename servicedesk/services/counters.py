"""Consecutive numbers kept in a counter row, for the services of any app: the complaints'
register numbers (``complaints.register.services.routing``) and the outgoing register's
(``cases.services.dispatch``)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Field, Model


def counter_next(model: type[Model], *, field: str, **key: Any) -> int:
    """The next value of the counter ``field`` in the row of ``model`` that ``key`` names
    (e.g. ``year=2026``), taken in the caller's transaction.

    One statement, ``UPDATE … SET field = field + 1 WHERE key … RETURNING field``: it locks
    the row until the transaction ends, so two transactions never get the same value, and
    one that rolls back gives its value back (no gaps). Take it as late in the transaction
    as the caller can: concurrent callers wait for each other from here to the commit.

    The first value of a key (the year's first number) writes the row, behind a savepoint:
    a concurrent first one may write it too, and then this one counts on from theirs. That
    is the only savepoint, once a key."""
    if transaction.get_autocommit():
        # Committed at once, the value could not be given back by a rollback.
        raise transaction.TransactionManagementError("counter_next needs a transaction.")
    value = _increment(model, field, key)
    if value is None:
        try:
            with transaction.atomic():
                model._default_manager.create(**key, **{field: 1})
            return 1
        except IntegrityError:
            value = _increment(model, field, key)
        if value is None:  # pragma: no cover - the row exists after the IntegrityError
            raise RuntimeError(f"No {model._meta.label} row for {key}.")
    return value


def _increment(model: type[Model], field: str, key: dict[str, Any]) -> int | None:
    """The counter's next value (``None`` when the key's row does not exist yet)."""
    meta = model._meta

    def column(name: str) -> str:
        model_field = meta.get_field(name)
        assert isinstance(model_field, Field)
        return connection.ops.quote_name(str(model_field.column))

    table, counter = connection.ops.quote_name(meta.db_table), column(field)
    where = " AND ".join(f"{column(name)} = %s" for name in key)
    sql = (
        f"UPDATE {table} SET {counter} = {counter} + 1 "  # noqa: S608 - names only
        f"WHERE {where} RETURNING {counter}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(key.values()))
        row = cursor.fetchone()
    return None if row is None else int(row[0])
