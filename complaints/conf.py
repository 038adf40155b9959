"""The complaints app's settings, with their defaults (docs/complaints.md, "Configuration").

They are Django settings, not environment variables: ``servicedesk/settings.py`` sets none of
them today, so the defaults below apply; a deployment that needs another value adds the setting
there under the same name (reading it from the environment, like the other settings)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_REGISTER_NUMBER_PATTERN = "AADSO/{year}/{series}-{seq}"
#: The register series of the items about the head, whichever authority reviews them.
ABOUT_HEAD_SERIES = "about_head"
#: Each review authority keeps its own register series (docs/complaints.md, "Register
#: numbers"): V — valdes loceklis (the head), D — izpilddirektors, E — Ētikas komisija; and
#: P — par vadītāju, the items about the head (the head is told of every other item, 4.11, so
#: a gap in the D or E series would tell the head that an item about the head exists).
DEFAULT_REGISTER_SERIES = {
    "head": "V",
    "executive_director": "D",
    "ethics_commission": "E",
    ABOUT_HEAD_SERIES: "P",
}
DEFAULT_ATTACHMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "docx", "odt", "txt")
DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_REMINDER_WORKING_DAYS = 2


def register_number_pattern() -> str:
    """``str.format`` pattern with ``{year}``, ``{series}`` and ``{seq}`` (``{seq:04d}``
    pads). A pattern written before the series existed (no ``{series}``) gets the series in
    front of the number: ``S-{seq}`` reads ``S-{series}{seq}``, so numbers of different
    series never collide."""
    pattern = str(
        getattr(settings, "COMPLAINTS_REGISTER_NUMBER_PATTERN", DEFAULT_REGISTER_NUMBER_PATTERN)
    )
    if "{series" not in pattern:
        pattern = re.sub(r"\{seq\b", "{series}{seq", pattern, count=1)
    return pattern


def register_series() -> dict[str, str]:
    """Review authority kind (or ``ABOUT_HEAD_SERIES``) → the prefix of its register series
    (``COMPLAINTS_REGISTER_SERIES`` overrides some or all of the defaults). The prefixes must
    differ: two series with one prefix would give two items the same number."""
    series = {
        **DEFAULT_REGISTER_SERIES,
        **dict(getattr(settings, "COMPLAINTS_REGISTER_SERIES", {})),
    }
    if len(set(series.values())) != len(series):
        raise ImproperlyConfigured("COMPLAINTS_REGISTER_SERIES: each prefix must be different.")
    return series


def register_number(*, year: int, series: str, seq: int) -> str:
    """The register number of the ``seq``-th item of ``series`` (an authority kind) in
    ``year``."""
    prefix = register_series().get(series, series[:1].upper())
    return register_number_pattern().format(year=year, series=prefix, seq=seq)


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


DEFAULT_HEAD_NOTICE_SKIPS_ITEMS_ABOUT_HEAD = True


def head_notice_skips_items_about_head() -> bool:
    """4.11 has the head of institution informed at once of every item; 2.1.4.4 lets nobody
    know of a complaint about themselves. ``COMPLAINTS_HEAD_NOTICE_SKIPS_ITEMS_ABOUT_HEAD``
    (default True) says which wins for an item about the head: True, the head is not told of
    it at all; False, the head is told only that an item was registered, its number and the
    authority it went to (docs/notifications.md, "The head is told of every item"). No other
    item ever skips the head."""
    return bool(
        getattr(
            settings,
            "COMPLAINTS_HEAD_NOTICE_SKIPS_ITEMS_ABOUT_HEAD",
            DEFAULT_HEAD_NOTICE_SKIPS_ITEMS_ABOUT_HEAD,
        )
    )
