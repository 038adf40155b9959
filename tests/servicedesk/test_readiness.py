"""``GET /readyz/outbox``: whether notifications are getting out. A monitor polls it; 503 when
no worker or sweeper has been heard of, a notification waits too long, or a 4.11 e-mail to the
head failed. Counts and ages only: nothing personal. ``/healthz`` stays the liveness probe and
``/readyz`` the load balancer's (tests/servicedesk/test_health.py)."""

from __future__ import annotations

import datetime as dt
import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from servicedesk.models import Notification, WorkerHeartbeat
from servicedesk.services.notifications import notification_create
from servicedesk.services.outbox_watch import SWEEPER
from servicedesk.views import health

pytestmark = pytest.mark.django_db

URL = "/readyz/outbox"
Status = Notification.Status


@pytest.fixture
def services(settings):
    """Services mode: a broker and workers, not tasks run in the web process."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"


def _beat(name: str, *, seconds_ago: int = 1) -> None:
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"seen_at": timezone.now() - dt.timedelta(seconds=seconds_ago)}
    )


def _email(*, minutes_ago: int, status=Status.PENDING, kind="test", clause="", key="k"):
    row = notification_create(
        email="vaditajs@iestade.lv",
        channel=Notification.Channel.EMAIL,
        kind=kind,
        rule_clause=clause,
        subject="Sūdzība par Jāni Kalniņu",
        body="Teksts",
        idempotency_key=key,
    )
    Notification.objects.filter(pk=row.pk).update(
        status=status, created_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return row


def test_embedded_mode_with_an_empty_outbox_is_ready():
    response = Client().get(URL)

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["mode"] == "eager"
    assert body["not_ready"] == []
    assert body["outbox"] == {
        "waiting": 0,
        "oldest_waiting_seconds": None,
        "limit_seconds": health.OUTBOX_OLDEST_LIMIT_SECONDS,
        "failed": 0,
        "head_notices_failed": 0,
    }


def test_with_no_worker_heartbeat_it_is_not_ready(services):
    response = Client().get(URL)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not_ready"
    assert body["worker"]["alive"] == 0
    assert body["worker"]["last_heartbeat_seconds"] is None
    assert any(reason.startswith("worker: no heartbeat") for reason in body["not_ready"])
    assert any(reason.startswith("sweeper: no heartbeat") for reason in body["not_ready"])


def test_with_a_live_worker_and_sweeper_it_is_ready(services):
    _beat("worker:celery@a")
    _beat("worker:celery@b", seconds_ago=600)  # a worker that went away long ago
    _beat(SWEEPER, seconds_ago=5)

    response = Client().get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["worker"]["alive"] == 1
    assert body["worker"]["last_heartbeat_seconds"] <= 2
    assert 4 <= body["sweeper"]["last_heartbeat_seconds"] <= 7
    assert body["mode"] == "services"


def test_a_worker_silent_for_a_minute_is_reported_dead(services):
    _beat("worker:celery@a", seconds_ago=health.HEARTBEAT_STALE_SECONDS + 10)
    _beat(SWEEPER)

    response = Client().get(URL)

    assert response.status_code == 503
    assert response.json()["not_ready"] == [
        "worker: no heartbeat, notifications are not being sent"
    ]


def test_a_notification_waiting_longer_than_the_limit_makes_it_not_ready():
    _email(minutes_ago=1, key="new")
    _email(minutes_ago=7, key="old")
    _email(minutes_ago=60, status=Status.SENT, key="sent")

    response = Client().get(URL)

    assert response.status_code == 503
    outbox = response.json()["outbox"]
    assert outbox["waiting"] == 2
    assert 7 * 60 <= outbox["oldest_waiting_seconds"] < 7 * 60 + 30


@pytest.mark.rule("4.11")
def test_a_failed_email_to_the_head_makes_it_not_ready_and_other_failures_are_counted():
    _email(minutes_ago=2, status=Status.FAILED, key="client")  # a client's typo
    response = Client().get(URL)
    assert response.status_code == 200
    assert response.json()["outbox"]["failed"] == 1

    _email(
        minutes_ago=2,
        status=Status.FAILED,
        kind="complaint_head_notice",
        clause="4.11",
        key="head",
    )
    response = Client().get(URL)

    assert response.status_code == 503
    body = response.json()
    assert body["outbox"]["failed"] == 2
    assert body["outbox"]["head_notices_failed"] == 1
    # Counts only: no address, no subject, no name.
    text = json.dumps(body, ensure_ascii=False)
    assert "@" not in text and "Kalniņ" not in text and "Sūdzība" not in text


def test_database_down_is_an_error():
    with mock.patch(
        "servicedesk.views.health.connection.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = Client().get(URL)

    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_needs_no_login_but_answers_only_get():
    client = Client()

    assert client.get(URL).status_code == 200
    assert client.post(URL).status_code == 405
