"""``python manage.py demo_logins``: the table of demo logins ``make run`` prints."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from servicedesk.management.commands.demo_data import DEMO_PASSWORD, DEMO_USERS
from servicedesk.roles import ROLE_LABELS


class Command(BaseCommand):
    help = "Print the demo users, their password and role (after `manage.py demo_data`)."

    def handle(self, *args: Any, **options: Any) -> None:
        existing = set(
            get_user_model()
            .objects.filter(username__in=[d.username for d in DEMO_USERS], is_active=True)
            .values_list("username", flat=True)
        )
        if not existing:
            self.stdout.write("No demo users yet: run `python manage.py demo_data` first.")
            return
        rows = [
            (
                d.username,
                f"{d.first_name} {d.last_name}",
                ", ".join(str(ROLE_LABELS[role]) for role in (d.role, *d.also)),
                d.what_to_try,
            )
            for d in DEMO_USERS
            if d.username in existing
        ]
        header = ("login", "name", "role", "try")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
        line = "  ".join("-" * w for w in widths) + "  " + "-" * len(header[3])
        self.stdout.write(f"Demo logins, password for all: {DEMO_PASSWORD}")
        self.stdout.write(
            "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)) + "  try"
        )
        self.stdout.write(line)
        for row in rows:
            self.stdout.write(
                "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[3]
            )
        self.stdout.write("Public pages without login: /public/  Administration: /admin/ (admin)")
