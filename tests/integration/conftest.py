"""Integration tests: the notification outbox against a real Redis, Celery worker and SMTP
server (docs/testing.md).

Each test gets its own ``redis-server`` on a free loopback port (stopping it disturbs nothing
else), an aiosmtpd server on loopback, and a Celery worker process pointed at the *test*
database, the private Redis and the SMTP server. The tests need PostgreSQL: the worker is
another process and must see what the test commits, which SQLite's in-memory test database
cannot offer. On SQLite (the embedded run), or without ``redis-server`` or aiosmtpd, every test
here is skipped with the reason.

Short timings for the worker: ``NOTIFY_BACKOFF_SECONDS=1`` (retries after 1 s, 2 s, 4 s …) and
``NOTIFY_STUCK_SECONDS=2`` (a row left "sending" by a dead worker is re-queued after 2 s).
The sweeper is run the way beat runs it: ``sweep_notifications`` sent through the broker.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.integration.processes import (
    CeleryWorker,
    RedisServer,
    SmtpServer,
    database_url,
)

BACKOFF_SECONDS = 1
STUCK_SECONDS = 2


def _skip_reason() -> str | None:
    from django.conf import settings

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return (
            "integration tests need PostgreSQL (DATABASE_URL=postgres://…): the Celery worker "
            "process must share the test database, and SQLite's test database is in memory"
        )
    if shutil.which("redis-server") is None:
        return "integration tests need the redis-server binary (apt-get install redis-server)"
    if importlib.util.find_spec("aiosmtpd") is None:
        return "integration tests need aiosmtpd (requirements-dev)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each module here declares ``pytestmark = INTEGRATION`` (so that pytest-django, which
    orders the tests before this hook runs, sees them as transactional); this adds the skip."""
    here = Path(__file__).resolve().parent
    mine = [i for i in items if Path(str(i.path)).resolve().is_relative_to(here)]
    reason = _skip_reason() if mine else None
    for item in mine:
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


#: The marks of every integration test: the worker reads what the test committed, so the
#: database is transactional (emptied after each test, as the browser tests' is).
INTEGRATION = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker(
    redis_server: RedisServer, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """Point this process's Celery app at the private Redis and stop running tasks eagerly,
    so that ``transaction.on_commit`` publishes to the broker as in production."""
    from servicedesk.celery import app
    from servicedesk.services import notifications

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}

    def reset_pool() -> None:
        # Celery keeps its producer pool for the broker it first connected to.
        celery: Any = app
        if celery._pool is not None:
            celery._pool.force_close_all()
        celery._pool = None
        celery.amqp._producer_pool = None

    reset_pool()
    # Celery reads CELERY_BROKER_URL from the environment before its configuration (CI sets
    # it to the shared Redis): both must name the private one.
    monkeypatch.setenv("CELERY_BROKER_URL", redis_server.url)
    app.conf["broker_url"] = redis_server.url
    app.conf["task_always_eager"] = False
    settings.CELERY_BROKER_URL = redis_server.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # A broker found down pauses publishing for 30 s in this process; start each test fresh.
    monkeypatch.setattr(notifications, "_broker_down_until", 0.0)
    yield app
    reset_pool()
    for key, value in saved.items():
        app.conf[key] = value


@pytest.fixture
def worker(
    transactional_db: None,
    redis_server: RedisServer,
    smtp_server: SmtpServer,
    tmp_path: Path,
) -> Iterator[CeleryWorker]:
    """A started Celery worker on the test database, the private Redis and the SMTP server.
    Its log is printed when a test fails (the teardown's captured output)."""
    from django.conf import settings
    from django.db import connection

    process = CeleryWorker(
        env={
            "DATABASE_URL": database_url(connection.settings_dict),
            "CELERY_BROKER_URL": redis_server.url,
            "EMAIL_URL": smtp_server.url,
            "EMAIL_TIMEOUT": "30",
            "SITE_URL": settings.SITE_URL,
            "NOTIFY_BACKOFF_SECONDS": str(BACKOFF_SECONDS),
            "NOTIFY_STUCK_SECONDS": str(STUCK_SECONDS),
            "NOTIFY_MAX_ATTEMPTS": "8",
            "LOG_LEVEL": "WARNING",
        },
        log_path=tmp_path / "worker.log",
    )
    process.start()
    yield process
    process.stop()
    print(f"--- Celery worker log (tail) ---\n{process.log_tail(60)}")


@pytest.fixture
def publish(broker: Any, redis_server: RedisServer) -> Callable[..., None]:
    """``publish(task, *args)``: send a task through the broker on a fresh connection, so that
    a Redis restart does not leave this process holding a dead one. Nothing while Redis is
    down."""

    def send(task: Any, *args: Any) -> None:
        if not redis_server.ping():
            return
        with broker.connection_for_write(redis_server.url) as connection:
            task.apply_async(args=args, connection=connection)

    return send


@pytest.fixture
def sweep(publish: Callable[..., None]) -> Callable[[], None]:
    """``sweep()``: what Celery beat does every ``NOTIFY_SWEEP_SECONDS``: send
    ``sweep_notifications`` to the worker."""
    from servicedesk.tasks import sweep_notifications

    return lambda: publish(sweep_notifications)


@dataclass
class Desk:
    """The running services of one test."""

    redis: RedisServer
    smtp: SmtpServer
    worker: CeleryWorker
    sweep: Callable[[], None]
    publish: Callable[..., None]

    def deliver(self, notification_id: int) -> None:
        """Queue one more delivery task for a row, as a duplicate message would."""
        from servicedesk.tasks import deliver_notification

        self.publish(deliver_notification, notification_id)


@pytest.fixture
def desk(
    broker: Any,
    redis_server: RedisServer,
    smtp_server: SmtpServer,
    worker: CeleryWorker,
    sweep: Callable[[], None],
    publish: Callable[..., None],
) -> Desk:
    """Everything at once: the broker in use, a running worker, the SMTP server, ``sweep``."""
    return Desk(redis=redis_server, smtp=smtp_server, worker=worker, sweep=sweep, publish=publish)
