"""The public channel (clauses 3.1, 3.4, 4.11): a client submits a
complaint, suggestion, claim, feedback or question without logging in, and follows it with a
private tracking link.

The item is registered by ``complaints.register.services.registration.feedback_register``
with ``actor=None`` (the client), so routing (7.1–7.3), visibility (2.1.4.4) and the 4.11
notification are exactly those of any other item. This module adds what only the public form
has: the preferred reply channel, the question flag, the GDPR acceptance and the tracking
token; and the per-address rate limit."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from complaints.models import Channel, FeedbackItem, Kind, PublicSubmission, SurveyOptOut
from complaints.register.services import registration
from servicedesk import ratelimit, sealed_links
from servicedesk.http import client_address as request_address

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


#: Salt of the tracking token's HMAC (with SECRET_KEY).
TRACKING_SALT = "complaints.tracking"
#: What the acknowledgement e-mail's body holds instead of the tracking link: the link is put
#: in only when the e-mail is sent (``tracking_link_for``), never stored readable.
TRACKING_LINK = sealed_links.seal("tracking")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tracking_path(token: str) -> str:
    return reverse("public_feedback:track", args=[token])


def tracking_token(*, item_id: int, nonce: str) -> str:
    """The tracking token of a submission: an HMAC of the item's id and the submission's
    random nonce under ``SECRET_KEY``. The database holds the nonce and the token's SHA-256,
    never the token: the delivery worker can make the link again (the e-mail is sent after
    the commit, or again after a failure), a copy of the database cannot. The item's id, not
    the submission's: it is known before the submission row is written, so the hash is
    written once."""
    digest = salted_hmac(TRACKING_SALT, f"{item_id}:{nonce}", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def tracking_link_for(item: FeedbackItem) -> str | None:
    """The client's tracking link, made again for the acknowledgement e-mail at send time
    (the ``tracking`` sealed link); None for a submission from before tokens were derived
    (its link went out with its e-mail), or when SECRET_KEY has changed since: the link made
    now would not open the page, so none is sent."""
    submission = PublicSubmission.objects.filter(item_id=item.pk).first()
    if submission is None or not submission.tracking_nonce:
        return None
    token = tracking_token(item_id=item.pk, nonce=submission.tracking_nonce)
    if not constant_time_compare(hash_token(token), submission.tracking_token_hash):
        return None
    return f"{settings.SITE_URL}{tracking_path(token)}"


@dataclass(frozen=True)
class Receipt:
    item: FeedbackItem
    token: str


@transaction.atomic
def public_submission_register(
    *,
    data: registration.FeedbackInput,
    reply_channel: str = "",
    language: str = "lv",
    no_surveys: bool = False,
) -> Receipt:
    """Register what a client sent through the public form (3.1, 4.11): ``data`` as the
    form gave it (its kind may be ``QUESTION``; the channel is the web form's whatever it
    says), with what only the public form asks.

    1. A question becomes kind "feedback" with the question flag.
    2. ``feedback_register(actor=None, channel=web form)`` checks, routes, numbers, stores
       the attachments (private storage), notifies the reviewing authority at once (4.11)
       and e-mails the client the acknowledgement, here with the tracking link (sealed:
       the stored body holds ``TRACKING_LINK``, the e-mail sent holds the link).
    3. The tracking token (``tracking_token``: an HMAC of the item's id and a random nonce)
       is kept only as its SHA-256, with the nonce; the caller shows the token once, on the
       receipt page.
    4. "No surveys" puts the address on the opt-out list (3.5.1).
    """
    is_question = data.kind == QUESTION
    nonce = secrets.token_urlsafe(32)
    item = registration.feedback_register(
        actor=None,
        data=replace(
            data,
            kind=Kind.FEEDBACK if is_question else data.kind,
            channel=Channel.WEB_FORM,
            tracking_link=TRACKING_LINK,
        ),
    )
    token = tracking_token(item_id=item.pk, nonce=nonce)
    PublicSubmission.objects.create(
        item=item,
        is_question=is_question,
        reply_channel="" if data.is_anonymous else reply_channel,
        language=language[:5],
        privacy_accepted_at=timezone.now(),
        tracking_token_hash=hash_token(token),
        tracking_nonce=nonce,
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


# --- Rate limit ----------------------------------------------------------------------------


def rate_limit_hit(request: HttpRequest, *, scope: str = "public-form") -> bool:
    """Count this request against its client's budget; True when it is over the limit.

    The client is ``servicedesk.http.client_address``: behind the proxy each citizen's own
    address (from a trusted proxy's X-Forwarded-For), so one sender of junk does not close
    the form for everyone, and a forged header from elsewhere buys no fresh budget."""
    return ratelimit.rate_limit_hit(
        scope=scope,
        subject=request_address(request) or "unknown",
        limit=rate_limit(),
        window=rate_window(),
    )
