"""How long does the registering request take when ten front desks register at once?

Creates its own PostgreSQL database (``sd_regist`` on ``DATABASE_URL``'s server by default,
``--database``; dropped at the end), starts its own Redis (free loopback port) as the Celery
broker the outbox queues to after each commit (no worker: the deliveries wait in Redis), then
posts the front desk's form (``/complaints/new/``: the real view, middleware and service,
Django's test client) from ``--clients`` concurrent threads, each with its own database
connection, and prints the client-side p50/p95/p99 of the registering request. Target:
p95 < 300 ms. It also checks that the register numbers of the year are consecutive and
distinct (1..n) and prints the queries of one registering request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_regist \\
        .venv/bin/python bench/register_concurrency.py [--items 200] [--clients 10] \\
        [--conn-max-age 60]

The ten client threads share one interpreter with the server code (the test client runs the
view in the calling thread), so the numbers include waiting for the GIL. ``--server
gunicorn`` measures the deployed shape instead: ``--web-processes`` gunicorn processes of
``servicedesk.wsgi`` (3, docker-compose.yml's ``WEB_CONCURRENCY``) on a loopback port, the
ten clients plain HTTP from this process (the form page for its CSRF token once, then one
POST per complaint with the session cookie), so the web code runs in processes of its own.

    DATABASE_URL=… .venv/bin/python bench/register_concurrency.py --server gunicorn

Results: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stateless_web import TOKEN, call, start_gunicorn  # noqa: E402

from tests.integration.processes import (  # noqa: E402
    RedisServer,
    _stop_group,
    free_port,
)

TARGET_P95 = 0.300
#: Untimed registrations of each desk first, over HTTP (``--server gunicorn``).
WARM_UP = 2


def percentiles(values: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "min": min(values),
        "p50": statistics.median(values),
        "p95": cuts[94],
        "p99": cuts[98],
        "max": max(values),
    }


def line(name: str, values: list[float]) -> str:
    p = percentiles(values)
    return (
        f"{name:<34} n={len(values):<4} min={p['min'] * 1000:6.0f} ms  "
        f"p50={p['p50'] * 1000:7.1f} ms  p95={p['p95'] * 1000:7.1f} ms  "
        f"p99={p['p99'] * 1000:7.1f} ms  max={p['max'] * 1000:7.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--database", default="sd_regist", help="the throw-away database")
    parser.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE")
    parser.add_argument(
        "--server",
        choices=["test-client", "gunicorn"],
        default="test-client",
        help="run the view in the client threads (Django's test client) or in gunicorn",
    )
    parser.add_argument("--web-processes", type=int, default=3, help="gunicorn --workers")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL to a PostgreSQL server.")
        return 2

    redis = RedisServer()
    redis.start()
    os.environ["CELERY_BROKER_URL"] = redis.url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")  # the settings fail closed to production
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DB_CONN_MAX_AGE"] = str(args.conn_max_age)

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = args.database
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    web = None
    try:
        if args.server == "gunicorn":
            web = _start_web(args, redis.url)
        return run(args, web)
    finally:
        if web is not None:
            _stop_group(web[0])
        connections_close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        redis.stop()


def connections_close() -> None:
    from django.db import connections

    connections.close_all()


def _start_web(args: argparse.Namespace, broker: str) -> tuple[Any, int]:
    """gunicorn on the throw-away database, the private Redis as its broker."""
    from urllib.parse import urlsplit, urlunsplit

    from django.db import connection

    parts = urlsplit(os.environ["DATABASE_URL"])
    env = dict(os.environ)
    env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))
    env["CELERY_BROKER_URL"] = broker
    port = free_port()
    log = Path(tempfile.gettempdir()) / f"bench-register-gunicorn-{port}.log"
    process = start_gunicorn(port, env, log, workers=args.web_processes)
    print(f"gunicorn: {args.web_processes} processes on 127.0.0.1:{port} (log {log})")
    return process, port


def _organisation() -> Any:
    """The front desk, the head (reviews 7.1 items, with a mailbox) and an employee."""
    from servicedesk.models import ReviewAuthority
    from servicedesk.roles import Role
    from tests.factories import EmployeeFactory, ReviewAuthorityFactory, UnitFactory, UserFactory

    for kind in ReviewAuthority.Kind:
        ReviewAuthorityFactory(kind=kind)
    unit = UnitFactory(name="Klientu apkalpošanas centrs")
    reception: Any = UserFactory(username="bench-reception", roles=[Role.FRONT_DESK])
    EmployeeFactory(user=reception, unit=unit)
    head: Any = UserFactory(username="bench-head", roles=[Role.HEAD])
    EmployeeFactory(user=head, unit=unit)
    ReviewAuthority.objects.get(kind=ReviewAuthority.Kind.HEAD).members.add(head)
    expert: Any = EmployeeFactory(user=UserFactory(username="bench-expert"), unit=unit)
    return reception, expert


def run(args: argparse.Namespace, web: tuple[Any, int] | None) -> int:
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from complaints.models import FeedbackItem

    reception, expert = _organisation()
    today = timezone.localdate().isoformat()

    def form(client_no: int, n: int) -> dict[str, str]:
        return {
            "kind": "complaint",
            "channel": "visit",
            "received_on": today,
            "client_name": "Anna Bērziņa",
            "client_email": f"client{client_no}-{n}@example.lv",
            "text": f"Sūdzība {client_no}-{n}: darbinieks bija nepieklājīgs.",
            "subject_kind": "employee",
            "subject_employee": str(expert.pk),
        }

    # One request first, alone: warms the caches and shows its queries.
    client = Client()
    client.force_login(reception)
    client.post("/complaints/new/", form(99, 0))
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/complaints/new/", form(99, 1))
    assert response.status_code == 302, response.status_code
    savepoints = sum(q["sql"].startswith("SAVEPOINT") for q in queries.captured_queries)
    print(f"one registering request: {len(queries)} queries ({savepoints} savepoints)")

    per_client = [args.items // args.clients] * args.clients
    for i in range(args.items % args.clients):
        per_client[i] += 1

    def front_desk(n_items: int, client_no: int) -> list[float]:
        desk = Client()
        desk.force_login(reception)
        if web is not None:
            return _over_http(web[1], desk.cookies["sessionid"].value, n_items, client_no, form)
        times = []
        try:
            for n in range(n_items):
                started = time.monotonic()
                answer = desk.post("/complaints/new/", form(client_no, n))
                times.append(time.monotonic() - started)
                if answer.status_code != 302:
                    raise RuntimeError(f"registering answered {answer.status_code}")
        finally:
            connections.close_all()
        return times

    load = os.getloadavg()
    print(
        f"Registering {args.items} complaints from {args.clients} clients; "
        f"DB_CONN_MAX_AGE={args.conn_max_age}; load average {load[0]:.2f} {load[1]:.2f} …"
    )
    times: list[float] = []
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        for client_times in pool.map(front_desk, per_client, range(args.clients)):
            times += client_times
    elapsed = time.monotonic() - started

    sequences = sorted(  # an empty one (never committed) would read 0
        s or 0
        for s in FeedbackItem.objects.filter(year=timezone.localdate().year).values_list(
            "sequence", flat=True
        )
    )
    consecutive = sequences == list(range(1, len(sequences) + 1))
    print()
    print(f"machine: {platform.node()} · {os.cpu_count()} CPU · Python {platform.python_version()}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"registered {args.items} items in {elapsed:.1f} s ({args.items / elapsed:.1f}/s)")
    print(f"register numbers 1..{len(sequences)} consecutive and distinct: {consecutive}")
    print(line("registering request (client-side)", times))
    p95 = percentiles(times)["p95"]
    verdict = "met" if p95 < TARGET_P95 else "NOT met"
    print(f"target p95 < {TARGET_P95 * 1000:.0f} ms: {verdict} ({p95 * 1000:.0f} ms)")
    return 0 if consecutive and p95 < TARGET_P95 else 1


def _over_http(port: int, session: str, n_items: int, client_no: int, form: Any) -> list[float]:
    """One front desk over HTTP: the form once for its CSRF token, then the POSTs."""
    from django.db import connections

    connections.close_all()  # this thread's connection (the session was written by now)
    cookies = {"sessionid": session}
    status, _location, body = call(port, "/complaints/new/", cookies)
    found = TOKEN.search(body)
    if status != 200 or found is None:
        raise RuntimeError(f"the form answered {status} without a CSRF token")
    token = found.group(1)
    times = []
    # The first WARM_UP registrations of each desk are not timed: they meet web processes
    # that have not yet loaded the templates and URL patterns (the p99 of a cold start).
    for n in range(-WARM_UP, n_items):
        started = time.monotonic()
        status, location, body = call(
            port, "/complaints/new/", cookies, form(client_no, n) | {"csrfmiddlewaretoken": token}
        )
        if n >= 0:
            times.append(time.monotonic() - started)
        if status != 302:
            raise RuntimeError(f"registering answered {status}: {body[:300]}")
    return times


if __name__ == "__main__":
    sys.exit(main())
