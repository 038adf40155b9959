"""A stopped Redis cache does not close the desk (servicedesk/cache.py): reads miss, writes are
dropped, and the public form's rate limit lets citizens through instead of refusing everyone."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from servicedesk.ratelimit import rate_limit_hit


@pytest.fixture
def dead_redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "servicedesk.cache.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_reads_miss_and_writes_are_dropped(dead_redis_cache):
    cache.set("key", "value")
    assert cache.get("key", "missing") == "missing"
    with pytest.raises(Exception):  # noqa: B017 - readiness must see the outage
        cache.ping()


def test_the_rate_limit_lets_the_client_through(dead_redis_cache):
    hits = [rate_limit_hit(scope="form", subject="10.0.0.1", limit=2, window=60) for _ in range(5)]
    assert hits == [False] * 5
