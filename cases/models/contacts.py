"""Contacts on every channel, their outcomes and callbacks (4.3.1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.choices import (
    PHONE_CHANNELS,
    CallerRole,
    Channel,
    ClientChoice,
    IdentityCheck,
    Language,
    Outcome,
)
from cases.models.clients import Client, Representative
from servicedesk.models import Topic


class Contact(models.Model):
    """One interaction with a client, whatever the channel."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("client"),
        help_text=_("Leave empty for an anonymous contact."),
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("employee"),
    )
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("topic"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.LATVIAN
    )
    summary = models.TextField(_("summary"), blank=True)
    phone_number = models.CharField(_("phone number"), max_length=20, blank=True)
    email_address = models.EmailField(_("e-mail address"), blank=True)
    client_abroad = models.BooleanField(_("client abroad / roaming"), default=False)
    wants_phone_answer = models.BooleanField(_("wants an answer by phone (4.13)"), default=False)
    # Phone specifics (4.2, 4.4, 4.5, 4.12.2)
    ground_document_content = models.BooleanField(
        _("4.2.1 asked for the content of a document"), default=False
    )
    ground_service_info = models.BooleanField(
        _("4.2.2 asked about a paid or free service"), default=False
    )
    ground_restricted_info = models.BooleanField(
        _("4.2.3 asked for restricted information"), default=False
    )
    ground_over_ten_minutes = models.BooleanField(
        _("4.2.4 client's call lasted over 10 minutes"), default=False
    )
    offer_made = models.BooleanField(
        _("offered a visit or a written submission (4.2)"), default=False
    )
    client_choice = models.CharField(
        _("the client chose (4.2)"), max_length=10, choices=ClientChoice.choices, blank=True
    )
    # 4.1.4: the client asked the desk to assess a document's content.
    document_review_requested = models.BooleanField(
        _("asked to assess a document (4.1.4)"), default=False
    )
    # 2.1.6.2: who the caller is and how that was checked before the account was discussed.
    caller_role = models.CharField(
        _("the caller is"), max_length=15, choices=CallerRole.choices, blank=True
    )
    caller_identity = models.CharField(
        _("identity checked by"), max_length=15, choices=IdentityCheck.choices, blank=True
    )
    representative = models.ForeignKey(
        Representative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("representative"),
    )
    nothing_disclosed = models.BooleanField(
        _("nothing disclosed to a third party (2.1.6.2)"), default=False
    )
    foreign_language_requested = models.CharField(
        _("foreign language requested (4.5)"), max_length=40, blank=True
    )
    warning_given_at = models.DateTimeField(_("warning given (4.12.2)"), null=True, blank=True)
    # "Our error" (2.1.1.2)
    our_error = models.BooleanField(_("our error"), default=False)
    apologised = models.BooleanField(_("apologised to the client"), default=False)
    told_right_to_complain = models.BooleanField(
        _("told the client of the right to complain"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    audit_trail = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["-started_at"], name="contact_started"),
            models.Index(fields=["client", "-started_at"], name="contact_client"),
            models.Index(fields=["employee", "-started_at"], name="contact_employee"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(our_error=False) | Q(apologised=True, told_right_to_complain=True),
                name="contact_our_error_confirmed",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="contact_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {timezone.localtime(self.started_at):%d.%m.%Y. %H:%M}"

    @property
    def is_phone(self) -> bool:
        return self.channel in PHONE_CHANNELS

    @property
    def outcome_codes(self) -> list[str]:
        return [o.code for o in self.outcomes.all()]


class ContactDayTally(models.Model):
    """How many contacts started on a day (Riga time), on a channel, about a topic (0: none):
    the dashboard's contact figures add these up instead of counting millions of contacts
    (docs/dashboard.md). On PostgreSQL, triggers on the contacts table keep it, in the
    transaction that writes the contacts (migration ``cases/0022_contact_day_tally``), so no
    writer can forget it; on SQLite the dashboard counts the contacts themselves."""

    day = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    topic_id = models.BigIntegerField(_("topic"), default=0)  # 0: no topic
    n = models.IntegerField(_("contacts"), default=0)

    class Meta:
        verbose_name = _("contacts of a day")
        verbose_name_plural = _("contacts of a day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "topic_id"], name="contact_day_tally_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.topic_id}: {self.n}"


class ContactOutcome(models.Model):
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("contact")
    )
    code = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "code"], name="contact_outcome_unique")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class Callback(models.Model):
    """A promised callback (4.3.1, 4.13): only to a Latvian number of a client not abroad."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        related_name="callbacks",
        verbose_name=_("contact"),
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callbacks",
        verbose_name=_("client"),
    )
    phone_number = models.CharField(_("phone number"), max_length=20)
    question = models.TextField(_("question"))
    due_at = models.DateTimeField(_("call back by"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="callbacks",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completion_contact = models.OneToOneField(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completed_callback",
        verbose_name=_("call back contact"),
    )
    reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True, editable=False)
    # "No answer, try again at …" (4.3.1): the callback stays open with its attempts counted.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_try_at = models.DateTimeField(_("try again at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Who took, passed on or tried it, and when: the team queue's trail.
    audit_trail = HistoricalRecords()

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_at"], name="callback_queue")]

    def __str__(self) -> str:
        return f"{self.phone_number} {timezone.localtime(self.due_at):%d.%m.%Y. %H:%M}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_at < timezone.now()
