"""Survey invitations (3.5.1): the one e-mail a client may get after a closed feedback item
or a contact, and the signed links in it. The only writer of ``SurveyInvitation``.

It sits below both ``complaints.register.services`` (``feedback_close`` offers the survey) and
``complaints.voice.services.surveys`` (answers that become feedback items call
``feedback_register``), so neither has to import the other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from complaints.models import Channel, FeedbackItem, SurveyInvitation, SurveyOptOut
from servicedesk import sealed_links
from servicedesk.services.notifications import notify_address

SURVEY_SALT = "complaints.survey"
#: How long the links of a survey e-mail work.
SURVEY_LINK_MAX_AGE = 60 * 60 * 24 * 60
RATINGS = range(1, 6)


def survey_token(invitation: SurveyInvitation) -> str:
    return signing.dumps(invitation.pk, salt=SURVEY_SALT)


def invitation_for_token(token: str) -> SurveyInvitation | None:
    """The invitation a signed link names, or None (tampered or older than 60 days)."""
    try:
        pk = signing.loads(token, salt=SURVEY_SALT, max_age=SURVEY_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return SurveyInvitation.objects.filter(pk=pk).select_related("response").first()


def is_opted_out(email: str) -> bool:
    return SurveyOptOut.objects.filter(email=email.strip().lower()).exists()


def _send_invitation(invitation: SurveyInvitation, *, about: str) -> None:
    """The survey e-mail. Its one-click links work for whoever holds them, so the stored body
    holds them sealed; the outbox makes them (``survey_token`` again, from the invitation)
    only when it sends the e-mail (complaints.scope)."""
    links = [(n, sealed_links.seal("survey_rate", str(n))) for n in RATINGS]
    notify_address(
        email=invitation.email,
        language=invitation.language,
        kind="survey_invitation",
        rule_clause="3.5.1",
        target=invitation,
        template="notifications/survey_invitation",
        context={
            "about": about,
            "links": links,
            "opt_out_link": sealed_links.seal("survey_opt_out"),
        },
        key=f"survey-invitation:{invitation.pk}",
    )


def _invite(
    about: Callable[[], str], *, email: str, language: str, **fields: Any
) -> SurveyInvitation | None:
    """Write the invitation and send its e-mail, saying what it is ``about`` in its
    language; None when another request got there first (never twice)."""
    try:
        with transaction.atomic():
            invitation = SurveyInvitation.objects.create(email=email, language=language, **fields)
    except IntegrityError:
        return None
    with translation.override(language):
        text = about()
    _send_invitation(invitation, about=text)
    return invitation


def survey_offer_for_item(*, item: FeedbackItem) -> SurveyInvitation | None:
    """On closing a feedback item (3.5.1): one survey e-mail to the client, unless the item
    is anonymous, has no e-mail address, came from a survey itself, the address opted out,
    or an invitation was already sent for it. Runs inside ``feedback_close``'s transaction."""
    email = item.client_email.strip().lower()
    if not email or item.is_anonymous or item.channel == Channel.SURVEY or is_opted_out(email):
        return None
    if SurveyInvitation.objects.filter(item=item).exists():
        return None
    language = getattr(getattr(item, "public_submission", None), "language", "") or "lv"
    return _invite(
        lambda: _("your submission %(number)s") % {"number": item.register_number},
        source=SurveyInvitation.Source.FEEDBACK_ITEM,
        item=item,
        email=email,
        language=language,
    )


@transaction.atomic
def survey_offer_for_contact(
    *, contact_id: int, email: str, language: str = "lv"
) -> SurveyInvitation | None:
    """After a contact (3.5.1; the contact page's button posts to the complaints view
    ``survey_offer_contact``, the cases app never calls here): one survey e-mail, never twice
    for the same contact, never to an address that opted out. Returns the invitation, or None
    when none was sent."""
    email = email.strip().lower()
    if not email or is_opted_out(email):
        return None
    if SurveyInvitation.objects.filter(contact_id=contact_id).exists():
        return None
    language = language if language in {"lv", "en"} else "lv"
    return _invite(
        lambda: _("your recent contact with us"),
        source=SurveyInvitation.Source.CONTACT,
        contact_id=contact_id,
        email=email,
        language=language,
    )
