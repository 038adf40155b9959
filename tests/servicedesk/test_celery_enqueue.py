"""``servicedesk.celery.enqueue`` in a web process with threads: the first call imports the
apps' task modules; a second thread arriving meanwhile waits for that, rather than finding the
task not registered and leaving its notification to the sweeper."""

from __future__ import annotations

import threading
import time
from typing import Any

from servicedesk import celery

NAME = "tests.slowly_imported_task"


class Task:
    def __init__(self) -> None:
        self.queued: list[Any] = []

    def apply_async(self, args: Any, **options: Any) -> None:
        self.queued.append(args[0])


def test_threads_queueing_while_the_tasks_are_imported_all_find_the_task(monkeypatch):
    task = Task()
    missing: list[BaseException] = []

    begun = threading.Event()

    def import_default_modules() -> None:
        # As Celery's loader: the modules are imported once; a second call while the first is
        # still importing returns at once, before the task is registered.
        if begun.is_set():
            return
        begun.set()
        time.sleep(0.2)
        celery.app.tasks.setdefault(NAME, task)

    monkeypatch.setattr(celery.app.loader, "import_default_modules", import_default_modules)

    def queue(n: int) -> None:
        try:
            celery.enqueue(NAME, n)
        except Exception as exc:  # NotRegistered, without the lock
            missing.append(exc)

    threads = [threading.Thread(target=queue, args=(n,)) for n in range(5)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        celery.app.tasks.pop(NAME, None)

    assert missing == []
    assert sorted(task.queued) == [0, 1, 2, 3, 4]
