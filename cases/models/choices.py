"""The choices the cases models share: channels (3.1), languages and contact outcomes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a contact happened (3.1)."""

    VISIT = "visit", _("Visit")
    PHONE_IN = "phone_in", _("Phone, incoming")
    PHONE_OUT = "phone_out", _("Phone, outgoing")
    EMAIL_IN = "email_in", _("E-mail, incoming")
    EMAIL_OUT = "email_out", _("E-mail, outgoing")
    LETTER = "letter", _("Letter")
    E_ADDRESS = "e_address", _("Official e-address")
    WEB_FORM = "web_form", _("Web form")


PHONE_CHANNELS = frozenset({Channel.PHONE_IN, Channel.PHONE_OUT})
EMAIL_CHANNELS = frozenset({Channel.EMAIL_IN, Channel.EMAIL_OUT})


class ClientChannel(models.TextChoices):
    """The channels between a client and the institution (3.1, 3.5.1). A client may prefer any
    of them for replies but the last two, the desk's own ways of hearing a client; a feedback
    item may have come by any of them (``complaints.models.Channel`` is this list)."""

    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    E_ADDRESS = "e_address", _("Official e-address")
    WEB_FORM = "web_form", _("Web form")
    TRUST_LINE = "trust_line", _("Trust line")
    SURVEY = "survey", _("Satisfaction survey")


#: The channel the client finds most convenient (3.1); replies use it.
PREFERRED_CHANNELS = [
    (c.value, c.label)
    for c in ClientChannel
    if c not in (ClientChannel.TRUST_LINE, ClientChannel.SURVEY)
]


class Language(models.TextChoices):
    LATVIAN = "lv", _("Latvian")
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    OTHER = "other", _("Other language")


class Outcome(models.TextChoices):
    """What came of a contact; a contact may have several."""

    ANSWERED = "answered", _("Answered")
    REFERRED_SPECIALIST = "referred_specialist", _("Referred to a specialist (2.1.2.3)")
    REFERRED_INSTITUTION = "referred_institution", _("Referred to a competent institution (4.1.1)")
    CALLBACK = "callback", _("Callback arranged (4.3.1)")
    REPLY_BY_EMAIL = "reply_by_email", _("Answer by e-mail instead of a call (4.3.1, 4.13)")
    CONSULTED = "consulted", _("Consulted a contact person (4.3.2)")
    ADVISED_WRITTEN = "advised_written", _("Advised a written submission (2.1.2.2)")
    DRAFTED_SUBMISSION = "drafted_submission", _("Drafted a submission for the client (2.1.2.2)")
    OFFER_MADE = "offer_made", _("Offered a visit or a written submission (4.2)")
    FOREIGN_LANGUAGE = "foreign_language", _("Told to write: foreign language (4.5)")
    FORWARDED_TO_RECORDS = "forwarded_to_records", _("Forwarded to records (4.6)")
    SUBMISSION_REGISTERED = "submission_registered", _("Written submission registered")
    ARTICLE_SENT = "article_sent", _("Procedure sent to the client (2.1.2.1)")
    ENDED_AFTER_WARNING = "ended_after_warning", _("Call ended after a warning (4.12.2)")
    ABUSIVE_EMAIL_REFUSED = "abusive_email_refused", _("Abusive e-mail: refusal sent (4.12.3)")
    CONFLICT = "conflict", _("Conflict log opened (4.12.1)")
    ORDER_ISSUE = "order_issue", _("Order issue reported (4.10.1)")
    OUR_ERROR = "our_error", _("Our error (2.1.1.2)")
    VISIT_BOOKED = "visit_booked", _("Visit booked (4.2)")
    DOCUMENT_REVIEW_REFUSED = (
        "document_review_refused",
        _("Document review refused: not a cooperation partner (4.1.4)"),
    )
    DOCUMENT_REVIEW_PARTNER = (
        "document_review_partner",
        _("Document review for a cooperation partner (4.1.4)"),
    )
    NOTHING_DISCLOSED = "nothing_disclosed", _("Third party: nothing disclosed (2.1.6.2)")


class ClientChoice(models.TextChoices):
    """What the client chose when offered a visit or a written submission (4.2)."""

    VISIT = "visit", _("A visit")
    WRITTEN = "written", _("A written submission")
    PHONE = "phone", _("Continue by phone")
    DECLINED = "declined", _("Declined the offer")


class IdentityCheck(models.TextChoices):
    """How the caller's identity was checked before the client's account was discussed
    (2.1.6.2)."""

    PERSONAL_CODE = "personal_code", _("Personal code")
    CLIENT_NUMBER_ADDRESS = "number_address", _("Contract number and service address")
    ID_DOCUMENT = "id_document", _("In person, with an identity document")
    NOT_CHECKED = "not_checked", _("Not checked")


class CallerRole(models.TextChoices):
    """Who the caller is to the client (2.1.6.2)."""

    CLIENT = "client", _("The client")
    REPRESENTATIVE = "representative", _("A registered representative")
    THIRD_PARTY = "third_party", _("Someone else")
