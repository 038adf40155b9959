"""Client contacts on every channel: clients, contacts, callbacks, referrals, order issues and
conflict logs. Written only through ``cases.services``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from servicedesk.models import CompetentInstitution, Employee, StructuralUnit, Topic


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


class PreferredChannel(models.TextChoices):
    """The channel the client finds most convenient (3.1); replies use it."""

    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    E_ADDRESS = "e_address", _("Official e-address")
    WEB_FORM = "web_form", _("Web form")


class Language(models.TextChoices):
    LATVIAN = "lv", _("Latvian")
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    OTHER = "other", _("Other language")


class Client(models.Model):
    """A client. Deliberately no field for any protected attribute (2.1.3): nationality,
    ethnicity, religion, health, sexual orientation, gender or race are never recorded."""

    class Kind(models.TextChoices):
        NATURAL = "natural", _("Natural person")
        LEGAL = "legal", _("Legal person")

    class CodePurpose(models.TextChoices):
        NONE = "", _("Not needed")
        CONTRACT = "contract", _("Concluding or performing a service contract")
        DEBT = "debt", _("Recovering a debt (legal obligation)")
        IDENTIFICATION = "identification", _("Telling apart clients with the same name")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NATURAL)
    name = models.CharField(_("name"), max_length=200)
    contract_number = models.CharField(_("service contract number"), max_length=40, blank=True)
    service_address = models.CharField(_("service address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    has_e_address = models.BooleanField(_("has an official e-address"), default=False)
    preferred_channel = models.CharField(
        _("preferred channel"),
        max_length=10,
        choices=PreferredChannel.choices,
        default=PreferredChannel.PHONE,
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.LATVIAN
    )
    registration_number = models.CharField(
        _("registration number"), max_length=20, blank=True, help_text=_("Legal persons only.")
    )
    personal_code = models.CharField(
        _("personal code"),
        max_length=12,
        blank=True,
        help_text=_("Only when one of the purposes below requires it (GDPR)."),
    )
    personal_code_purpose = models.CharField(
        _("purpose of the personal code"),
        max_length=20,
        choices=CodePurpose.choices,
        blank=True,
        default=CodePurpose.NONE,
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    audit_trail = HistoricalRecords()  # 2.1.6: every change, who and when

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["contract_number"], name="client_contract"),
            models.Index(fields=["email"], name="client_email"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(personal_code="") | ~Q(personal_code_purpose=""),
                name="client_code_needs_purpose",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ClientPhone(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="phones", verbose_name=_("client")
    )
    number = models.CharField(_("phone number"), max_length=20, db_index=True)
    label = models.CharField(_("label"), max_length=40, blank=True)
    audit_trail = HistoricalRecords()

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="client_phone_unique")
        ]

    def __str__(self) -> str:
        from cases.phones import display_phone

        return display_phone(self.number)


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
            # The dashboard's contact figures (bench/dashboard.py: about half the query time).
            models.Index(fields=["started_at"], include=["channel", "topic"], name="contact_stats"),
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_at"], name="callback_queue")]

    def __str__(self) -> str:
        return f"{self.phone_number} {timezone.localtime(self.due_at):%d.%m.%Y. %H:%M}"


class Referral(models.Model):
    """A referral to a staff specialist (2.1.2.3) or a competent institution (4.1.1)."""

    class Kind(models.TextChoices):
        SPECIALIST = "specialist", _("Staff specialist")
        INSTITUTION = "institution", _("Competent institution")

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("contact")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("topic")
    )
    specialist = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("specialist"),
    )
    institution = models.ForeignKey(
        CompetentInstitution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("competent institution"),
    )
    reason = models.TextField(_("why we cannot answer it"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    emailed_to = models.EmailField(_("slip e-mailed to"), blank=True)
    emailed_at = models.DateTimeField(_("slip e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="specialist", specialist__isnull=False, institution__isnull=True)
                | Q(kind="institution", institution__isnull=False, specialist__isnull=True),
                name="referral_one_target",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="referral_reason_given"),
        ]

    def __str__(self) -> str:
        return str(self.specialist or self.institution)


class OrderIssue(models.Model):
    """A non-compliance found in fulfilling an order (4.10.1), reported to the unit's head."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="order_issues", verbose_name=_("contact")
    )
    unit = models.ForeignKey(
        StructuralUnit,
        on_delete=models.PROTECT,
        related_name="order_issues",
        verbose_name=_("unit fulfilling the order"),
    )
    order_reference = models.CharField(_("order"), max_length=100, blank=True)
    description = models.TextField(_("what is wrong"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("order issue")
        verbose_name_plural = _("order issues")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.order_reference or self.description[:60]


class ConflictLog(models.Model):
    """A conflict in person (4.12.1) worked through with the Annex 1 checklist."""

    contact = models.OneToOneField(
        Contact, on_delete=models.CASCADE, related_name="conflict_log", verbose_name=_("contact")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("conflict log")
        verbose_name_plural = _("conflict logs")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.contact}"


class ConflictAction(models.Model):
    """One logged line of a conflict log: a typical step done or an atypical action taken."""

    class Kind(models.TextChoices):
        STEP = "step", _("Typical step")
        SITUATION = "situation", _("Atypical situation")
        NOTE = "note", _("Note")

    log = models.ForeignKey(
        ConflictLog, on_delete=models.CASCADE, related_name="actions", verbose_name=_("log")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("item"), max_length=20, blank=True)
    note = models.TextField(_("what was done"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict log entry")
        verbose_name_plural = _("conflict log entries")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"


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


class WrittenSubmission(models.Model):
    """A written submission (letter, official e-address, e-mail) with its Law-on-Submissions
    deadlines."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being reviewed")
        FORWARDED = "forwarded", _("Forwarded to the competent institution")
        REPLIED = "replied", _("Replied")

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
    reply = models.TextField(_("reply"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

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

    class Meta:
        verbose_name = _("knowledge-base article")
        verbose_name_plural = _("knowledge-base articles")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
