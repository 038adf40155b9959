"""``python manage.py fetch_mail [--once]``: read the institution's mailboxes
(``INBOUND_MAIL_URL``) and file what came (docs/mail.md). Without ``--once`` it reads them
again every ``--interval`` seconds until stopped; the Celery beat task does the same each
minute, and both may run at once: a message is filed once whoever reads it."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.mail.imap import configured_mailboxes, fetch_all


class Command(BaseCommand):
    help = "Read the institution's mailboxes over IMAP and file each new e-mail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Read once and stop.")
        parser.add_argument(
            "--interval", type=float, default=60.0, help="Seconds between reads (default 60)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not configured_mailboxes():
            raise CommandError("No mailbox: set INBOUND_MAIL_URL (docs/mail.md).")
        while True:
            tally = fetch_all()
            self.stdout.write(
                f"read {tally.read}: filed {tally.filed}, already kept {tally.already}, "
                f"failed {tally.failed}"
            )
            if options["once"]:
                return
            time.sleep(options["interval"])
