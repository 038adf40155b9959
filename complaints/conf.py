"""The complaints app's settings, with their defaults (docs/complaints.md, "Configuration").

Each may be set in ``servicedesk/settings.py`` (from the environment) under the same name."""

from __future__ import annotations

from django.conf import settings

DEFAULT_REGISTER_NUMBER_PATTERN = "AADSO/{year}/S-{seq}"
DEFAULT_ATTACHMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "docx", "odt", "txt")
DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_REMINDER_WORKING_DAYS = 2


def register_number_pattern() -> str:
    """``str.format`` pattern with ``{year}`` and ``{seq}`` (``{seq:04d}`` pads)."""
    return str(
        getattr(settings, "COMPLAINTS_REGISTER_NUMBER_PATTERN", DEFAULT_REGISTER_NUMBER_PATTERN)
    )


def attachment_extensions() -> frozenset[str]:
    return frozenset(
        e.lower().lstrip(".")
        for e in getattr(
            settings, "COMPLAINTS_ATTACHMENT_EXTENSIONS", DEFAULT_ATTACHMENT_EXTENSIONS
        )
    )


def attachment_max_bytes() -> int:
    return int(getattr(settings, "COMPLAINTS_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))


def reminder_working_days() -> int:
    """How many working days before the reply date the reviewer is reminded."""
    return int(getattr(settings, "COMPLAINTS_REMINDER_WORKING_DAYS", DEFAULT_REMINDER_WORKING_DAYS))
