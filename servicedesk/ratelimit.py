"""Fixed-window counters in the cache, for the pages anyone may post to: the public form
(per client address) and the password reset request (per address and per e-mail typed).

With ``CACHE_URL`` pointing at Redis every web replica counts together; the embedded default's
local-memory cache counts per process, which is all one process needs."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache


def _key(scope: str, subject: str) -> str:
    # Hashed: the cache never holds the addresses or e-mails themselves.
    return f"rate:{scope}:{hashlib.sha256(subject.encode()).hexdigest()[:32]}"


def rate_limit_hit(*, scope: str, subject: str, limit: int, window: int) -> bool:
    """Count one attempt of ``subject`` (an address, an e-mail) in ``scope``; True when it is
    over ``limit`` attempts within ``window`` seconds.

    The first attempt of a window creates the counter with the window as its lifetime
    (``cache.add``, atomic), the others increment it (``cache.incr``, atomic on Redis)."""
    key = _key(scope, subject)
    if cache.add(key, 1, timeout=window):
        return limit < 1
    try:
        count: Any = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return limit < 1
    return int(count) > limit
