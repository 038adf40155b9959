"""How long does the head's dashboard take with 500,000 contacts and 20,000 feedback items?

The head's dashboard. Target: under 300 ms (warm, median) on PostgreSQL.

1. Creates (or reuses, with ``--reuse``) a dedicated PostgreSQL database, by default
   ``servicedesk_bench`` on 127.0.0.1:5432 (``--database-url``), and migrates it.
2. Fills it in the database itself (``INSERT … SELECT … FROM generate_series``, seconds, not
   minutes): ``--contacts`` contacts over 24 months on every channel and 20 topics, and
   ``--items`` feedback items (every kind, subject, state and outcome; ~5 % complaints about
   the head, routed to the executive director). Then ``VACUUM ANALYZE``.
3. Renders ``/complaints/dashboard/`` as the head through Django's test client (the real
   middleware, view, template and context processors) ``--warmup`` times, then ``--runs``
   times, and prints the median, min and max, and the number of SQL queries of one render.

    .venv/bin/python bench/dashboard.py [--contacts 500000] [--items 20000] [--runs 15] [--reuse]

Results: docs/benchmarks.md ("Dashboard").
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/servicedesk_bench"


def ensure_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def _literal(field: Any) -> str:
    """The SQL value of a column the generator does not set: its default, or NULL."""
    if field.has_default():
        default = field.get_default()
        if isinstance(default, bool):
            return "TRUE" if default else "FALSE"
        if isinstance(default, int):
            return str(default)
        return "'" + str(default).replace("'", "''") + "'"
    if field.null:
        return "NULL"
    if field.get_internal_type() in {"CharField", "TextField", "EmailField", "SlugField"}:
        return "''"
    raise SystemExit(f"bench: no value for {field.model.__name__}.{field.name}")


def insert_generated(model: Any, count: int, expressions: dict[str, str]) -> None:
    """``INSERT INTO <table> (…) SELECT <expressions> FROM generate_series(1, count) AS i``;
    columns not given take their default (so a new column does not break the bench)."""
    from django.db import connection

    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        values.append(
            expressions[field.attname] if field.attname in expressions else _literal(field)
        )
    unknown = set(expressions) - {f.attname for f in model._meta.concrete_fields}
    if unknown:
        raise SystemExit(f"bench: {model.__name__} has no {sorted(unknown)}")
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM generate_series(1, {int(count)}) AS i"
    )
    with connection.cursor() as cur:
        cur.execute(sql)


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v + "'" for v in values) + "]"


def _pick(values: list[str], seed: str) -> str:
    """A deterministic spread over ``values`` from the row number ``i``."""
    return f"({_array(values)})[1 + ({seed}) % {len(values)}]"


def populate(contacts: int, items: int, *, reuse: bool, spread_days: int) -> Any:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    from cases.models import Channel as ContactChannel
    from cases.models import Contact
    from complaints.models import Channel, FeedbackItem, Outcome, State, SurveyResponse
    from servicedesk.models import ReviewAuthority, Topic
    from servicedesk.roles import Role

    User = get_user_model()
    authorities = {
        kind: ReviewAuthority.objects.get_or_create(kind=kind, defaults={"name": str(kind.label)})[
            0
        ]
        for kind in ReviewAuthority.Kind
    }
    head, _created = User.objects.get_or_create(username="bench-head")
    head.groups.add(Group.objects.get(name=Role.HEAD))
    authorities[ReviewAuthority.Kind.HEAD].members.add(head)
    desk, _created = User.objects.get_or_create(username="bench-desk")
    desk.groups.add(Group.objects.get(name=Role.FRONT_DESK))
    topics = [Topic.objects.get_or_create(name=f"Tēma {n:02d}")[0].pk for n in range(20)]

    have_contacts = Contact.objects.count()
    have_items = FeedbackItem.objects.count()
    spread = f"bench spread {spread_days}"
    marker = Contact.objects.filter(summary=spread).exists()
    if reuse and marker and have_contacts == contacts and have_items == items:
        print(f"reusing {have_contacts} contacts and {have_items} feedback items")
        return head
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            f"TRUNCATE {Contact._meta.db_table}, {FeedbackItem._meta.db_table}, "
            f"{SurveyResponse._meta.db_table} "
            "RESTART IDENTITY CASCADE"
        )
    # Contacts: --spread-days back from now, every channel, 20 topics (and 1 in 10 without).
    topic_pick = f"(ARRAY[{','.join(map(str, topics))}])[1 + i % {len(topics)}]"
    moment = f"now() - (i % {spread_days}) * interval '1 day' - (i % 600) * interval '1 minute'"
    insert_generated(
        Contact,
        contacts,
        {
            "channel": _pick(list(ContactChannel.values), "i * 7"),
            "employee_id": str(desk.pk),
            "started_at": moment,
            "ended_at": f"{moment} + interval '4 minutes'",
            "topic_id": f"CASE WHEN i % 10 = 0 THEN NULL ELSE {topic_pick} END",
            "summary": f"'{spread}'",
            "created_at": "now()",
        },
    )
    # Feedback items: 60 % complaints; 5 % of all are complaints about the head (the
    # executive director reviews them, the head never sees them); 2 % ethics.
    head_id = authorities[ReviewAuthority.Kind.HEAD].pk
    director_id = authorities[ReviewAuthority.Kind.EXECUTIVE_DIRECTOR].pk
    ethics_id = authorities[ReviewAuthority.Kind.ETHICS_COMMISSION].pk
    kind = (
        "CASE WHEN i % 20 = 0 OR i % 50 = 1 OR i % 5 < 3 THEN 'complaint' ELSE "
        + _pick(["suggestion", "claim", "feedback"], "i")
        + " END"
    )
    subject = (
        "CASE WHEN i % 20 = 0 THEN 'head' WHEN i % 50 = 1 THEN 'ethics' "
        "WHEN i % 5 < 3 THEN 'service' ELSE '' END"
    )
    received = "(current_date - (i % 730))"
    answered = "i % 10 < 7"
    insert_generated(
        FeedbackItem,
        items,
        {
            "register_number": "'BENCH/' || i",
            "year": f"extract(year from {received})::int",
            "sequence": "i",
            "kind": kind,
            "channel": _pick(list(Channel.values), "i * 3"),
            "text": "'Bench'",
            "subject_kind": subject,
            "subject_description": (
                "CASE WHEN i % 20 <> 0 AND i % 50 <> 1 AND i % 5 < 3 THEN "
                "'Pakalpojums ' || (i % 17) ELSE '' END"
            ),
            "authority_id": (
                f"CASE WHEN i % 20 = 0 THEN {director_id} WHEN i % 50 = 1 THEN {ethics_id} "
                f"ELSE {head_id} END"
            ),
            "routing_clause": "'7.1'",
            "state": f"CASE WHEN {answered} THEN '{State.CLOSED}' ELSE "
            + _pick([State.REGISTERED, State.UNDER_REVIEW, State.DECIDED], "i")
            + " END",
            "outcome": f"CASE WHEN {answered} THEN "
            + _pick([Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.REJECTED], "i / 10")
            + " ELSE '' END",
            "received_on": received,
            "reply_due": f"{received} + 14",
            "registered_at": f"{received}::timestamptz",
            "updated_at": "now()",
            "answered_at": (
                f"CASE WHEN {answered} THEN {received}::timestamptz + (i % 25) * interval '1 day' "
                "+ interval '10 hours' END"
            ),
            "registered_by_id": str(desk.pk),
        },
    )
    # Satisfaction survey answers (kiosk and e-mail): one for every 25 contacts.
    insert_generated(
        SurveyResponse,
        contacts // 25,
        {
            "via": _pick(["kiosk", "email"], "i"),
            "rating": "1 + (i * 7) % 5",
            "answered_at": f"now() - (i % {spread_days}) * interval '1 day'",
        },
    )
    with connection.cursor() as cur:
        cur.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM "
            f"{FeedbackItem._meta.db_table}))",
            [FeedbackItem._meta.db_table],
        )
    elapsed = time.perf_counter() - started
    print(f"inserted {contacts} contacts and {items} feedback items in {elapsed:.1f} s")
    connection.close()
    import psycopg2

    raw = psycopg2.connect(os.environ["DATABASE_URL"])
    raw.autocommit = True
    with raw.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    raw.close()
    return head


def measure(head: Any, runs: int, warmup: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from complaints.reports.selectors import dashboard_for, default_period

    start, end = default_period()
    client = Client()
    client.force_login(head)
    url = "/complaints/dashboard/"
    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    # An execute wrapper sees every statement (request_started resets Django's query log).
    statements: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        dashboard_for(head, date_from=start, date_to=end)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    board = dashboard_for(head, date_from=start, date_to=end)
    slowest = sorted(queries.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:4]
    return {
        "median": statistics.median(timings),
        "min": min(timings),
        "max": max(timings),
        "queries": len(statements),
        "slowest": slowest,
        "total": board.feedback_total,
        "contacts": board.contacts_total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--contacts", type=int, default=500_000)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--spread-days",
        type=int,
        default=730,
        help="contacts spread over this many days back (365: every one in the 12-month window)",
    )
    parser.add_argument("--reuse", action="store_true", help="keep the data if the counts match")
    args = parser.parse_args()

    ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")  # the settings fail closed to production
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")  # as a production web process would
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    head = populate(args.contacts, args.items, reuse=args.reuse, spread_days=args.spread_days)
    result = measure(head, args.runs, args.warmup)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(
        f"dashboard for the head, 12 months: {result['total']} feedback items, "
        f"{result['contacts']} contacts counted"
    )
    print(
        f"render: median {result['median'] * 1000:.1f} ms, min {result['min'] * 1000:.1f} ms, "
        f"max {result['max'] * 1000:.1f} ms over {args.runs} runs; {result['queries']} queries"
    )
    for q in result["slowest"]:
        print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:150]}")
    print("target: < 300 ms —", "met" if result["median"] < 0.3 else "MISSED")


if __name__ == "__main__":
    main()
