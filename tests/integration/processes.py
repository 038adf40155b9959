"""The real services the integration tests and ``bench/notify_latency.py`` start for themselves:
a private ``redis-server`` on a free loopback port, an SMTP server on loopback (aiosmtpd) that
records what it accepted and can refuse or stall, and a Celery worker process.

Every process is started in its own process group and stopped by that group, so nothing is
left behind and nothing else on the machine is disturbed."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").is_dir() else sys.executable


def free_port() -> int:
    """A TCP port nobody listens on at the moment (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(
    predicate: Callable[[], Any],
    *,
    timeout: float,
    message: str | Callable[[], str],
    interval: float = 0.1,
    every: Callable[[], None] | None = None,
    every_seconds: float = 0.5,
) -> Any:
    """Poll ``predicate`` until it returns something truthy; fail with ``message`` after
    ``timeout`` seconds. ``every`` (e.g. a sweep) runs every ``every_seconds`` meanwhile."""
    deadline = time.monotonic() + timeout
    next_every = time.monotonic()
    while True:
        if every is not None and time.monotonic() >= next_every:
            every()
            next_every = time.monotonic() + every_seconds
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            text = message() if callable(message) else message
            raise AssertionError(f"Gave up after {timeout:.0f} s: {text}")
        time.sleep(interval)


def _stop_group(process: subprocess.Popen[bytes], *, sig: int = signal.SIGTERM) -> None:
    """Signal the process's whole group, wait a little, then SIGKILL what is left."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# --- Redis ------------------------------------------------------------------------------------


class RedisServer:
    """``redis-server`` without persistence on its own port: stopping it disturbs nothing else.
    ``stop()`` and ``start()`` again keep the port, as a restarted broker would."""

    def __init__(self, port: int | None = None) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise RuntimeError("redis-server is not installed")
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.binary is not None
        self.process = subprocess.Popen(  # noqa: S603 (a fixed binary, our own arguments)
            [
                self.binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(self.ping, timeout=10, message=f"redis-server did not answer on {self.port}")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            _stop_group(self.process)
            self.process = None


# --- SMTP -------------------------------------------------------------------------------------


@dataclass
class Accepted:
    """A message the SMTP server accepted (answered 250 to its DATA)."""

    message_id: str
    to: list[str]
    subject: str
    at: float  # time.monotonic() when the 250 was given


@dataclass
class RecordingHandler:
    """An aiosmtpd handler. It records a message only at the moment it answers 250: if the
    client goes away while the answer is delayed, aiosmtpd cancels the handler and the message
    does not count (the client never learnt it was accepted, so it was not delivered).

    ``refusal`` (e.g. ``"451 4.3.0 Try again later"``) refuses every DATA; ``delay`` stalls each
    DATA that many seconds before answering."""

    refusal: str = ""
    delay: float = 0.0
    accepted: list[Accepted] = field(default_factory=list)
    refused: list[tuple[str, float]] = field(default_factory=list)  # (Message-ID, when)
    aborted: list[str] = field(default_factory=list)  # client left while we stalled
    data_started: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.original_content or b"", policy=default_policy)
        message_id = str(message.get("Message-ID", "")).strip()
        self.data_started.set()
        delay = self.delay
        if delay:
            try:
                await asyncio.sleep(delay)
            except asyncio.CancelledError:
                with self.lock:
                    self.aborted.append(message_id)
                raise
        refusal = self.refusal
        with self.lock:
            if refusal:
                self.refused.append((message_id, time.monotonic()))
                return refusal
            self.accepted.append(
                Accepted(
                    message_id=message_id,
                    to=list(envelope.rcpt_tos),
                    subject=str(message.get("Subject", "")),
                    at=time.monotonic(),
                )
            )
        return "250 2.0.0 Message accepted for delivery"

    def accepted_ids(self) -> Counter[str]:
        with self.lock:
            return Counter(a.message_id for a in self.accepted)

    def accepted_for(self, message_id: str) -> list[Accepted]:
        with self.lock:
            return [a for a in self.accepted if a.message_id == message_id]


class SmtpServer:
    """aiosmtpd on 127.0.0.1 (a thread of this process), with a :class:`RecordingHandler`."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.controller.stop()


# --- Celery worker ----------------------------------------------------------------------------


def database_url(settings_dict: Mapping[str, Any]) -> str:
    """The ``DATABASE_URL`` of a Django PostgreSQL connection (e.g. the test database)."""
    user = quote(str(settings_dict.get("USER") or ""), safe="")
    password = quote(str(settings_dict.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


class CeleryWorker:
    """``celery -A servicedesk worker --pool=solo`` in its own process group, logging to a file.

    ``kill()`` is SIGKILL (a worker that dies mid-task); ``stop()`` a normal shutdown."""

    def __init__(
        self,
        *,
        env: Mapping[str, str],
        log_path: Path,
        pool: str = "solo",
        concurrency: int = 1,
    ) -> None:
        self.env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
        self.env.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")
        self.log_path = log_path
        self.pool = pool
        self.concurrency = concurrency
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self, *, timeout: float = 60) -> None:
        self.starts += 1
        log = self.log_path.open("ab")
        log.write(f"\n===== worker start {self.starts} =====\n".encode())
        log.flush()
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "servicedesk",
                "worker",
                f"--pool={self.pool}",
                f"--concurrency={self.concurrency}",
                "-l",
                "info",
                "-n",
                f"itest-{uuid.uuid4().hex[:8]}@%h",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        marker = f"===== worker start {self.starts} ====="

        def ready() -> bool:
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"The Celery worker exited at start:\n{self.log_tail()}")
            text = self.log_path.read_text(errors="replace")
            return " ready." in text.rsplit(marker, 1)[-1]

        wait_until(
            ready,
            timeout=timeout,
            interval=0.2,
            message=lambda: f"The Celery worker did not become ready:\n{self.log_tail()}",
        )

    def kill(self) -> None:
        if self.process is not None:
            _stop_group(self.process, sig=signal.SIGKILL)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            _stop_group(self.process, sig=signal.SIGTERM)
            self.process = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no worker log)"


