"""Folding the dashboard's month tallies (``FeedbackMonthTally``): the triggers that keep them
only append rows, so that concurrent writers never wait for each other; this folds the rows
of every month that has new ones into one row per group. The dashboard adds the rows up
either way: folding changes no figure, only how many rows it reads. PostgreSQL only (SQLite
keeps no tallies). Run by Celery beat (``complaints.tasks.compact_feedback_tallies``)."""

from __future__ import annotations

from django.db import connection, transaction

from complaints.models import FeedbackMonthTally

KEY = (
    "month, part, authority_id, registered_by_id, restricted, kind, subject_kind, outcome, "
    "reply, days, due, topic"
)


def feedback_tallies_compact() -> int:
    """Fold the rows of the months with rows not yet folded; the number of rows removed.
    One statement: the rows it deletes are the rows it adds up, and rows appended meanwhile
    by another transaction stay for the next run."""
    if connection.vendor != "postgresql":
        return 0
    table = FeedbackMonthTally._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH months AS (SELECT DISTINCT month FROM {table} WHERE NOT compacted),
            moved AS (
                DELETE FROM {table} WHERE month IN (SELECT month FROM months) RETURNING *
            ),
            folded AS (
                INSERT INTO {table} ({KEY}, n, compacted)
                SELECT {KEY}, sum(n), true FROM moved GROUP BY {KEY} HAVING sum(n) <> 0
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM moved) - (SELECT count(*) FROM folded)
            """  # noqa: S608 (the table and column names are this module's constants)
        )
        return int(cursor.fetchone()[0])
