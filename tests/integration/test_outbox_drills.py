"""The outbox drills, against a real Redis, Celery worker, PostgreSQL and SMTP server, with the
production timings (``NOTIFY_STUCK_SECONDS`` 15 s, the sweeper every 10 s as beat runs it):

* a worker SIGKILLed in the middle of the SMTP conversation: the e-mail goes out, with the same
  Message-ID, within 30 s of another worker being up;
* the database connections terminated (``pg_terminate_backend``) while an e-mail is delivered:
  everything is delivered once the database is back, none twice;
* a burst of registrations from 10 threads: every head e-mail delivered exactly once;
* ``/readyz/outbox`` hears the worker's heartbeat, and says so when the worker is gone.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from servicedesk.models import Notification
from servicedesk.services.notifications import message_id_for
from servicedesk.views import health
from tests.integration.conftest import INTEGRATION
from tests.integration.processes import (
    CeleryWorker,
    RedisServer,
    SmtpServer,
    database_url,
    wait_until,
)
from tests.integration.test_notification_delivery import (
    all_sent,
    emails_of,
    register_complaint,
    statuses,
)

pytestmark = INTEGRATION

EMAIL = Notification.Channel.EMAIL
Status = Notification.Status
#: What Celery beat does in production (settings.CELERY_BEAT_SCHEDULE, NOTIFY_SWEEP_SECONDS).
SWEEP_SECONDS = 10
#: The drill's promise: a killed worker's e-mails are out this soon after another is up.
RECOVERY_SECONDS = 30


class Workers:
    """Celery workers with the production outbox settings (nothing of NOTIFY_* overridden)."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.running: list[CeleryWorker] = []

    def start(self, *, pool: str = "solo", concurrency: int = 1) -> CeleryWorker:
        worker = CeleryWorker(
            env=self.env, log_path=self.log_path, pool=pool, concurrency=concurrency
        )
        worker.start()
        self.running.append(worker)
        return worker

    def stop(self) -> None:
        for worker in self.running:
            worker.stop()


@pytest.fixture
def workers(
    transactional_db: None, redis_server: RedisServer, smtp_server: SmtpServer, tmp_path: Path
) -> Iterator[Workers]:
    from django.conf import settings

    env = {
        "DATABASE_URL": database_url(connection.settings_dict),
        "CELERY_BROKER_URL": redis_server.url,
        "EMAIL_URL": smtp_server.url,
        "EMAIL_TIMEOUT": "30",
        "SITE_URL": settings.SITE_URL,
        "LOG_LEVEL": "WARNING",
    }
    for name in ("NOTIFY_STUCK_SECONDS", "NOTIFY_BACKOFF_SECONDS", "NOTIFY_MAX_ATTEMPTS"):
        env[name] = str(getattr(settings, name))  # the defaults, whatever this shell exports
    pool = Workers(env, tmp_path / "worker.log")
    yield pool
    pool.stop()
    print(
        f"--- Celery worker log (tail) ---\n{pool.running[-1].log_tail(60) if pool.running else ''}"
    )


def _accepted_once(smtp: SmtpServer, rows: list[Notification]) -> bool:
    ids = smtp.handler.accepted_ids()
    return all(ids[message_id_for(row)] >= 1 for row in rows)


@pytest.mark.rule("4.11")
def test_a_worker_killed_in_the_smtp_conversation_is_replaced_within_30_seconds(
    broker: Any,
    workers: Workers,
    smtp_server: SmtpServer,
    sweep: Callable[[], None],
    settings: Any,
    reception,
    head,
    expert,
):
    assert settings.NOTIFY_STUCK_SECONDS + SWEEP_SECONDS < RECOVERY_SECONDS
    first = workers.start()
    smtp_server.handler.delay = 60  # the mail server stalls before answering the DATA
    item = register_complaint(reception, expert)
    wait_until(
        smtp_server.handler.data_started.is_set,
        timeout=20,
        message="the worker never reached the SMTP server's DATA",
    )
    first.kill()  # SIGKILL, mid-conversation
    wait_until(
        lambda: smtp_server.handler.aborted,
        timeout=10,
        message="the SMTP server did not see the worker's connection drop",
    )
    killed = Notification.objects.get(status=Status.SENDING)
    smtp_server.handler.delay = 0

    workers.start()
    up = time.monotonic()
    wait_until(
        lambda: smtp_server.handler.accepted_for(message_id_for(killed)),
        timeout=RECOVERY_SECONDS,
        every=sweep,
        every_seconds=SWEEP_SECONDS,
        message=lambda: f"not out {RECOVERY_SECONDS} s after a worker was up: {statuses([item])}",
    )
    accepted = smtp_server.handler.accepted_for(message_id_for(killed))
    assert accepted[0].at - up <= RECOVERY_SECONDS
    wait_until(
        lambda: all_sent([item]),
        timeout=RECOVERY_SECONDS,
        every=sweep,
        every_seconds=SWEEP_SECONDS,
        message=lambda: f"not all sent: {statuses([item])}",
    )
    # The same Message-ID as the attempt that was cut off, and every e-mail once.
    assert smtp_server.handler.aborted == [message_id_for(killed)]
    assert dict(smtp_server.handler.accepted_ids()) == {
        message_id_for(n): 1 for n in emails_of([item])
    }