class SmtpSinkProcess:
    """The same recording SMTP server in a process of its own, for the benchmark: a server
    sharing the interpreter with busy client threads would wait for the GIL on every SMTP
    command. Each accepted message is appended to ``log_path`` as ``<monotonic> <Message-ID>``
    (``time.monotonic()`` is one clock for every process of a Linux machine)."""

    def __init__(self, log_path: Path) -> None:
        self.port = free_port()
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.log_path.write_text("")
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [PYTHON, "-m", "tests.integration.processes", str(self.port), str(self.log_path)],
            cwd=ROOT,
            start_new_session=True,
        )

        def listening() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                return False

        wait_until(listening, timeout=15, message="the SMTP sink did not start")

    def accepted(self) -> dict[str, list[float]]:
        """Message-ID → the times it was accepted."""
        result: dict[str, list[float]] = {}
        for row in self.log_path.read_text().splitlines():
            at, _, message_id = row.partition(" ")
            result.setdefault(message_id, []).append(float(at))
        return result

    def stop(self) -> None:
        if self.process is not None:
            _stop_group(self.process)
            self.process = None


def _run_sink(port: int, log_path: str) -> None:
    """``python -m tests.integration.processes <port> <log>``: the sink of SmtpSinkProcess."""

    class LoggingHandler(RecordingHandler):
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            answer = await super().handle_DATA(server, session, envelope)
            last = self.accepted[-1]
            with open(log_path, "a") as log:  # noqa: ASYNC230 (a local file, one short line)
                log.write(f"{last.at:.6f} {last.message_id}\n")
            return answer

    from aiosmtpd.controller import Controller

    controller = Controller(LoggingHandler(), hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    _run_sink(int(sys.argv[1]), sys.argv[2])
