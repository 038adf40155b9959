"""``manage.py retention [--dry-run]``: anonymise personal data past its retention period
(the nightly beat task does the same); ``--dry-run`` only says what it would do."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from servicedesk.services.retention import retention_apply


class Command(BaseCommand):
    help = "Anonymise personal data whose retention period has passed (2.1.6.1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be anonymised; change nothing.",
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        run = retention_apply(dry_run=dry_run)
        verb = "would anonymise" if dry_run else "anonymised"
        for kind, count in sorted(run.report.items()):
            self.stdout.write(f"{kind}: {verb} {count}")
        if not any(run.report.values()):
            self.stdout.write("Nothing has passed its retention period.")
