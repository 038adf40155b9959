"""What the service modules share: settings, the 4.3.1 refusal, outcome writing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Channel,
    Contact,
    ContactOutcome,
)

CALLBACK_REFUSED_MESSAGE = _(
    "4.3.1: the number is foreign or the client is abroad (roaming), so we do not call back. "
    "Ask for an e-mail address and answer by e-mail."
)


# Overridable in settings; defaults suit a front desk.
CALLBACK_DEFAULT_HOURS: int = getattr(settings, "CALLBACK_DEFAULT_HOURS", 24)
CALLBACK_REMIND_BEFORE_MINUTES: int = getattr(settings, "CALLBACK_REMIND_BEFORE_MINUTES", 30)
CONSULTATION_REMIND_MINUTES: int = getattr(settings, "CONSULTATION_REMIND_MINUTES", 60)
SUBMISSION_REMIND_WORKING_DAYS: int = getattr(settings, "SUBMISSION_REMIND_WORKING_DAYS", 2)
# The register number pattern, e.g. "AADSO/2026/123".
SUBMISSION_NUMBER_PATTERN: str = getattr(
    settings, "SUBMISSION_NUMBER_PATTERN", "AADSO/{year}/{seq}"
)
# Where foreign-language e-mails go under the document circulation rules (4.6); the
# institution's e-mail when empty.
RECORDS_EMAIL: str = getattr(settings, "RECORDS_EMAIL", "")
WRITTEN_CHANNELS = frozenset(
    {Channel.LETTER, Channel.E_ADDRESS, Channel.EMAIL_IN, Channel.WEB_FORM}
)


class CallbackRefused(ValidationError):
    """4.3.1 / 4.13: no phone callback to a foreign network or an international number."""

    def __init__(self) -> None:
        super().__init__(CALLBACK_REFUSED_MESSAGE, code="callback_refused")


@dataclass(frozen=True)
class CallbackRequest:
    phone_number: str
    question: str
    due_at: datetime
    owner: Any
    client_abroad: bool = False


def _add_outcomes(contact: Contact, codes: Iterable[str]) -> None:
    existing = set(contact.outcomes.values_list("code", flat=True))
    new = [c for c in dict.fromkeys(codes) if c not in existing]
    ContactOutcome.objects.bulk_create([ContactOutcome(contact=contact, code=c) for c in new])
