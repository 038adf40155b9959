"""How fast are the client look-up, the contact list and the complaints registers at scale?

Targets (PostgreSQL, warm, median): the client search by name (any order, diacritics folded)
and by phone (any format) under 50 ms; every page of the contact list and of the registers,
first to last, in every order and page size, under 100 ms; the register's keyword search
under 100 ms; the figures at the large size within 1.5 times those at the small one.

1. Creates (or reuses, ``--reuse``) its own PostgreSQL database, by default ``sd_search`` on
   127.0.0.1:5432 (``--database-url``), and migrates it.
2. Fills it in the database itself (``INSERT … SELECT … FROM generate_series``, as
   bench/dashboard.py does): ``--clients`` clients with Latvian names (diacritics), a
   contract number and a phone number each, their search text folded as
   ``Client.save`` folds it; ``--contacts`` contacts over two years; ``--items`` feedback
   items with a client's name and a text, their search columns filled. ``VACUUM ANALYZE``.
3. Requests each page through Django's test client (the real middleware, view, template,
   access log) as the head and as the front desk, ``--runs`` times after a warm-up, and
   prints the median and the 95th percentile, the queries of one request, and
   ``EXPLAIN ANALYZE`` of its slowest query (``--explain``).

    .venv/bin/python bench/search_scale.py [--clients 250000] [--contacts 2000000]
        [--items 100000] [--runs 15] [--reuse] [--explain] [--only keyword]

Results: docs/benchmarks.md ("Search and long lists").
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dashboard import _pick, ensure_database, insert_generated  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sd_search"
FIRST = ["Jānis", "Anna", "Pēteris", "Līga", "Andris", "Ilze", "Ģirts", "Dace", "Kārlis", "Inga"]
FIRST += ["Mārtiņš", "Ieva", "Edgars", "Sanita", "Aivars", "Zane", "Valdis", "Baiba", "Uldis"]
LAST = ["Bērziņš", "Kalniņš", "Ozoliņš", "Jansons", "Liepiņš", "Krūmiņš", "Balodis", "Vītols"]
LAST += ["Zariņš", "Kļaviņš", "Ķeņģis", "Pētersons", "Vucāns", "Siliņš", "Lācis", "Eglītis"]
LAST += ["Āboliņš", "Celmiņš", "Šmits", "Žagars", "Grīnbergs", "Dūmiņš", "Strautiņš"]
WORDS = ["konteiners", "rēķins", "atkritumi", "ūdens", "apkure", "pavadzīme", "līgums"]
WORDS += ["kavējums", "skaitītājs", "nodeva", "pārrēķins", "iela", "sētnieks", "troksnis"]


def _fold_sql(expression: str) -> str:
    """The database's folding, the same as ``servicedesk.search.fold`` for Latvian letters."""
    return f"lower(unaccent({expression}))"


def _name_sql() -> str:
    # A few thousand distinct names: first × last × a numbered middle part for variety.
    first = _pick(FIRST, "i")
    last = _pick(LAST, "i / 19")
    double = f"CASE WHEN i % 7 = 0 THEN '-' || {_pick(LAST, 'i / 3')} ELSE '' END"
    return f"{first} || ' ' || {last} || {double}"


