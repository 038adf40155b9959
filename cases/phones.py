"""Phone numbers as Latvians write them, stored E.164 (``phonenumbers``).

"26 123 456", "+371 26123456", "0037126123456" all become ``+37126123456``. A number is
foreign when its country code is not 371 (RULES.md, "Law around the rules"): rule 4.3.1 then
asks for an e-mail instead of a phone callback. Roaming cannot be seen in a number, so the forms
ask "client abroad / roaming" separately.
"""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LATVIA_CODE = 371
DEFAULT_REGION = "LV"


def normalize_phone(raw: str) -> str:
    """The E.164 form of ``raw`` read as a Latvian would write it; ValidationError if invalid."""
    text = (raw or "").strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="invalid_phone", params={"value": raw}
        ) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number."),
            code="invalid_phone",
            params={"value": raw},
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def try_normalize_phone(raw: str) -> str | None:
    """Like :func:`normalize_phone` but ``None`` instead of an error (for searches)."""
    try:
        return normalize_phone(raw)
    except ValidationError:
        return None


def is_foreign(e164: str) -> bool:
    """True when the number's country code is not Latvia's (+371)."""
    try:
        return phonenumbers.parse(e164, None).country_code != LATVIA_CODE
    except phonenumbers.NumberParseException:
        return True


def phone_callback_allowed(e164: str, *, client_abroad: bool) -> bool:
    """4.3.1 / 4.13: a phone callback only to a Latvian number and a client not abroad."""
    return not client_abroad and not is_foreign(e164)


def display_phone(e164: str) -> str:
    """International format for screens and slips: +371 26 123 456."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")
