"""The worker's heartbeat: a Celery worker says it is alive in the database
(``WorkerHeartbeat``, ``servicedesk.services.outbox_watch.heartbeat_record``), not in Redis, so
that ``/readyz/outbox`` tells a dead worker apart from a dead broker. A thread of the worker's
main process, started when the worker is ready, so that a long task does not silence it; it
stops with the worker. Connected by ``servicedesk.tasks``, which every worker imports."""

from __future__ import annotations

import logging
import socket
import threading
from typing import Any

from celery.signals import worker_ready, worker_shutdown
from django.db import connection

from servicedesk.services.outbox_watch import HEARTBEAT_SECONDS, WORKER_PREFIX, heartbeat_record

logger = logging.getLogger(__name__)

_stop = threading.Event()


def _beat_until_stopped(name: str) -> None:
    while not _stop.is_set():
        try:
            heartbeat_record(name=name)
        except Exception:  # the database is down: say nothing, try again next time
            logger.warning("Could not write the worker heartbeat.", exc_info=True)
            connection.close()
        _stop.wait(HEARTBEAT_SECONDS)
    connection.close()


@worker_ready.connect
def start_heartbeat(sender: Any = None, **kwargs: Any) -> None:
    hostname = getattr(sender, "hostname", None) or socket.gethostname()
    _stop.clear()
    threading.Thread(
        target=_beat_until_stopped,
        args=(f"{WORKER_PREFIX}{hostname}",),
        name="servicedesk-heartbeat",
        daemon=True,
    ).start()


@worker_shutdown.connect
def stop_heartbeat(**kwargs: Any) -> None:
    _stop.set()
