"""A Redis outage under a working Celery worker (docs/deploy.md, "When Redis is down").

The worker runs as in production (the prefork pool, late acknowledgement) and its deliveries
are under way when Redis is killed: Celery 5.7 then died with ``Unrecoverable error:
AttributeError("'NoneType' object has no attribute 'hostname'")`` (servicedesk/broker.py). Here
it waits for the broker, and every 4.11 notification, those registered before the outage and
those registered during it, reaches the SMTP server once, without a restart."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from servicedesk.services.notifications import message_id_for
from tests.integration.conftest import BACKOFF_SECONDS, INTEGRATION, STUCK_SECONDS
from tests.integration.processes import CeleryWorker, RedisServer, SmtpServer, wait_until
from tests.integration.test_notification_delivery import (
    all_sent,
    emails_of,
    register_complaint,
    statuses,
)

pytestmark = INTEGRATION

OUTAGE_SECONDS = 12


@pytest.fixture
def prefork_worker(
    transactional_db: None, redis_server: RedisServer, smtp_server: SmtpServer, tmp_path: Path
) -> Iterator[CeleryWorker]:
    """The worker as docker-compose.yml runs it: the prefork pool, with room for more tasks
    than are under way, so that it is also waiting on Redis for the next one when Redis goes."""
    from django.conf import settings
    from django.db import connection

    from tests.integration.processes import database_url

    process = CeleryWorker(
        env={
            "DATABASE_URL": database_url(connection.settings_dict),
            "CELERY_BROKER_URL": redis_server.url,
            "EMAIL_URL": smtp_server.url,
            "SITE_URL": settings.SITE_URL,
            "NOTIFY_BACKOFF_SECONDS": str(BACKOFF_SECONDS),
            "NOTIFY_STUCK_SECONDS": str(STUCK_SECONDS),
            "LOG_LEVEL": "WARNING",
        },
        log_path=tmp_path / "worker.log",
        pool="prefork",
        concurrency=4,
    )
    process.start()
    yield process
    process.stop()
    print(f"--- Celery worker log (tail) ---\n{process.log_tail(80)}")


def kill(redis: RedisServer) -> None:
    """SIGKILL, as a crashed or OOM-killed Redis: no goodbye to its clients."""
    assert redis.process is not None
    with contextlib.suppress(ProcessLookupError):
        os.killpg(redis.process.pid, signal.SIGKILL)
    redis.process.wait(timeout=10)
    redis.process = None


@pytest.mark.rule("4.11")
def test_the_worker_rides_out_a_redis_outage_and_delivers_every_notification_once(
    broker: Any,
    redis_server: RedisServer,
    smtp_server: SmtpServer,
    prefork_worker: CeleryWorker,
    sweep: Callable[[], None],
    reception,
    head,
    expert,
):
    smtp = smtp_server.handler
    smtp.delay = 3.0  # the three e-mails of the first complaint are under way when Redis goes
    before = [register_complaint(reception, expert, text="Pirms.")]
    wait_until(smtp.data_started.is_set, timeout=30, message="no delivery started")

    kill(redis_server)
    down_at = time.monotonic()
    during = [register_complaint(reception, expert, text=f"Laikā {n}.") for n in range(3)]
    while time.monotonic() - down_at < OUTAGE_SECONDS:
        assert prefork_worker.process is not None
        assert prefork_worker.process.poll() is None, prefork_worker.log_tail(60)
        time.sleep(0.5)

    smtp.delay = 0
    redis_server.start()  # the same port, empty: what was queued is gone, the rows are not
    items = before + during
    wait_until(
        lambda: all_sent(items),
        timeout=60,
        every=sweep,  # what beat does every NOTIFY_SWEEP_SECONDS
        every_seconds=1,
        message=lambda: f"not all delivered after Redis came back: {statuses(items)}",
    )

    assert prefork_worker.process is not None and prefork_worker.process.poll() is None
    assert prefork_worker.starts == 1
    log = prefork_worker.log_path.read_text(errors="replace")
    assert "Unrecoverable error" not in log
    assert "Connection to broker lost" in log  # it did see the outage
    expected = {message_id_for(n): 1 for n in emails_of(items)}
    assert len(expected) == 12  # 4 items × (the head, the authority's mailbox, the client)
    assert dict(smtp.accepted_ids()) == expected
