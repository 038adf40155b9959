"""``GET /healthz``: is the database usable, is the broker reachable (issue 2, item 6).

Load balancers and ``docker compose`` poll it, so it needs no login, is never cached and
answers within a few seconds even when the broker's host does not answer: 200 when the desk can
work, 503 otherwise, with the state of each part as JSON.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

BROKER_TIMEOUT_SECONDS = 2


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


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database_state()
    broker = _broker_state()
    usable = database == "ok" and broker in ("ok", "eager")
    return JsonResponse(
        {"status": "ok" if usable else "error", "database": database, "broker": broker},
        status=200 if usable else 503,
    )