def populate(
    clients: int, contacts: int, items: int, *, reuse: bool, sqlite: bool = False
) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    from cases.models import Channel as ContactChannel
    from cases.models import Client, ClientPhone, Contact
    from complaints.models import Channel, FeedbackItem, State
    from servicedesk.models import ReviewAuthority
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
    users = {"head": head, "desk": desk}
    if sqlite:  # the users only; populate_sqlite makes the rows
        return users
    have = (Client.objects.count(), Contact.objects.count(), FeedbackItem.objects.count())
    if reuse and have == (clients, contacts, items):
        print(f"reusing {clients} clients, {contacts} contacts, {items} feedback items")
        return users
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            f"TRUNCATE {Client._meta.db_table}, {ClientPhone._meta.db_table}, "
            f"{Contact._meta.db_table}, {FeedbackItem._meta.db_table} RESTART IDENTITY CASCADE"
        )
    name = _name_sql()
    contract = "'L-' || lpad(i::text, 7, '0')"
    insert_generated(
        Client,
        clients,
        {
            "name": name,
            "contract_number": contract,
            "search_text": _fold_sql(f"{name} || ' ' || {contract}"),
            "created_at": "now()",
        },
    )
    insert_generated(
        ClientPhone, clients, {"client_id": "i", "number": "'+3712' || lpad(i::text, 7, '0')"}
    )
    moment = "now() - (i % 730) * interval '1 day' - (i % 600) * interval '1 minute'"
    insert_generated(
        Contact,
        contacts,
        {
            "channel": _pick(list(ContactChannel.values), "i * 7"),
            "client_id": f"CASE WHEN i % 5 = 0 THEN NULL ELSE 1 + i % {clients} END",
            "employee_id": str(desk.pk),
            "started_at": moment,
            "ended_at": f"{moment} + interval '4 minutes'",
            "summary": "'bench'",
            "created_at": "now()",
        },
    )
    head_id = authorities[ReviewAuthority.Kind.HEAD].pk
    director_id = authorities[ReviewAuthority.Kind.EXECUTIVE_DIRECTOR].pk
    received = "(current_date - (i % 730))"
    text = f"'Klients raksta par ' || {_pick(WORDS, 'i')} || ' un ' || {_pick(WORDS, 'i / 13')}"
    number = "'AADSO/' || extract(year from current_date - (i % 730))::int || '/B-' || i"
    insert_generated(
        FeedbackItem,
        items,
        {
            "register_number": number,
            "year": f"extract(year from {received})::int",
            "sequence": "i",
            "kind": "CASE WHEN i % 5 < 3 THEN 'complaint' ELSE 'suggestion' END",
            "channel": _pick(list(Channel.values), "i * 3"),
            "client_name": name,
            "text": text,
            "search_names": _fold_sql(f"{number} || ' ' || {name}"),
            "search_text": _fold_sql(text),
            "subject_kind": "CASE WHEN i % 20 = 0 THEN 'head' WHEN i % 5 < 3 THEN 'service' "
            "ELSE '' END",
            "subject_description": (
                "CASE WHEN i % 5 < 3 THEN 'Pakalpojums ' || (i % 17) ELSE '' END"
            ),
            "authority_id": f"CASE WHEN i % 20 = 0 THEN {director_id} ELSE {head_id} END",
            "routing_clause": "'7.1'",
            "state": _pick(
                [State.REGISTERED, State.UNDER_REVIEW, State.DECIDED, State.CLOSED], "i"
            ),
            "received_on": received,
            "reply_due": f"{received} + 14",
            "registered_at": f"{received}::timestamptz",
            "updated_at": "now()",
            "registered_by_id": str(desk.pk),
        },
    )
    with connection.cursor() as cur:
        for model in (Client, ClientPhone, Contact, FeedbackItem):
            table = model._meta.db_table
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {table}))",
                [table],
            )
    print(
        f"inserted {clients} clients, {contacts} contacts, {items} feedback items in "
        f"{time.perf_counter() - started:.0f} s"
    )
    connection.close()
    import psycopg2

    raw = psycopg2.connect(os.environ["DATABASE_URL"])
    raw.autocommit = True
    with raw.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    raw.close()
    return users


def populate_sqlite(clients: int, contacts: int, items: int, users: dict[str, Any]) -> None:
    """SQLite (the embedded default): the same kind of rows made in Python in batches
    (``bulk_create``, which folds the search columns as ``save`` does)."""
    import datetime as dt

    from django.utils import timezone

    from cases.models import Channel as ContactChannel
    from cases.models import Client, ClientPhone, Contact
    from complaints.models import Channel, FeedbackItem, State
    from servicedesk.models import ReviewAuthority

    def name(i: int) -> str:
        return f"{FIRST[i % len(FIRST)]} {LAST[i // 19 % len(LAST)]}"

    started = time.perf_counter()
    Client.objects.bulk_create(
        [Client(name=name(i), contract_number=f"L-{i:07d}") for i in range(1, clients + 1)],
        batch_size=2000,
    )
    ids = list(Client.objects.order_by("pk").values_list("pk", flat=True))
    ClientPhone.objects.bulk_create(
        [ClientPhone(client_id=pk, number=f"+3712{n:07d}") for n, pk in enumerate(ids, 1)],
        batch_size=2000,
    )
    now = timezone.now()
    Contact.objects.bulk_create(
        [
            Contact(
                channel=ContactChannel.values[i * 7 % len(ContactChannel.values)],
                client_id=ids[i % len(ids)] if i % 5 else None,
                employee=users["desk"],
                started_at=now - dt.timedelta(days=i % 730, minutes=i % 600),
                summary="bench",
            )
            for i in range(1, contacts + 1)
        ],
        batch_size=2000,
    )
    head_authority = ReviewAuthority.objects.get(kind=ReviewAuthority.Kind.HEAD)
    today = timezone.localdate()
    rows = []
    for i in range(1, items + 1):
        received = today - dt.timedelta(days=i % 730)
        complaint = i % 5 < 3
        rows.append(
            FeedbackItem(
                register_number=f"AADSO/{received.year}/B-{i}",
                year=received.year,
                sequence=i,
                kind="complaint" if complaint else "suggestion",
                subject_kind="service" if complaint else "",
                channel=Channel.values[i * 3 % len(Channel.values)],
                client_name=name(i),
                text=f"Klients raksta par {WORDS[i % len(WORDS)]} un {WORDS[i // 13 % len(WORDS)]}",
                authority=head_authority,
                routing_clause="7.1",
                state=[State.REGISTERED, State.UNDER_REVIEW, State.DECIDED, State.CLOSED][i % 4],
                received_on=received,
                reply_due=received + dt.timedelta(days=14),
                registered_by=users["desk"],
            )
        )
    FeedbackItem.objects.bulk_create(rows, batch_size=2000)
    print(
        f"made {clients} clients, {contacts} contacts, {items} items in "
        f"{time.perf_counter() - started:.0f} s"
    )


