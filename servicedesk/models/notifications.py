"""The notification outbox (ARCHITECTURE.md, "Notifications: a transactional outbox").

A row is written in the same transaction as the change that causes it; a Celery task delivers
it after commit; a beat sweeper re-queues due and stuck rows. Nothing is lost while Redis or
the worker is down: the row waits here."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        IN_APP = "in_app", _("In-app inbox")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=60)
    rule_clause = models.CharField(_("rule clause"), max_length=20, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    # The confidentiality scope (servicedesk.scopes): the record whose gate decides who may
    # read this row, e.g. the feedback item a survey invitation was sent after (2.1.4.4).
    # Written by notification_create from the target; empty when the row is not confidential.
    scope_type = models.CharField(_("scope"), max_length=100, blank=True, editable=False)
    scope_id = models.PositiveBigIntegerField(
        _("scope record"), null=True, blank=True, editable=False
    )
    language = models.CharField(_("language"), max_length=5, default="lv")
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    # The Message-ID, fixed when the row is written: every attempt sends the same one. A
    # person's reply to a client's e-mail also names that e-mail (In-Reply-To, References)
    # and goes out as written, without the automatic-message footer (docs/notifications.md).
    # Random (servicedesk.services.notifications), indexed: a client's reply names it and is
    # threaded to the row's record (cases.services.mail_threads).
    message_id = models.CharField(
        _("Message-ID"), max_length=500, blank=True, editable=False, db_index=True
    )
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=500, blank=True)
    references = models.TextField(_("References"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # When the head and the administrators were warned that this row was not delivered in
    # time (servicedesk.services.outbox_watch): each row is warned of once.
    warned_at = models.DateTimeField(_("warned"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_inbox"),
            models.Index(fields=["content_type", "object_id"], name="notification_target"),
            models.Index(fields=["scope_type", "scope_id"], name="notification_scope"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(email=""),
                name="notification_has_recipient",
            ),
            models.CheckConstraint(
                condition=~Q(channel="in_app") | Q(recipient__isnull=False),
                name="notification_in_app_needs_user",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class WorkerHeartbeat(models.Model):
    """The last sign of life of a background process, kept in the database so that it can be
    read while Redis is down (``/readyz/outbox``, servicedesk/views/health.py): a Celery
    worker (``worker:<hostname>``) writes its row every few seconds, the outbox sweeper
    (``sweeper``) each time beat runs it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.name
