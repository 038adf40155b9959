"""The front desk keeps working while Redis is down (docs/deploy.md, "When Redis is down").

A private ``redis-server`` on a free loopback port is the cache, configured the way
servicedesk/settings.py builds it from ``CACHE_URL``. The front desk logs in and opens its pages,
Redis is stopped, and the same pages, a new login and the head's register still answer 200: a
cache error is a miss (servicedesk/cache.py), the sessions and the login lock-out live in the
database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from django.test import Client

from cases import services
from tests.factories import PASSWORD
from tests.integration.processes import ROOT, RedisServer
from tests.integration.test_notification_delivery import register_complaint

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("redis-server") is None,
        reason="needs the redis-server binary (apt-get install redis-server)",
    ),
]

SHOW_CACHES = "import django, json; django.setup(); from django.conf import settings; "
SHOW_CACHES += "print(json.dumps(settings.CACHES))"


def caches_for(cache_url: str) -> dict:
    """``CACHES`` as the settings build it in a process started with ``CACHE_URL``."""
    env = {**os.environ, "CACHE_URL": cache_url, "DJANGO_SETTINGS_MODULE": "servicedesk.settings"}
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", SHOW_CACHES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    caches: dict = json.loads(result.stdout.strip().splitlines()[-1])
    return caches


@pytest.fixture
def redis_cache(settings) -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    settings.CACHES = caches_for(f"redis://127.0.0.1:{server.port}/1")
    yield server
    server.stop()


def logged_in(username: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def test_with_redis_down_the_front_desk_pages_and_the_login_still_work(
    redis_cache: RedisServer, reception, head, expert, make_client, make_contact
):
    from django.core.cache import cache, caches

    assert type(caches["default"]).__name__ == "TolerantRedisCache"
    assert "cache" not in django_settings.SESSION_ENGINE
    client = make_client()
    contact = make_contact(
        client=client,
        callback=services.CallbackRequest(
            phone_number="26 123 456",
            question="Kad izvedīs?",
            due_at=make_contact().started_at,
            owner=reception,
        ),
    )
    register_complaint(reception, expert)
    desk_pages = [
        "/",
        "/cases/",
        f"/cases/{contact.pk}/",
        "/cases/clients/",
        f"/cases/clients/{client.pk}/",
        "/cases/callbacks/",
    ]
    desk, register = logged_in("reception"), logged_in("head")

    def statuses(desk: Client, register: Client) -> dict[str, int]:
        answers = {url: desk.get(url).status_code for url in desk_pages}
        answers["/complaints/"] = register.get("/complaints/").status_code
        return answers

    all_ok = dict.fromkeys([*desk_pages, "/complaints/"], 200)
    assert statuses(desk, register) == all_ok
    cache.set("servicedesk:probe", "up")
    assert cache.get("servicedesk:probe") == "up"  # the private Redis is the cache

    redis_cache.stop()

    assert cache.get("servicedesk:probe", "miss") == "miss"
    assert statuses(desk, register) == all_ok  # the sessions from before
    assert statuses(logged_in("reception"), logged_in("head")) == all_ok  # and new logins
    health = Client().get("/readyz")
    assert health.status_code == 200
    assert health.json()["cache"] == "error"
