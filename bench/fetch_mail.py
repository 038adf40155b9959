"""How fast does the desk file incoming e-mail? Fetch and file ``--messages`` messages (each
with a PDF and a PNG attachment, from ``--senders`` different clients, a tenth of them
replies in a thread) from a real Dovecot IMAP server; print messages per second and the peak
memory. Target: at least 50 messages per second.

Starts its own Dovecot (``tests/cases/mail/dovecot.py``: a throw-away configuration on a
free loopback port), migrates a throw-away database (SQLite in a temporary folder, or
``--database-url`` for a PostgreSQL database that it creates and drops), APPENDs the messages,
then times ``cases.mail.imap.fetch_all`` until the folder is empty.

    .venv/bin/python bench/fetch_mail.py [--messages 1000] [--senders 100] [--trace-memory] \\
        [--database-url postgres://postgres@127.0.0.1:5432/bench_mail]

Results: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=100)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--trace-memory", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    work.chmod(0o755)
    os.environ["DJANGO_DEBUG"] = "true"
    os.environ["DJANGO_READ_DOT_ENV_FILE"] = "false"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["PRIVATE_MEDIA_ROOT"] = str(work / "private")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")
    pg = args.database_url.startswith("postgres")
    if pg:
        name = args.database_url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name])
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from cases.mail import imap
    from cases.models import InboundAttachment, InboundEmail
    from tests.cases.mail.dovecot import Dovecot
    from tests.cases.mail.messages import PDF, PNG, message

    call_command("migrate", verbosity=0)
    server = Dovecot(work / "dovecot")
    server.root.mkdir()
    server.start()
    try:
        folder = server.new_folder()
        settings.INBOUND_MAIL_URLS = [server.url(folder)]
        batch = []
        for n in range(args.messages):
            reply = n % 10 == 9
            batch.append(
                message(
                    sender=f"Klients {n % args.senders} <klients{n % args.senders}@example.lv>",
                    subject=f"{'Re: ' if reply else ''}Jautājums {n}",
                    text=f"Labdien! Jautājums nr. {n}.\n\nAr cieņu\n\n> citēts teksts\n" * 3,
                    message_id=f"<bench-{n}@example.lv>",
                    in_reply_to=f"<bench-{n - 1}@example.lv>" if reply else "",
                    attachments=(
                        ("akts.pdf", "application/pdf", PDF * 200),
                        ("foto.png", "image/png", PNG * 100),
                    ),
                )
            )
        server.append(folder, *batch)
        size = sum(len(b) for b in batch)
        del batch

        if args.trace_memory:  # exact Python allocations, at about half the speed
            tracemalloc.start()
        load_before = os.getloadavg()
        started, cpu_started = time.perf_counter(), time.process_time()
        read = 0
        while True:
            tally = imap.fetch_all()
            read += tally.read
            if tally.read == 0:
                break
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        filed = InboundEmail.objects.filter(status=InboundEmail.Status.FILED).count()
        files = InboundAttachment.objects.exclude(file="").count()
        print(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, database {'PostgreSQL' if pg else 'SQLite'}"
        )
        print(f"load average (1, 5, 15 min) before {load_before}, after {os.getloadavg()}")
        print(
            f"messages: {args.messages} ({size / 1e6:.1f} MB), read {read}, filed {filed}, "
            f"attachments kept {files}"
        )
        print(f"time: {elapsed:.1f} s  →  {read / elapsed:.1f} messages/s")
        # On a shared machine the wall clock counts the other jobs too; this process's own CPU
        # time is what the filing costs (SQLite: all of it; PostgreSQL: without the server's).
        print(f"CPU time of this process: {cpu:.1f} s  →  {read / cpu:.1f} messages per CPU-s")
        traced = f"peak Python allocations {peak / 1e6:.1f} MB; " if args.trace_memory else ""
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
        print(f"memory: {traced}peak RSS of the process {rss:.0f} MB")
    finally:
        server.stop()
        from django.db import connections

        connections.close_all()
        if pg:
            subprocess.run(
                [
                    "dropdb",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "--if-exists",
                    args.database_url.rsplit("/", 1)[1],
                ]
            )
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
