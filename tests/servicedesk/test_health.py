"""``GET /healthz`` (liveness: the process and its database) and ``GET /readyz`` (what is
degraded). A broker outage must not pull the web: the outbox holds the notifications in the
database until the broker is back (ARCHITECTURE.md, "Notifications: a transactional outbox")."""

from __future__ import annotations

import datetime as dt
import socket
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from servicedesk.models import Notification
from servicedesk.views import health

pytestmark = pytest.mark.django_db


def _closed_loopback_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _redis_answers(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _database_down():
    return mock.patch(
        "servicedesk.views.health.connection.cursor",
        side_effect=OperationalError("connection refused"),
    )


def _pending(*, minutes_ago: int) -> Notification:
    row = Notification.objects.create(
        email="head@example.lv",
        channel=Notification.Channel.EMAIL,
        kind="test",
        subject="Subject",
        body="Body",
        idempotency_key=f"health-{minutes_ago}",
    )
    Notification.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return row


# --- /healthz: liveness ----------------------------------------------------------------------


def test_healthz_answers_200_when_the_database_answers(settings):
    settings.CELERY_BROKER_URL = ""

    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_stays_200_when_the_broker_is_down(settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_loopback_port()}/0"

    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(settings):
    settings.CELERY_BROKER_URL = ""
    with _database_down():
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_probes_need_no_login_but_only_answer_get(url):
    client = Client()

    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


# --- /readyz: what is degraded ----------------------------------------------------------------


def test_readyz_embedded_mode_is_ready_with_eager_tasks(settings):
    settings.CELERY_BROKER_URL = ""

    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "eager",
        "outbox": {"held_minutes": health.OUTBOX_HELD_MINUTES, "held": 0},
        "migrations": "ok",
        "degraded": [],
    }
    assert "no-cache" in response["Cache-Control"]


def test_readyz_with_the_broker_down_serves_and_says_the_outbox_holds(settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_loopback_port()}/0"

    response = Client().get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["broker"] == "error"
    assert body["database"] == "ok"
    assert any("outbox holding" in reason for reason in body["degraded"])


def test_readyz_counts_only_notifications_pending_longer_than_the_limit(settings):
    settings.CELERY_BROKER_URL = ""
    _pending(minutes_ago=health.OUTBOX_HELD_MINUTES + 5)
    _pending(minutes_ago=1)  # just written: the worker has not had its turn yet
    sent = _pending(minutes_ago=health.OUTBOX_HELD_MINUTES + 60)
    Notification.objects.filter(pk=sent.pk).update(status=Notification.Status.SENT)

    response = Client().get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["outbox"]["held"] == 1
    assert body["degraded"] == [
        f"outbox: 1 pending longer than {health.OUTBOX_HELD_MINUTES} minutes"
    ]


def test_readyz_reports_unapplied_migrations(settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""
    monkeypatch.setattr(health, "_migrations_applied", False)
    with mock.patch.object(
        health.MigrationExecutor, "migration_plan", return_value=[("a migration", False)]
    ):
        response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json()["migrations"] == "pending"
    assert response.json()["degraded"] == ["migrations: pending"]


def test_readyz_answers_503_only_when_the_database_does_not_answer(settings):
    settings.CELERY_BROKER_URL = ""
    with _database_down():
        response = Client().get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "error"
    assert body["migrations"] == "unknown"


def test_with_the_redis_cache_down_pages_are_served_and_readyz_says_degraded(settings):
    # The cache holds rate-limit counters and the institution's name: a stopped Redis must
    # not turn pages into server errors (servicedesk/cache.py); /readyz says it is degraded.
    settings.CELERY_BROKER_URL = ""
    settings.CACHES = {
        "default": {
            "BACKEND": "servicedesk.cache.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    browser = Client()
    assert browser.get("/public/").status_code == 200
    response = browser.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["cache"] == "error"
    assert body["database"] == "ok"
    assert body["status"] == "degraded"
    assert "cache: not answering, rate limits off, pages still served" in body["degraded"]


def test_readyz_with_a_real_redis_broker_is_ok(settings):
    if not _redis_answers():
        pytest.skip("no Redis answers at 127.0.0.1:6379 (CI starts one)")
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"

    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json()["broker"] == "ok"
    assert response.json()["status"] == "ok"