def _cursor_at(url_rows: Any, order: tuple[str, ...], offset: int) -> str:
    """The ``after`` cursor of the row at ``offset`` in ``order`` (a page in the middle)."""
    from servicedesk import paging

    row = url_rows.order_by(*order)[offset]
    return paging._encode([getattr(row, name.lstrip("-")) for name in order])


def scenarios(clients: int, contacts: int, items: int, head: Any) -> list[tuple[str, str, str]]:
    """(who, label, URL) of every request measured."""
    from cases.models import Contact
    from complaints import selectors

    mid_contact = _cursor_at(Contact.objects.all(), ("-started_at", "-pk"), contacts // 2)
    visible = selectors.register_items(head)
    mid_item = _cursor_at(visible, ("-year", "-sequence", "-pk"), items // 3)
    phone = f"2{(clients // 2):07d}"
    found: list[tuple[str, str, str]] = [
        ("desk", "client: name 'berzins janis'", "/cases/clients/?q=berzins+janis"),
        (
            "desk",
            "client: name 'Jānis Bērziņš'",
            "/cases/clients/?q=J%C4%81nis+B%C4%93rzi%C5%86%C5%A1",
        ),
        ("desk", "client: name 'kenģis ilze'", "/cases/clients/?q=ke%C5%86%C4%A3is+ilze"),
        ("desk", "client: rare surname 'zagars dace'", "/cases/clients/?q=zagars+dace"),
        (
            "desk",
            "client: phone '+371 2...'",
            f"/cases/clients/?q=%2B371+{phone[:2]}+{phone[2:5]}+{phone[5:]}",
        ),
        ("desk", "client: phone '2... ...'", f"/cases/clients/?q={phone[:3]}+{phone[3:]}"),
        ("desk", "client: contract number", f"/cases/clients/?q=L-{clients // 3:07d}"),
        ("desk", "client: typo 'berzinsh janis'", "/cases/clients/?q=berzinsh+janis"),
        ("desk", "look-up (htmx): 'liepins anna'", "/cases/clients/lookup/?q=liepins+anna"),
    ]
    for per_page in (25, 50, 100):
        found += [
            ("desk", f"contacts: first page ({per_page})", f"/cases/?per_page={per_page}"),
            (
                "desk",
                f"contacts: middle page ({per_page})",
                f"/cases/?per_page={per_page}&after={mid_contact}",
            ),
            ("desk", f"contacts: last page ({per_page})", f"/cases/?per_page={per_page}&last=1"),
        ]
    found += [
        ("desk", "contacts: oldest first, first page", "/cases/?sort=started_at"),
        ("desk", "contacts: filtered by channel, last page", "/cases/?channel=visit&last=1"),
    ]
    found += [
        ("head", "dashboard: 12 months", "/complaints/dashboard/"),
        ("head", "dashboard: compliance", "/complaints/compliance/"),
    ]
    for who in ("head", "desk"):
        base = "/complaints/registers/all/"
        found += [
            (who, "register: first page", base),
            (who, "register: middle page", f"{base}?after={mid_item}"),
            (who, "register: last page", f"{base}?last=1"),
            (who, "register: last page (100)", f"{base}?last=1&per_page=100"),
            (who, "register: keyword 'berzins'", f"{base}?q=berzins"),
            (who, "register: keywords 'konteiners kalnins'", f"{base}?q=konteiners+kalnins"),
            (who, "work list: overdue first", "/complaints/"),
            (who, "work list: keyword 'apkure'", "/complaints/?q=apkure"),
        ]
        for column in selectors.LIST_ORDERS:
            if column != "urgency":
                found += [
                    (who, f"register: by {column}, first", f"{base}?sort={column}"),
                    (who, f"register: by -{column}, last", f"{base}?sort=-{column}&last=1"),
                ]
    return found


MAIN_QUERIES = {
    "client": (" LIKE ", "%>", '"number" = '),
    "look-up (htmx)": (" LIKE ", "%>", '"number" = '),
    "contacts": ('FROM "cases_contact"',),
    "register": ('FROM "complaints_feedbackitem"',),
    "work list": ('FROM "complaints_feedbackitem"',),
    "dashboard": ('FROM "cases_contact"', 'FROM "complaints_feedbackitem"'),
}


def _main_query(label: str, statements: list[tuple[float, str, Any]]) -> Any:
    """The statement that reads the page's rows (the one to EXPLAIN): the slowest of those
    that search (a client) or read the list's table in order (a list)."""
    markers = MAIN_QUERIES[label.split(":")[0]]
    searching = label.startswith(("client", "look-up"))
    found = [
        s
        for s in statements
        if any(m in s[1] for m in markers) and (searching or "ORDER BY" in s[1])
    ]
    return max(found, key=lambda s: s[0]) if found else None


def measure(
    users: dict[str, Any], found: list[tuple[str, str, str]], runs: int, explain: bool
) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client

    browsers = {}
    for who, user in users.items():
        browsers[who] = Client()
        browsers[who].force_login(user)
    results = []
    for who, label, url in found:
        browser = browsers[who]
        for _ in range(2):
            response = browser.get(url)
            assert response.status_code == 200, (url, response.status_code)
        statements: list[tuple[float, str, Any]] = []

        def timed(
            execute: Any,
            sql: str,
            params: Any,
            many: bool,
            context: Any,
            statements: list[tuple[float, str, Any]] = statements,
        ) -> Any:
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                statements.append((time.perf_counter() - began, sql, params))

        with connection.execute_wrapper(timed):
            browser.get(url)
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            browser.get(url)
            timings.append(time.perf_counter() - began)
        timings.sort()
        slowest = max(statements, key=lambda s: s[0])
        main = _main_query(label, statements) or slowest
        result = {
            "who": who,
            "label": label,
            "median": statistics.median(timings) * 1000,
            "p95": timings[max(0, round(0.95 * len(timings)) - 1)] * 1000,
            "queries": len(statements),
            "sql": sum(s[0] for s in statements) * 1000,
            "slowest": slowest[0] * 1000,
        }
        if explain and connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("EXPLAIN (ANALYZE, COSTS OFF) " + main[1], main[2])
                result["plan"] = [row[0] for row in cur.fetchall()]
        results.append(result)
        print(
            f"{who:5} {label:45} median {result['median']:7.1f} ms  p95 {result['p95']:7.1f} ms  "
            f"{result['queries']:2} queries: {result['sql']:6.1f} ms in SQL, slowest "
            f"{result['slowest']:6.1f} ms",
            flush=True,
        )
        shown = [line for line in result.get("plan", []) if "never executed" not in line]
        for line in shown[:7] + [line for line in shown[7:] if "Execution" in line]:
            print(f"        {line[:150]}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--clients", type=int, default=250_000)
    parser.add_argument("--contacts", type=int, default=2_000_000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="keep the data if the counts match")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query")
    parser.add_argument("--only", default="", help="measure only pages whose label contains it")
    args = parser.parse_args()

    sqlite = args.database_url.startswith("sqlite")
    if not sqlite:
        ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")  # the settings fail closed to production
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")  # as a production web process would
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if sqlite:
        from cases.models import Contact

        users = populate(0, 0, 0, reuse=True, sqlite=True)
        if Contact.objects.count() != args.contacts:
            populate_sqlite(args.clients, args.contacts, args.items, users)
    else:
        users = populate(args.clients, args.contacts, args.items, reuse=args.reuse)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load {os.getloadavg()}"
    )
    found = scenarios(args.clients, args.contacts, args.items, users["head"])
    found = [page for page in found if args.only in page[1]]
    results = measure(users, found, args.runs, args.explain)
    slow = [r for r in results if r["median"] > (50 if r["label"].startswith("client") else 100)]
    print(f"load after: {os.getloadavg()}")
    print(
        "targets:",
        "met" if not slow else f"MISSED by {len(slow)}: " + ", ".join(r["label"] for r in slow),
    )


if __name__ == "__main__":
    main()
