"""Consultations with contact persons (4.8, 4.9), written submissions, drafts (2.1.2.2) and
the knowledge base (2.1.2.1, 4.1.2)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.contacts import Contact
from servicedesk.models import CompetentInstitution, Topic
from servicedesk.search import stem_words


class Consultation(models.Model):
    """A question to a contact person (4.3.2, 4.8); they answer promptly (4.9)."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("contact")
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("contact person"),
    )
    question = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # 4.3.2: asked and answered while the client held the line (no reminder, no waiting).
    live = models.BooleanField(_("consulted during the call"), default=False)
    # Who passed it on to whom and why, who took it (4.9 in the team queue): the trail.
    audit_trail = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["contact_person", "answered_at"], name="consult_open")]

    def __str__(self) -> str:
        return self.question[:60]

    @property
    def response_time(self) -> Any:
        return self.answered_at - self.asked_at if self.answered_at else None


class SubmissionSequence(models.Model):
    """The last register number used in a year; locked while a number is taken."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("register number sequence")
        verbose_name_plural = _("register number sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def _dispatch_link(verbose_name: Any) -> Any:
    """A communication sent about a submission (a notice to the submitter, the forwarding)."""
    return models.ForeignKey(
        "cases.Dispatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class WrittenSubmission(models.Model):
    """A written submission (letter, official e-address, e-mail) with its Law-on-Submissions
    deadlines."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being reviewed")
        FORWARDED = "forwarded", _("Forwarded to the competent institution")
        REPLIED = "replied", _("Replied")
        REFERRED = "referred", _("Submitter told where to apply")

    register_number = models.CharField(_("register number"), max_length=40, unique=True)
    contact = models.OneToOneField(
        Contact,
        on_delete=models.PROTECT,
        related_name="submission",
        verbose_name=_("contact"),
    )
    received_on = models.DateField(_("received"))
    subject = models.CharField(_("subject"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("responsible employee"),
    )
    reply_due = models.DateField(_("reply due"))
    forward_due = models.DateField(_("forward by"))
    extended = models.BooleanField(_("extended"), default=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_notice_at = models.DateTimeField(
        _("submitter told of the extension"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    forwarded_to = models.ForeignKey(
        CompetentInstitution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forwarded to"),
    )
    # Law on Submissions: forwarded after the forwarding period (allowed, but said so).
    forwarded_late = models.BooleanField(_("forwarded after the forwarding period"), default=False)
    # Instead of forwarding: where the submitter was told to apply.
    referred_to = models.TextField(_("where the submitter was told to apply"), blank=True)
    # The communications sent (cases.Dispatch): each says by which channel and when.
    extension_notice = _dispatch_link(_("extension notice"))
    forwarding_notice = _dispatch_link(_("forwarding notice"))
    formal_forwarding = _dispatch_link(_("formal forwarding"))
    referral_notice = _dispatch_link(_("where-to-apply notice"))
    reply = models.TextField(_("reply"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Reminded once before the forwarding deadline (Law on Submissions: 5 working days).
    reminded_forward_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Who passed it on to whom (2.1.2.2): the reassignments' trail.
    audit_trail = HistoricalRecords()

    class Meta:
        verbose_name = _("written submission")
        verbose_name_plural = _("written submissions")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["status", "reply_due"], name="submission_due")]

    def __str__(self) -> str:
        return self.register_number


class SubmissionDraft(models.Model):
    """A submission drafted for a client after a long oral request (2.1.2.2), printable."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("contact")
    )
    addressee = models.CharField(_("addressee"), max_length=300)
    text = models.TextField(_("text of the submission"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission draft")
        verbose_name_plural = _("submission drafts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.addressee


class Article(models.Model):
    """A knowledge-base article on a service procedure (2.1.2.1, 3.4, 4.1.2, 4.1.3)."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal")
        RESTRICTED = "restricted", _("Restricted access")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("topic")
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # 2.1.4.2: verified information only; someone answers for each article and reviews it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    review_by = models.DateField(_("review by"), null=True, blank=True)
    # The review date the owner was reminded of: once per date (a new date, a new reminder).
    review_reminded_for = models.DateField(null=True, blank=True, editable=False)
    # Title, summary and text stemmed and folded (servicedesk.search.stem_words), for search.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("knowledge-base article")
        verbose_name_plural = _("knowledge-base articles")
        ordering = ["title"]
        indexes = [models.Index(fields=["review_by"], name="article_review_by")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The search text follows the words however the row is saved (the service, the demo
        data, a test), so it is never stale."""
        self.search_text = stem_words(f"{self.title}\n{self.summary}\n{self.body}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def review_overdue(self) -> bool:
        """The review-by date has passed (2.1.4.2): the list and the page say so in words."""
        return self.review_by is not None and self.review_by < timezone.localdate()


class ArticleVersion(models.Model):
    """An article as one save left it: who changed what, and when (2.1.4.2)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="versions", verbose_name=_("article")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"
