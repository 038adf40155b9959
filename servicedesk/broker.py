"""The Redis transport of the Celery broker, made to ride out a broker outage.

Celery 5.7 with kombu 5.7, on a lost broker connection, first collects the worker's
connection (which detaches its transport: ``transport.client = None``) and then closes it. The
close gives the unacknowledged messages back (``restore_unacked``), and with tasks in flight
(``CELERY_TASK_ACKS_LATE``, the prefetched ones) there always are some: the channel asks the
detached transport for its host, and the worker dies with ``Unrecoverable error:
AttributeError("'NoneType' object has no attribute 'hostname'")`` instead of reconnecting. A
task that finishes after the reconnect acknowledges on the same old channel and meets the same
error.

Here a channel whose transport is detached answers with a connection error instead, which the
worker expects on a closed connection: it logs it and reconnects. The messages it could not
give back stay in Redis's unacknowledged set and return to the queue after the visibility
timeout; the notification outbox does not wait for them (its sweeper re-queues the rows, and
a row already sent is not sent again). ``CELERY_BROKER_TRANSPORT`` names this class when the
broker is Redis (servicedesk/settings.py); tests/integration/test_redis_outage.py stops Redis
under a working worker."""

from __future__ import annotations

from typing import Any

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous: bool = False) -> dict[str, Any]:
        if self.connection is None or self.connection.client is None:
            raise RedisConnectionError("the broker connection is closed")
        params: dict[str, Any] = super()._connparams(asynchronous=asynchronous)  # type: ignore[misc]
        return params


class Transport(kombu_redis.Transport):
    Channel = Channel
