"""Facts about the request that several apps need, decided in one place."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str | None:
    """The address a request came from: ``REMOTE_ADDR``, or behind a trusted proxy
    (``TRUST_X_FORWARDED_FOR``) the last hop of ``X-Forwarded-For``, the one the proxy
    itself added. Earlier hops are whatever the client wrote, so they are never trusted: the
    audit trail and the public form's rate limit must not take a forged address."""
    if request is None:
        return None
    address = str(request.META.get("REMOTE_ADDR", ""))
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[-1].strip()
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address
