"""Two probes, no login, never cached, each answering within a few seconds.

* ``GET /healthz`` — liveness: the process answers and its database answers. 200 or 503.
  A load balancer or ``docker compose`` restarts or pulls a process only on this; Redis is
  deliberately not part of it, because the notification outbox keeps every notification in
  the database while the broker is down (ARCHITECTURE.md, "Notifications: a transactional
  outbox"): pulling every web process for a broker outage would stop the desk for nothing.
* ``GET /readyz`` — readiness and what is degraded, as JSON: the database, the broker, the
  outbox rows waiting longer than ``OUTBOX_HELD_MINUTES``, unapplied migrations and the
  cache. 200 while the web can serve (the broker, the cache, the outbox and the migrations
  may be degraded, listed under ``"degraded"``: a Redis cache that does not answer only turns
  the rate limits off, servicedesk/cache.py); 503 when it cannot: the database does not
  answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from servicedesk.models import Notification

BROKER_TIMEOUT_SECONDS = 2
#: A pending notification older than this means delivery is not keeping up (the broker or the
#: worker is down, or the mail server refuses): the sweeper runs every 30 seconds and retries
#: back off from 30 seconds, so a healthy outbox empties well within it.
OUTBOX_HELD_MINUTES = 10

# Once every migration is applied, it stays so for this process's code: no need to load the
# migration graph from disk on every poll.
_migrations_applied = False


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not usable"
        return "error"
    return "ok"


def _broker_state() -> str:
    broker_url: str = settings.CELERY_BROKER_URL
    if not broker_url:
        return "eager"  # embedded mode: tasks run in the web process after commit
    from servicedesk.celery import app

    # The URL is passed explicitly: the Celery app reads its configuration once, and the
    # settings are what this process was started with.
    try:
        with app.connection_for_write(broker_url, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)  # one try
    except Exception:
        return "error"
    return "ok"


def _cache_state() -> str:
    try:
        ping = getattr(cache, "ping", None)  # servicedesk.cache.TolerantRedisCache
        if ping is not None:
            ping()
        else:
            cache.get("servicedesk:readyz")
    except Exception:  # the cache server does not answer
        return "error"
    return "ok"


def _outbox_held() -> int | None:
    """Notifications still pending ``OUTBOX_HELD_MINUTES`` after they were written; None when
    the database cannot say."""
    cutoff = timezone.now() - dt.timedelta(minutes=OUTBOX_HELD_MINUTES)
    try:
        return Notification.objects.filter(
            status=Notification.Status.PENDING, created_at__lt=cutoff
        ).count()
    except Exception:
        return None


def _migrations_state() -> str:
    global _migrations_applied
    if _migrations_applied:
        return "ok"
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        return "unknown"
    if plan:
        return "pending"
    _migrations_applied = True
    return "ok"


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database_state()
    alive = database == "ok"
    return JsonResponse(
        {"status": "ok" if alive else "error", "database": database},
        status=200 if alive else 503,
    )


@login_not_required
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    database = _database_state()
    broker = _broker_state()
    cache_state = _cache_state()
    if database != "ok":
        return JsonResponse(
            {
                "status": "error",
                "database": database,
                "cache": cache_state,
                "broker": broker,
                "outbox": {"held_minutes": OUTBOX_HELD_MINUTES, "held": None},
                "migrations": "unknown",
                "degraded": ["database: not answering, the desk cannot serve"],
            },
            status=503,
        )
    held = _outbox_held()
    migrations = _migrations_state()
    degraded: list[str] = []
    if cache_state != "ok":
        degraded.append("cache: not answering, rate limits off, pages still served")
    if broker == "error":
        degraded.append("broker: not answering, outbox holding notifications")
    if held:
        degraded.append(f"outbox: {held} pending longer than {OUTBOX_HELD_MINUTES} minutes")
    if migrations != "ok":
        degraded.append(f"migrations: {migrations}")
    body: dict[str, Any] = {
        "status": "degraded" if degraded else "ok",
        "database": database,
        "cache": cache_state,
        "broker": broker,
        "outbox": {"held_minutes": OUTBOX_HELD_MINUTES, "held": held},
        "migrations": migrations,
        "degraded": degraded,
    }
    return JsonResponse(body, status=200)
