"""A Redis cache whose outage does not take the desk down.

The cache holds nothing the desk cannot do without: rate-limit counters (servicedesk.ratelimit)
and the institution's name read on every page (servicedesk.selectors.organisation). With
Django's own Redis backend a stopped Redis turns every page into a server error, although the
notification outbox is built to ride out exactly that. Here a failed read is a miss, a failed
write is dropped and logged, and a counter that cannot be read counts as the first attempt of
its window (the public form stays open rather than closed to everyone). ``/readyz`` reports the
outage through ``ping()``, which does raise."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _tolerant(default: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def call(self: TolerantRedisCache, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except RedisError as exc:
                logger.warning("cache unavailable (%s): %s", method.__name__, exc)
                fallback = default(args, kwargs) if callable(default) else default
                return fallback

        return call

    return wrap


def _given_default(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class TolerantRedisCache(RedisCache):
    def ping(self) -> None:
        """Ask the server itself; raises when it does not answer (for ``/readyz``)."""
        self._cache.get_client().ping()

    get = _tolerant(_given_default)(RedisCache.get)
    get_many = _tolerant({})(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    set = _tolerant(None)(RedisCache.set)
    set_many = _tolerant([])(RedisCache.set_many)
    add = _tolerant(True)(RedisCache.add)  # "a new window": the attempt is allowed
    incr = _tolerant(1)(RedisCache.incr)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
