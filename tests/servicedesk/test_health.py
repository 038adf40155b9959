"""``GET /healthz`` reports the database and the broker (issue 2, item 6)."""

from __future__ import annotations

import socket
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

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


def test_embedded_mode_is_healthy_with_eager_tasks(settings):
    settings.CELERY_BROKER_URL = ""

    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}
    assert "no-cache" in response["Cache-Control"]


def test_unreachable_broker_answers_503(settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_loopback_port()}/0"

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["database"] == "ok"


def test_real_redis_broker_is_healthy(settings):
    if not _redis_answers():
        pytest.skip("no Redis answers at 127.0.0.1:6379 (CI starts one)")
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"

    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_database_failure_answers_503(settings):
    settings.CELERY_BROKER_URL = ""
    with mock.patch(
        "servicedesk.views.health.connection.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "broker": "eager"}


def test_healthz_needs_no_login_but_only_answers_get():
    client = Client()

    assert client.get("/healthz").status_code in (200, 503)
    assert client.post("/healthz").status_code == 405
