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
* ``GET /readyz/outbox`` — whether notifications are getting out, as JSON, for monitoring: a
  Celery worker's and the sweeper's heartbeats (``WorkerHeartbeat``, database rows written
  every few seconds, readable while Redis is down), the number and the age of the oldest
  notification not yet sent, the failed rows and the failed 4.11 e-mails to the head. 200
  when ready, 503 when not: no worker or sweeper heard from within ``HEARTBEAT_STALE_SECONDS``
  (services mode), a notification waiting longer than ``OUTBOX_OLDEST_LIMIT_SECONDS``, or a
  4.11 e-mail to the head failed within the last day. Counts and ages only: no addresses, no
  names, no host names. Separate from ``/readyz`` on purpose: a load balancer that pulled the
  web for a dead worker would stop the desk for nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Max, Min, Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from servicedesk.models import Notification, WorkerHeartbeat
from servicedesk.services.outbox_watch import SWEEPER, WORKER_PREFIX, late_head_notices

BROKER_TIMEOUT_SECONDS = 2
#: A pending notification older than this means delivery is not keeping up (the broker or the
#: worker is down, or the mail server refuses): the sweeper runs every 30 seconds and retries
#: back off from 30 seconds, so a healthy outbox empties well within it.
OUTBOX_HELD_MINUTES = 10
#: ``/readyz/outbox``: a worker writes its heartbeat every 10 s, the sweeper every run (10 s).
HEARTBEAT_STALE_SECONDS = 60
#: ``/readyz/outbox``: 4.11 says "at once"; the head and the administrators are warned after
#: five minutes (servicedesk.services.outbox_watch.UNDELIVERED_AFTER).
OUTBOX_OLDEST_LIMIT_SECONDS = 300

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


def _seconds_since(moment: dt.datetime | None, now: dt.datetime) -> int | None:
    return None if moment is None else max(int((now - moment).total_seconds()), 0)


def _outbox_readiness(now: dt.datetime) -> tuple[dict[str, Any], list[str]]:
    """The body of ``/readyz/outbox`` and what makes it not ready."""
    Status = Notification.Status
    # Tasks run eagerly in the web process (the embedded mode): there is no worker to hear of.
    services = not settings.CELERY_TASK_ALWAYS_EAGER
    fresh = now - dt.timedelta(seconds=HEARTBEAT_STALE_SECONDS)
    beats = WorkerHeartbeat.objects.aggregate(
        workers=Count("pk", filter=Q(name__startswith=WORKER_PREFIX, seen_at__gte=fresh)),
        worker=Max("seen_at", filter=Q(name__startswith=WORKER_PREFIX)),
        sweeper=Max("seen_at", filter=Q(name=SWEEPER)),
    )
    waiting = Notification.objects.filter(status__in=[Status.PENDING, Status.SENDING]).aggregate(
        count=Count("pk"), oldest=Min("created_at")
    )
    failed = Notification.objects.filter(status=Status.FAILED).count()
    head_failed = Notification.objects.filter(late_head_notices(now), status=Status.FAILED).count()
    worker_age = _seconds_since(beats["worker"], now)
    sweeper_age = _seconds_since(beats["sweeper"], now)
    oldest = _seconds_since(waiting["oldest"], now)
    reasons: list[str] = []
    if services and (worker_age is None or worker_age > HEARTBEAT_STALE_SECONDS):
        reasons.append("worker: no heartbeat, notifications are not being sent")
    if services and (sweeper_age is None or sweeper_age > HEARTBEAT_STALE_SECONDS):
        reasons.append("sweeper: no heartbeat, is Celery beat running?")
    if oldest is not None and oldest > OUTBOX_OLDEST_LIMIT_SECONDS:
        reasons.append(f"outbox: a notification waiting for {oldest} s")
    if head_failed:
        reasons.append(f"outbox: {head_failed} e-mails to the head of institution failed (4.11)")
    body: dict[str, Any] = {
        "mode": "services" if services else "eager",
        "worker": {
            "alive": beats["workers"],
            "last_heartbeat_seconds": worker_age,
            "stale_after_seconds": HEARTBEAT_STALE_SECONDS,
        },
        "sweeper": {
            "last_heartbeat_seconds": sweeper_age,
            "stale_after_seconds": HEARTBEAT_STALE_SECONDS,
        },
        "outbox": {
            "waiting": waiting["count"],
            "oldest_waiting_seconds": oldest,
            "limit_seconds": OUTBOX_OLDEST_LIMIT_SECONDS,
            "failed": failed,
            "head_notices_failed": head_failed,
        },
    }
    return body, reasons


@login_not_required
@never_cache
@require_GET
def readyz_outbox(request: HttpRequest) -> JsonResponse:
    if _database_state() != "ok":
        body = {"status": "error", "not_ready": ["database: not answering"]}
        return JsonResponse(body, status=503)
    try:
        body, reasons = _outbox_readiness(timezone.now())
    except Exception:  # the tables are not there yet (migrations pending), or a query failed
        return JsonResponse(
            {"status": "error", "not_ready": ["outbox: cannot be read"]}, status=503
        )
    return JsonResponse(
        {"status": "not_ready" if reasons else "ok", **body, "not_ready": reasons},
        status=503 if reasons else 200,
    )
