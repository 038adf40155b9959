"""E-mail in (docs/mail.md): each message read from one of the institution's mailboxes is
kept once, with its original, and filed as an incoming e-mail contact (2.1.1.1, 3.1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.choices import Language
from cases.models.contacts import Contact
from cases.models.written import WrittenSubmission
from servicedesk.storage import private_storage


class InboundEmail(models.Model):
    """One message of one mailbox. ``message_key`` is its Message-ID, or, without one, the
    mailbox's UIDVALIDITY and the message's UID: unique per mailbox, so fetching it twice,
    or by two workers at once, keeps it once."""

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        AUTO_REPLY = "auto_reply", _("Automatic reply")
        BOUNCE = "bounce", _("Delivery failure report")

    mailbox = models.CharField(_("mailbox"), max_length=200)
    message_key = models.CharField(max_length=300, editable=False)
    uid_validity = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    uid = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    failure_reason = models.TextField(_("why it failed"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    # Threads: the headers as received (the answers from the desk will set them too).
    message_id = models.CharField(_("Message-ID"), max_length=500, blank=True, db_index=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=500, blank=True)
    references = models.TextField(_("References"), blank=True)
    from_address = models.EmailField(_("from"), blank=True)
    from_name = models.CharField(_("sender's name"), max_length=200, blank=True)
    to_addresses = models.TextField(_("to"), blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    size = models.PositiveIntegerField(_("size"), default=0)
    text = models.TextField(_("text"), blank=True)  # plain text; HTML sanitised by nh3
    quoted = models.TextField(_("quoted history"), blank=True)  # folded away, kept
    # 4.6: the language the text is written in (``cases.mail.language``; "" when too short to
    # tell). Not Latvian: the page offers the document-management path.
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, blank=True)
    original = models.FileField(
        _("original message (.eml)"),
        upload_to="mail/%Y/%m/",
        storage=private_storage,
        max_length=200,
        blank=True,
    )
    no_auto_answer = models.BooleanField(
        _("never answer automatically"),
        default=False,
        help_text=_("An automatic reply, a list or a loop: the desk never answers it by itself."),
    )
    contact = models.OneToOneField(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_email",
        verbose_name=_("contact"),
    )
    replies_to = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="email_replies",
        verbose_name=_("in reply to"),
    )
    submission = models.ForeignKey(
        WrittenSubmission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("written submission"),
    )
    case_reference = models.CharField(_("case number"), max_length=60, blank=True)
    # A reply to the desk's message about a confidential record carries that record's scope
    # (servicedesk.scopes): it is read through the record's gate.
    scope_type = models.CharField(max_length=100, blank=True, editable=False)
    scope_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_emails",
        verbose_name=_("taken by"),
    )
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True)
    # The desk's answer (docs/mail.md, "Answering"): its outgoing e-mail contact, whose outbox
    # row carries the message.
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.OneToOneField(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_email",
        verbose_name=_("answer"),
    )

    class Meta:
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mails")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "message_key"], name="inbound_email_once")
        ]
        indexes = [
            models.Index(fields=["status", "assigned_to", "-received_at"], name="inbound_queue")
        ]

    def __str__(self) -> str:
        return self.subject or self.message_key

    @property
    def in_foreign_language(self) -> bool:
        """4.6 applies: its language was told, and it is not Latvian."""
        return bool(self.language) and self.language != Language.LATVIAN


class InboundAttachment(models.Model):
    """A file that came with an e-mail: kept when it passes the public form's checks, else
    listed with the reason (the original message still holds it)."""

    email = models.ForeignKey(
        InboundEmail,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("incoming e-mail"),
    )
    file = models.FileField(
        _("file"),
        upload_to="mail/files/%Y/%m/",
        storage=private_storage,
        max_length=200,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    rejected = models.TextField(_("not accepted because"), blank=True)

    class Meta:
        verbose_name = _("e-mail attachment")
        verbose_name_plural = _("e-mail attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class StandardAnswer(models.Model):
    """A standard answer the desk starts a reply from (docs/mail.md, "Answering"), kept by the
    knowledge-base editors. Its Latvian text may hold {klients}, {numurs} and {darbinieks}
    (the client's name, the case or register number, the employee's name), filled when it
    is picked."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("standard answer")
        verbose_name_plural = _("standard answers")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
