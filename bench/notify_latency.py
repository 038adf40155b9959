"""How long after a complaint is registered does the head's 4.11 e-mail reach the mail server?

The 4.11 e-mail "at once". Starts its own Redis (free loopback port), an SMTP sink (aiosmtpd,
a process of its own) and a real Celery worker, creates a throw-away PostgreSQL database
(``bench_notify_<pid>`` on ``DATABASE_URL``'s server, dropped at the end), then registers
``--items`` complaints through the front desk's form (the real view, middleware and service,
with Django's test client) from ``--clients`` concurrent threads. For every item it measures
the time from the registering transaction's commit (the moment ``transaction.on_commit``
queues the delivery) to the SMTP server's 250 for the head's e-mail, and prints p50/p95/p99.
Target: p99 < 500 ms (and p95 < 1 s, the first target).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/servicedesk \\
        .venv/bin/python bench/notify_latency.py [--items 200] [--clients 10] \\
        [--worker-pool prefork] [--worker-concurrency 4] [--conn-max-age 60]

The SMTP sink runs in a process of its own (sharing the interpreter with ten busy client
threads, it would wait for the GIL on every SMTP command); both ends read ``time.monotonic()``,
one clock for every process of a Linux machine.
Results: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.integration.processes import (  # noqa: E402
    CeleryWorker,
    RedisServer,
    SmtpSinkProcess,
    database_url,
    wait_until,
)


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
        f"{name:<40} n={len(values):<4} min={p['min'] * 1000:6.0f} ms  "
        f"p50={p['p50'] * 1000:7.1f} ms  "
        f"p95={p['p95'] * 1000:7.1f} ms  p99={p['p99'] * 1000:7.1f} ms  "
        f"max={p['max'] * 1000:7.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--worker-pool", default="prefork")
    parser.add_argument(
        "--worker-concurrency",
        type=int,
        default=int(os.environ.get("WORKER_CONCURRENCY", "4")),
        help="worker processes (WORKER_CONCURRENCY, 4 as in docker-compose.yml)",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="DB_CONN_MAX_AGE of the web side and the worker (60, as in docker-compose.yml)",
    )
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL to a PostgreSQL server: the worker shares the database.")
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="notify-bench-"))
    redis = RedisServer()
    smtp = SmtpSinkProcess(workdir / "accepted.log")
    redis.start()
    smtp.start()
    os.environ["CELERY_BROKER_URL"] = redis.url
    os.environ["EMAIL_URL"] = smtp.url
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
    # Its own throw-away database, never another run's test database.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_notify_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    worker: CeleryWorker | None = None
    try:
        worker = CeleryWorker(
            env={
                "DATABASE_URL": database_url(connection.settings_dict),
                "CELERY_BROKER_URL": redis.url,
                "EMAIL_URL": smtp.url,
                "LOG_LEVEL": "WARNING",
                "DB_CONN_MAX_AGE": str(args.conn_max_age),
            },
            log_path=workdir / "worker.log",
            pool=args.worker_pool,
            concurrency=args.worker_concurrency,
        )
        worker.start()
        return run(args, smtp, worker)
    finally:
        if worker is not None:
            worker.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        smtp.stop()
        redis.stop()


def run(args: argparse.Namespace, smtp: SmtpSinkProcess, worker: CeleryWorker) -> int:
    from django.db import connections
    from django.test import Client
    from django.utils import timezone

    from servicedesk.models import Notification, ReviewAuthority
    from servicedesk.roles import Role
    from servicedesk.services import notifications
    from servicedesk.services.notifications import message_id_for
    from tests.factories import EmployeeFactory, ReviewAuthorityFactory, UnitFactory, UserFactory

    # --- the organisation: the front desk, the head (reviews 7.1 items), an employee -------------
    for kind in ReviewAuthority.Kind:
        ReviewAuthorityFactory(kind=kind)
    unit = UnitFactory(name="Klientu apkalpošanas centrs")
    reception: Any = UserFactory(username="bench-reception", roles=[Role.FRONT_DESK])
    EmployeeFactory(user=reception, unit=unit)
    head: Any = UserFactory(username="bench-head", roles=[Role.HEAD])
    EmployeeFactory(user=head, unit=unit)
    ReviewAuthority.objects.get(kind=ReviewAuthority.Kind.HEAD).members.add(head)
    expert: Any = EmployeeFactory(user=UserFactory(username="bench-expert"), unit=unit)

    # --- the commit moment of each notification: on_commit calls _enqueue -----------------------
    committed_at: dict[int, float] = {}
    lock = threading.Lock()
    real_enqueue = notifications._enqueue

    def timed_enqueue(notification_id: int, **options: Any) -> None:
        with lock:
            committed_at[notification_id] = time.monotonic()
        real_enqueue(notification_id, **options)

    notifications._enqueue = timed_enqueue

    # --- ten front desks register at once ---------------------------------------------------------
    today = timezone.localdate().isoformat()
    request_times: list[float] = []
    per_client = [args.items // args.clients] * args.clients
    for i in range(args.items % args.clients):
        per_client[i] += 1

    def front_desk(n_items: int, client_no: int) -> list[float]:
        client = Client()
        client.force_login(reception)
        times = []
        try:
            for n in range(n_items):
                started = time.monotonic()
                response = client.post(
                    "/complaints/new/",
                    {
                        "kind": "complaint",
                        "channel": "visit",
                        "received_on": today,
                        "client_name": "Anna Bērziņa",
                        "client_email": f"client{client_no}-{n}@example.lv",
                        "text": f"Sūdzība {client_no}-{n}: darbinieks bija nepieklājīgs.",
                        "subject_kind": "employee",
                        "subject_employee": str(expert.pk),
                    },
                )
                times.append(time.monotonic() - started)
                if response.status_code != 302:
                    raise RuntimeError(f"registering answered {response.status_code}")
        finally:
            connections.close_all()
        return times

    print(
        f"Registering {args.items} complaints from {args.clients} clients; worker "
        f"{args.worker_pool} × {args.worker_concurrency}; DB_CONN_MAX_AGE={args.conn_max_age}; "
        "SMTP sink on loopback …"
    )
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        for times in pool.map(front_desk, per_client, range(args.clients)):
            request_times += times
    registered_in = time.monotonic() - started

    head_rows = list(
        Notification.objects.filter(
            recipient=head, channel=Notification.Channel.EMAIL, kind="complaint_registered"
        )
    )
    email_rows = list(Notification.objects.filter(channel=Notification.Channel.EMAIL))
    wanted = {message_id_for(n): n.pk for n in email_rows}
    wait_until(
        lambda: set(wanted) <= set(smtp.accepted()),
        timeout=120,
        interval=0.2,
        message=lambda: (
            f"{len(set(wanted) - set(smtp.accepted()))} e-mails never arrived\n" + worker.log_tail()
        ),
    )
    all_done = time.monotonic() - started
    time.sleep(1)  # a duplicate would arrive now
    accepted = smtp.accepted()
    head_latency = [accepted[message_id_for(n)][0] - committed_at[n.pk] for n in head_rows]
    all_latency = [accepted[mid][0] - committed_at[pk] for mid, pk in wanted.items()]
    duplicates = sum(len(times) - 1 for times in accepted.values())
    total = sum(len(times) for times in accepted.values())

    print()
    print(f"machine: {platform.node()} · {os.cpu_count()} CPU · Python {platform.python_version()}")
    print(
        f"registered {args.items} items in {registered_in:.1f} s; "
        f"all e-mails out after {all_done:.1f} s"
    )
    print(f"e-mails accepted: {total} (duplicates: {duplicates})")
    print(line("registering request (client-side)", request_times))
    print(line("commit → SMTP 250, the head's 4.11 e-mail", head_latency))
    print(line("commit → SMTP 250, every e-mail", all_latency))
    p99 = percentiles(head_latency)["p99"]
    verdict = "met" if p99 < 0.5 else "NOT met"
    print(f"target p99 < 500 ms for the 4.11 e-mail: {verdict} ({p99 * 1000:.0f} ms)")
    return 0 if p99 < 0.5 and duplicates == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
