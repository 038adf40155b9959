"""The embedded mode's SQLite gets query-planner statistics (``ANALYZE``) from the first
connection of a process, then daily (``servicedesk.search.refresh_sqlite_statistics``):
without them a register page read every visible item and sorted them (docs/search.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import Channel, Contact
from servicedesk import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its own statistics (autovacuum)")


def _statistics_of(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0]


def test_the_first_connection_of_the_day_analyses_and_later_ones_do_not(reception, monkeypatch):
    now = timezone.now()
    Contact.objects.bulk_create(
        Contact(channel=Channel.VISIT, started_at=now - timedelta(hours=i), employee=reception)
        for i in range(50)
    )
    clock = iter([1000.0, 1000.0 + 3600, 1000.0 + 25 * 3600])
    monkeypatch.setattr(search.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(search, "_sqlite_analysed_at", None)
    connection.ensure_connection()

    search.refresh_sqlite_statistics(None, connection)  # the process's first connection
    assert _statistics_of("cases_contact") > 0

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
    search.refresh_sqlite_statistics(None, connection)  # an hour later: not again
    assert _statistics_of("cases_contact") == 0

    search.refresh_sqlite_statistics(None, connection)  # the next day
    assert _statistics_of("cases_contact") > 0
