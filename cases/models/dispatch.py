"""Outgoing correspondence (docs/correspondence.md): one communication to a client or an
authority, by the channel it goes out through, as one row of the outgoing register.

A dispatch derived from a feedback item (its acknowledgement, reply or extension notice)
carries that item's confidentiality scope (``servicedesk.scopes``), like a notification: lists
show it through ``scopes.visible_q`` and its subject and text through ``scopes.readable_q``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class DispatchSequence(models.Model):
    """The last outgoing register number used in a year; locked while a number is taken."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("outgoing number sequence")
        verbose_name_plural = _("outgoing number sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Dispatch(models.Model):
    """One outgoing communication: what it is, to whom, by which channel and how far it got."""

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
        SUBMISSION_REPLY = "submission_reply", _("Reply to a submission")
        COMPLAINT_REPLY = "complaint_reply", _("Reply to a complaint or suggestion")
        EXTENSION_NOTICE = "extension_notice", _("Notice of an extended deadline")
        FORWARDING_NOTICE = "forwarding_notice", _("Notice of forwarding")
        WHERE_TO_APPLY = "where_to_apply", _("Where to apply")
        FORMAL_FORWARDING = "formal_forwarding", _("Formal forwarding to an authority")
        OTHER = "other", _("Other")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Letter")
        IN_PERSON = "in_person", _("In person")
        E_ADDRESS = "e_address", _("Official e-address")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued for e-mail")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("E-mail failed")
        TO_PRINT = "to_print", _("To print")
        PRINTED = "printed", _("Printed, to post")
        POSTED = "posted", _("Posted")
        TO_HAND = "to_hand", _("To hand over")
        HANDED_OVER = "handed_over", _("Handed over")
        TO_SEND = "to_send", _("To send through the e-address portal")

    number = models.CharField(_("outgoing number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence number"))
    dated = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    channel_note = models.CharField(_("why this channel"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    client = models.ForeignKey(
        "cases.Client",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dispatches",
        verbose_name=_("client"),
    )
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    notification = models.ForeignKey(
        "servicedesk.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    # The confidentiality scope (servicedesk.scopes), written from the target when the row is.
    scope_type = models.CharField(_("scope"), max_length=100, blank=True, editable=False)
    scope_id = models.PositiveBigIntegerField(
        _("scope record"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    handed_to = models.CharField(_("handed to"), max_length=200, blank=True)
    posted_on = models.DateField(_("posted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing communication")
        verbose_name_plural = _("outgoing correspondence")
        ordering = ["-dated", "-seq"]
        indexes = [
            models.Index(fields=["state", "dated"], name="dispatch_state"),
            models.Index(fields=["scope_type", "scope_id"], name="dispatch_scope"),
            models.Index(fields=["content_type", "object_id"], name="dispatch_target"),
            models.Index(fields=["posted_on"], name="dispatch_posted"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "seq"], name="dispatch_number_per_year"),
        ]

    def __str__(self) -> str:
        return self.number
