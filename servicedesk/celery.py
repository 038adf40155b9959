"""The Celery application. Tasks live in each app's ``tasks.py`` and take ids, never objects.

Tasks import services, never the other way round: a service that queues a task names it by
its registered name through :func:`enqueue` (the name is the contract anyway — beat schedules
and messages already in the queue use it)."""

import os
import threading
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")

app = Celery("servicedesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
_importing = threading.Lock()


def enqueue(
    task_name: str, *args: Any, countdown: float | None = None, priority: int | None = None
) -> None:
    """Queue the task registered as ``task_name`` with ``args``, to run ``countdown`` seconds
    from now if given (in the embedded mode, ``CELERY_TASK_ALWAYS_EAGER``, it runs at once). A
    web process has not imported the apps' ``tasks.py`` modules; the first call imports them
    the way a worker does at start. ``priority``: on Redis, 0 is taken first (a waiting 0 before
    any waiting 6; the broker's ``priority_steps``).
    Broker errors reach the caller, which decides what a failed publish means."""
    with _importing:  # threads of one web process: the first imports, the others wait
        if task_name not in app.tasks:
            app.loader.import_default_modules()
    task = app.tasks[task_name]
    options: dict[str, Any] = {"countdown": countdown, "priority": priority}
    task.apply_async(args, **{k: v for k, v in options.items() if v is not None})
