"""What the apps above ``cases`` lend the e-mail intake (ARCHITECTURE.md: a higher app is
reached through a registry): the public form's attachment checks, which live with the
complaints (``complaints.attachments.check_attachment``), provided at start-up, so that an
e-mail's files pass exactly the checks a form's files do; and the register numbers of the
cases those apps keep, so that a reply naming one in its subject joins its thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

AttachmentCheck = Callable[[Any], Any]

_checks: list[AttachmentCheck] = []


def provide_attachment_check(check: AttachmentCheck) -> None:
    """``check(upload)`` returns the accepted file or raises ``ValidationError``."""
    _checks[:] = [check]


def attachment_check() -> AttachmentCheck:
    if not _checks:
        raise ImproperlyConfigured("No attachment check provided (complaints app not loaded).")
    return _checks[0]


@dataclass(frozen=True)
class Reference:
    """A case a higher app found named in an e-mail's subject: its number as written, and
    the confidentiality scope (``servicedesk.scopes``) the e-mail then carries."""

    number: str
    scope_type: str
    scope_id: int


ReferenceFinder = Callable[[str], Reference | None]
_finders: list[ReferenceFinder] = []


def provide_reference_finder(finder: ReferenceFinder) -> None:
    """``finder(subject)`` returns the case the subject names, or None."""
    if finder not in _finders:
        _finders.append(finder)


def find_reference(subject: str) -> Reference | None:
    for finder in _finders:
        found = finder(subject)
        if found is not None:
            return found
    return None
