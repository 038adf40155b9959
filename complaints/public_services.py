"""The public channel (issue 5, items 1–3; clauses 3.1, 3.4, 4.11): a client submits a
complaint, suggestion, claim, feedback or question without logging in, and follows it with a
private tracking link.

The item is registered by ``complaints.services.feedback_register`` with ``actor=None`` (the
client), so routing (7.1–7.3), visibility (2.1.4.4) and the 4.11 notification are exactly
those of any other item. This module adds what only the public form has: the preferred reply
channel, the question flag, the GDPR acceptance and the tracking token; and the per-address
rate limit."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from servicedesk.http import client_address as request_address
from servicedesk.models import Employee

from . import services
from .models import Channel, FeedbackItem, Kind, PublicSubmission, SurveyOptOut

#: The form's "question" is registered as feedback with ``PublicSubmission.is_question``: the
#: rules (4.11) know four kinds of item, and a question still reaches the head at once.
QUESTION = "question"

DEFAULT_RATE_LIMIT = 10  # submissions (POSTs) per address and window
DEFAULT_RATE_WINDOW = 60 * 60  # seconds
DEFAULT_TEXT_MAX_CHARS = 10_000
MAX_ATTACHMENTS = 5


def rate_limit() -> int:
    return int(getattr(settings, "COMPLAINTS_PUBLIC_RATE_LIMIT", DEFAULT_RATE_LIMIT))


def rate_window() -> int:
    return int(getattr(settings, "COMPLAINTS_PUBLIC_RATE_WINDOW", DEFAULT_RATE_WINDOW))


def text_max_chars() -> int:
    return int(getattr(settings, "COMPLAINTS_PUBLIC_TEXT_MAX_CHARS", DEFAULT_TEXT_MAX_CHARS))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tracking_path(token: str) -> str:
    return reverse("public_feedback:track", args=[token])


@dataclass(frozen=True)
class Receipt:
    item: FeedbackItem
    token: str


@transaction.atomic
def public_submission_register(
    *,
    kind: str,
    text: str,
    is_anonymous: bool,
    client_name: str = "",
    client_email: str = "",
    client_phone: str = "",
    client_address: str = "",
    reply_channel: str = "",
    subject_kind: str = "",
    subject_employee: Employee | None = None,
    subject_description: str = "",
    attachments: Sequence[UploadedFile] = (),
    language: str = "lv",
    no_surveys: bool = False,
) -> Receipt:
    """Register what a client sent through the public form (3.1, 4.11).

    1. A question becomes kind "feedback" with the question flag.
    2. ``feedback_register(actor=None, channel=web form)`` checks, routes, numbers, stores
       the attachments (private storage), notifies the reviewing authority at once (4.11)
       and e-mails the client the acknowledgement, here with the tracking link.
    3. The tracking token (``secrets.token_urlsafe(32)``) is kept only as its SHA-256; the
       caller shows the token once, on the receipt page.
    4. "No surveys" puts the address on the opt-out list (3.5.1).
    """
    is_question = kind == QUESTION
    token = secrets.token_urlsafe(32)
    item = services.feedback_register(
        actor=None,
        kind=Kind.FEEDBACK if is_question else kind,
        channel=Channel.WEB_FORM,
        text=text,
        is_anonymous=is_anonymous,
        client_name=client_name,
        client_email=client_email,
        client_phone=client_phone,
        client_address=client_address,
        subject_kind=subject_kind,
        subject_employee=subject_employee,
        subject_description=subject_description,
        attachments=attachments,
        tracking_link=f"{settings.SITE_URL}{tracking_path(token)}",
    )
    PublicSubmission.objects.create(
        item=item,
        is_question=is_question,
        reply_channel="" if is_anonymous else reply_channel,
        language=language[:5],
        privacy_accepted_at=timezone.now(),
        tracking_token_hash=hash_token(token),
    )
    if no_surveys and item.client_email:
        SurveyOptOut.objects.get_or_create(email=item.client_email.lower())
    return Receipt(item=item, token=token)


def submission_for_token(token: str) -> PublicSubmission | None:
    """The submission a tracking token opens, or None (the page then answers 404)."""
    if not token or len(token) > 100:
        return None
    return (
        PublicSubmission.objects.select_related("item", "item__authority")
        .filter(tracking_token_hash=hash_token(token))
        .first()
    )


# --- Rate limit (issue 5, item 2) -----------------------------------------------------------


def _rate_key(scope: str, address: str) -> str:
    return f"rate:{scope}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def rate_limit_hit(request: HttpRequest, *, scope: str = "public-form") -> bool:
    """Count this request against the address's budget; True when it is over the limit.

    A fixed window in the cache: the first request of a window creates the counter with the
    window as its lifetime (``cache.add``), the others increment it."""
    key = _rate_key(scope, request_address(request) or "unknown")
    if cache.add(key, 1, timeout=rate_window()):
        return False
    try:
        count: Any = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=rate_window())
        return False
    return int(count) > rate_limit()
