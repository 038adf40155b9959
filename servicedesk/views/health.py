"""``GET /healthz``: is the database usable, is the broker reachable (issue 2, item 6)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not usable"
        return "error"
    return "ok"


def _broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"  # embedded mode: tasks run in the web process after commit
    from servicedesk.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001
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
