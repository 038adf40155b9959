"""The client voice (3.1, 3.5.1): what the public form adds to an item, and the satisfaction
surveys (opt-outs, invitations, responses). Written only by ``complaints.voice.services``; see
docs/client-voice.md."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models.choices import ReplyChannel
from complaints.models.register import FeedbackItem


class PublicSubmission(models.Model):
    """What the public form adds to the feedback item it registered: the client's preferred
    reply channel, whether it is a question, the GDPR acceptance and the tracking token.

    The token is stored only as its SHA-256 (and the nonce it is derived from with
    SECRET_KEY): the database alone does not open a tracking page."""

    item = models.OneToOneField(
        FeedbackItem,
        on_delete=models.CASCADE,
        related_name="public_submission",
        verbose_name=_("item"),
    )
    is_question = models.BooleanField(
        _("a question"),
        default=False,
        help_text=_("The client asked a question; it is registered as feedback."),
    )
    reply_channel = models.CharField(
        _("preferred reply channel"), max_length=20, choices=ReplyChannel.choices, blank=True
    )
    language = models.CharField(_("language of the form"), max_length=5, default="lv")
    privacy_accepted_at = models.DateTimeField(_("privacy notice accepted at"))
    tracking_token_hash = models.CharField(
        _("tracking token (SHA-256)"), max_length=64, unique=True
    )
    # With SECRET_KEY, makes the token again when the acknowledgement e-mail is sent
    # (complaints.voice.services.submissions.tracking_token); empty for submissions from before.
    tracking_nonce = models.CharField(
        _("tracking token nonce"), max_length=64, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public submission")
        verbose_name_plural = _("public submissions")

    def __str__(self) -> str:
        return str(self.item)


class SurveyOptOut(models.Model):
    """An address that asked for no satisfaction surveys (3.5.1)."""

    email = models.EmailField(_("e-mail"), unique=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey opt-out")
        verbose_name_plural = _("survey opt-outs")

    def __str__(self) -> str:
        return self.email


class SurveyInvitation(models.Model):
    """One satisfaction survey e-mail: after a contact or a closed feedback item, never twice
    for the same one (the unique constraints)."""

    class Source(models.TextChoices):
        CONTACT = "contact", _("A contact")
        FEEDBACK_ITEM = "feedback_item", _("A closed feedback item")

    source = models.CharField(_("after"), max_length=20, choices=Source.choices)
    contact = models.ForeignKey(
        "cases.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    item = models.OneToOneField(
        FeedbackItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_invitation",
        verbose_name=_("feedback item"),
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=5, default="lv")
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(contact__isnull=False),
                name="survey_once_per_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.created_at:%Y-%m-%d}"


class SurveyResponse(models.Model):
    """A 1–5 rating with an optional comment, from an e-mailed survey or the kiosk. A low
    rating (1–2) with a comment becomes a feedback item (4.11), linked here."""

    class Via(models.TextChoices):
        EMAIL = "email", _("E-mail survey")
        KIOSK = "kiosk", _("Kiosk at the reception desk")

    via = models.CharField(_("answered through"), max_length=10, choices=Via.choices)
    invitation = models.OneToOneField(
        SurveyInvitation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("invitation"),
    )
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"))
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    feedback_item = models.OneToOneField(
        FeedbackItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_survey",
        verbose_name=_("feedback item created from it"),
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-answered_at", "-pk"]
        indexes = [models.Index(fields=["answered_at"], name="survey_response_answered")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="survey_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 ({self.get_via_display()})"
