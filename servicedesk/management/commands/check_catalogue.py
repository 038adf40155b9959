"""Fail when the Latvian catalogue has an untranslated or fuzzy entry: Latvian is the
first language of every screen, so the catalogue must be complete."""

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Exit non-zero when locale/lv has untranslated or fuzzy entries."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--language", default="lv")

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[str] = []
        found = False
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in Path(locale_dir).glob(f"{options['language']}/LC_MESSAGES/*.po"):
                found = True
                po = polib.pofile(str(po_path))
                for entry in po.untranslated_entries():
                    problems.append(f"{po_path}: untranslated: {entry.msgid!r}")
                for entry in po.fuzzy_entries():
                    problems.append(f"{po_path}: fuzzy: {entry.msgid!r}")
        if not found:
            raise CommandError(f"no catalogue for {options['language']}")
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"{len(problems)} catalogue entries need a translation")
        self.stdout.write("catalogue complete")