def _terminate_worker_connections() -> int:
    """``pg_terminate_backend`` every other connection to the test database: the worker's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


@pytest.mark.rule("4.11")
def test_database_connections_terminated_during_delivery_everything_is_delivered_once(
    broker: Any,
    workers: Workers,
    smtp_server: SmtpServer,
    sweep: Callable[[], None],
    reception,
    head,
    expert,
):
    workers.start()
    smtp_server.handler.delay = 2  # the worker is in the SMTP conversation for 2 s
    item = register_complaint(reception, expert)
    wait_until(
        smtp_server.handler.data_started.is_set,
        timeout=20,
        message="the worker never reached the SMTP server's DATA",
    )
    # The database "restarts": every connection of the worker is cut, again and again, for
    # 3 s, while the mail server accepts the e-mail and the worker tries to mark it sent.
    terminated = 0
    until = time.monotonic() + 3
    while time.monotonic() < until:
        terminated += _terminate_worker_connections()
        time.sleep(0.05)
    assert terminated >= 1
    smtp_server.handler.delay = 0

    wait_until(
        lambda: all_sent([item]),
        timeout=60,
        every=sweep,
        every_seconds=SWEEP_SECONDS,
        message=lambda: f"not delivered once the database was back: {statuses([item])}",
    )
    assert dict(smtp_server.handler.accepted_ids()) == {
        message_id_for(n): 1 for n in emails_of([item])
    }


THREADS = 10
PER_THREAD = 100  # 1,000 registrations, 3,000 e-mails: the drill's burst


@pytest.mark.rule("4.11")
def test_a_burst_of_registrations_from_ten_threads_tells_the_head_of_each_exactly_once(
    broker: Any,
    workers: Workers,
    smtp_server: SmtpServer,
    sweep: Callable[[], None],
    reception,
    head,
    expert,
):
    workers.start(pool="prefork", concurrency=2)
    registered: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def register(n: int) -> None:
        try:
            for k in range(PER_THREAD):
                item = register_complaint(reception, expert, text=f"Sūdzība {n}-{k}.")
                with lock:
                    registered.append(item)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=register, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(registered) == THREADS * PER_THREAD

    heads = list(
        Notification.objects.filter(
            recipient=head, channel=EMAIL, kind="complaint_registered", rule_clause="4.11"
        )
    )
    assert len(heads) == THREADS * PER_THREAD
    wait_until(
        lambda: _accepted_once(smtp_server, heads),
        timeout=300,
        every=sweep,
        every_seconds=SWEEP_SECONDS,
        message=lambda: (
            f"{sum(1 for r in heads if smtp_server.handler.accepted_for(message_id_for(r)))}"
            f" of {len(heads)} head e-mails delivered"
        ),
    )
    accepted = smtp_server.handler.accepted_ids()
    assert {accepted[message_id_for(row)] for row in heads} == {1}
    assert all(count == 1 for count in accepted.values()), accepted.most_common(3)


def test_readiness_hears_the_worker_and_says_when_it_is_gone(
    broker: Any,
    workers: Workers,
    sweep: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
):
    worker = workers.start()
    sweep()

    def ready() -> bool:
        return Client().get("/readyz/outbox").status_code == 200

    wait_until(ready, timeout=20, message=lambda: Client().get("/readyz/outbox").content.decode())
    assert Client().get("/readyz/outbox").json()["worker"]["alive"] == 1

    worker.kill()
    monkeypatch.setattr(health, "HEARTBEAT_STALE_SECONDS", 3)
    time.sleep(4)
    response = Client().get("/readyz/outbox")

    assert response.status_code == 503
    assert "worker: no heartbeat, notifications are not being sent" in response.json()["not_ready"]


@pytest.mark.rule("4.11")
def test_a_permanent_refusal_fails_at_once_and_the_head_and_admins_are_warned(
    broker: Any,
    workers: Workers,
    smtp_server: SmtpServer,
    reception,
    head,
    expert,
    admin,
    client_for,
):
    from servicedesk.services.outbox_watch import WARNING_KIND, outbox_warn_undelivered

    workers.start()
    smtp_server.handler.refusal = "550 5.7.1 Relaying denied"
    item = register_complaint(reception, expert)
    row = Notification.objects.get(object_id=str(item.pk), recipient=head, channel=EMAIL)

    def failed() -> bool:
        row.refresh_from_db()
        return row.status == Status.FAILED

    wait_until(failed, timeout=20, message=lambda: f"not failed: {statuses([item])}")
    assert row.attempts == 1  # not retried
    assert "550 5.7.1 Relaying denied" in row.last_error
    assert [mid for mid, _ in smtp_server.handler.refused].count(message_id_for(row)) == 1
    page = client_for(admin).get("/admin/servicedesk/notification/", {"status__exact": "failed"})
    assert "5.7.1 Relaying denied" in page.content.decode()

    # The beat task warns the head and the administrators in the desk, at once for a failure.
    assert outbox_warn_undelivered() >= 1
    warned = Notification.objects.filter(kind=WARNING_KIND).values_list("recipient", flat=True)
    assert set(warned) == {head.pk, admin.pk}
