"""The register of data subject requests and the register of personal data breaches
(2.1.6.1: follow data-protection law).

``DataRequest`` is a request under GDPR articles 15–21 as the law expects it to be handled: it
is registered first (received date, kind, who asked, channel) with a due date one month after
receipt (art. 12(3); ``DATA_REQUEST_MONTHS``), which may be extended once by two further months
with a reason and a notice to the data subject (``DATA_REQUEST_EXTENSION_MONTHS``). Nothing is
disclosed or changed before the identity check is recorded (art. 12(6)). What was done for it
(an export, an erasure) is logged as ``DataSubjectRequest`` rows pointing back here.

``DataBreach`` is the register of art. 33(5): every personal data breach, whether or not the
supervisory authority (Datu valsts inspekcija) had to be told, with the 72-hour clock of
art. 33(1) counted from discovery and what the data subjects were told (art. 34).

The data subject is named by ``subject_type`` / ``subject_id`` (``"cases.client"``, 12), not a
foreign key: the core app does not depend on the apps above it. ``subject_label`` is never
personal ("client #12"). The requester's name and contact are personal data kept as the
record of how the request was answered (art. 5(2), accountability).

The services in ``servicedesk.services.data_requests`` are the only writers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _registered_by() -> Any:
    """Who entered a record in its register (both registers keep it, as they keep the user)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )


class DataRequest(models.Model):
    """One request of a data subject (GDPR art. 15–21), from registration to the answer."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access to the personal data (art. 15)")
        RECTIFICATION = "rectification", _("Rectification (art. 16)")
        ERASURE = "erasure", _("Erasure (art. 17)")
        RESTRICTION = "restriction", _("Restriction of processing (art. 18)")
        OBJECTION = "objection", _("Objection to processing (art. 21)")

    class Channel(models.TextChoices):
        VISIT = "visit", _("In person")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("E-mail")
        E_ADDRESS = "e_address", _("Official e-address")
        PHONE = "phone", _("Phone")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    class IdentityMethod(models.TextChoices):
        DOCUMENT = "document", _("Identity document shown in person")
        E_SIGNATURE = "e_signature", _("Secure electronic signature (eParaksts)")
        E_ADDRESS = "e_address", _("Sent from the person's official e-address")
        KNOWN_CONTACT = "known_contact", _("Answer to contact details already on record")
        REPRESENTATIVE = "representative", _("Representative's identity and mandate checked")
        OTHER = "other", _("Other (described below)")

    class RestrictionGround(models.TextChoices):
        ACCURACY = "accuracy", _("The accuracy of the data is contested (art. 18(1)(a))")
        UNLAWFUL = "unlawful", _("Processing is unlawful, erasure is opposed (art. 18(1)(b))")
        LEGAL_CLAIMS = "legal_claims", _("Needed by the person for legal claims (art. 18(1)(c))")
        OBJECTION = "objection", _("An objection is being examined (art. 18(1)(d))")

    # --- registration ---------------------------------------------------------------------
    received_on = models.DateField(_("received on"))
    kind = models.CharField(_("kind of request"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("received by"), max_length=20, choices=Channel.choices)
    requester_name = models.CharField(_("who asked"), max_length=200)
    requester_contact = models.CharField(
        _("requester's contact details"),
        max_length=300,
        blank=True,
        help_text=_("Where the answer goes: e-mail, postal address or official e-address."),
    )
    by_representative = models.BooleanField(
        _("asked by a representative on the person's behalf"), default=False
    )
    description = models.TextField(_("what is asked"), blank=True)
    subject_type = models.CharField(_("kind of record"), max_length=100, blank=True)
    subject_id = models.PositiveBigIntegerField(_("record number"), null=True, blank=True)
    subject_label = models.CharField(_("data subject"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    registered_by = _registered_by()

    # --- the deadline (art. 12(3)) --------------------------------------------------------
    original_due_on = models.DateField(_("answer due (one month)"))
    due_on = models.DateField(_("answer due"), db_index=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_notice = models.CharField(
        _("how the person was told of the extension"), max_length=300, blank=True
    )
    extension_notified_on = models.DateField(_("told of the extension on"), null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("extended by"),
    )

    # --- the identity check (art. 12(6)) --------------------------------------------------
    identity_method = models.CharField(
        _("how the identity was verified"),
        max_length=20,
        choices=IdentityMethod.choices,
        blank=True,
    )
    identity_details = models.CharField(
        _("details of the check"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the kind of document; never copy the document's number here."),
    )
    identity_checked_at = models.DateTimeField(_("identity checked"), null=True, blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("identity checked by"),
    )

    # --- what was done, by kind -----------------------------------------------------------
    #: Rectification: the labels of the fields changed (the values before and after stay in
    #: the record's own change history, which an erasure scrubs; a copy here would not be).
    rectified_fields = models.JSONField(_("fields corrected"), default=list, blank=True)
    rectified_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    restriction_ground = models.CharField(
        _("ground for the restriction"),
        max_length=20,
        choices=RestrictionGround.choices,
        blank=True,
    )
    restricted_at = models.DateTimeField(_("processing restricted since"), null=True, blank=True)
    restriction_lifted_at = models.DateTimeField(_("restriction lifted"), null=True, blank=True)
    restriction_lift_reason = models.TextField(_("why the restriction was lifted"), blank=True)
    objection_processing = models.CharField(_("processing objected to"), max_length=300, blank=True)
    objection_upheld = models.BooleanField(_("objection upheld"), null=True, blank=True)

    # --- the answer -----------------------------------------------------------------------
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    outcome = models.TextField(
        _("answer given"),
        blank=True,
        help_text=_("What the person was told, when and how; for a refusal, the reason."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="datarequest_subject"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("original_due_on"))
                & Q(original_due_on__gt=models.F("received_on")),
                name="datarequest_due_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(state="open") | Q(closed_at__isnull=False),
                name="datarequest_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    @property
    def number(self) -> str:
        """The request's register number: "DSP-2026-12" (datu subjekta pieprasījums)."""
        return f"DSP-{self.received_on:%Y}-{self.pk}"

    def audit_label(self) -> str:
        """Never personal: the access log names a request by its number."""
        return self.number

    @property
    def identity_checked(self) -> bool:
        return self.identity_checked_at is not None

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_extended(self) -> bool:
        return self.due_on != self.original_due_on

    @property
    def restriction_active(self) -> bool:
        return self.restricted_at is not None and self.restriction_lifted_at is None

    def days_left(self, today: date | None = None) -> int:
        """Days to the due date (negative when overdue)."""
        return (self.due_on - (today or timezone.localdate())).days

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.days_left() < 0


class DataBreach(models.Model):
    """A personal data breach (GDPR art. 33(5): document every one), the notice to the Data
    State Inspectorate within 72 hours of discovery (art. 33(1)) and to the people (art. 34)."""

    class AuthorityNotice(models.TextChoices):
        PENDING = "pending", _("Not decided yet")
        NOTIFIED = "notified", _("Notified")
        NOT_REQUIRED = "not_required", _("Not required: unlikely to result in a risk")

    class SubjectsNotice(models.TextChoices):
        PENDING = "pending", _("Not decided yet")
        INFORMED = "informed", _("Informed")
        NOT_REQUIRED = "not_required", _("Not required (art. 34(3))")

    #: What the register says about the breach itself (art. 33(3)): categories and numbers of
    #: people, never a person. The form asks for these; ``breach_update`` changes only these.
    DESCRIBED_FIELDS = (
        "discovered_at",
        "occurred_at",
        "description",
        "data_categories",
        "subject_categories",
        "approx_subjects",
        "approx_records",
        "consequences",
        "measures",
    )

    discovered_at = models.DateTimeField(_("discovered"), db_index=True)
    occurred_at = models.DateTimeField(_("happened"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    data_categories = models.TextField(_("categories of personal data"))
    subject_categories = models.CharField(_("categories of people"), max_length=300)
    approx_subjects = models.PositiveIntegerField(
        _("approximate number of people"), null=True, blank=True
    )
    approx_records = models.PositiveIntegerField(
        _("approximate number of records"), null=True, blank=True
    )
    consequences = models.TextField(_("likely consequences"))
    measures = models.TextField(_("measures taken or proposed"))

    authority_notice = models.CharField(
        _("Data State Inspectorate"),
        max_length=20,
        choices=AuthorityNotice.choices,
        default=AuthorityNotice.PENDING,
    )
    authority_notified_at = models.DateTimeField(_("inspectorate notified"), null=True, blank=True)
    authority_note = models.TextField(
        _("inspectorate: reference, reason for a delay or why not required"), blank=True
    )
    subjects_notice = models.CharField(
        _("data subjects"),
        max_length=20,
        choices=SubjectsNotice.choices,
        default=SubjectsNotice.PENDING,
    )
    subjects_informed_at = models.DateTimeField(_("people informed"), null=True, blank=True)
    subjects_note = models.TextField(_("data subjects: how, or why not required"), blank=True)

    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    registered_by = _registered_by()

    class Meta:
        verbose_name = _("personal data breach")
        verbose_name_plural = _("personal data breaches")
        ordering = ["-discovered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(authority_notice="notified") | Q(authority_notified_at__isnull=False),
                name="databreach_notified_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(subjects_notice="informed") | Q(subjects_informed_at__isnull=False),
                name="databreach_informed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.description[:60]}"

    @property
    def number(self) -> str:
        """The breach's register number: "PDA-2026-3" (personas datu aizsardzības pārkāpums)."""
        return f"PDA-{timezone.localtime(self.discovered_at):%Y}-{self.pk}"

    def audit_label(self) -> str:
        return self.number

    @property
    def authority_deadline(self) -> datetime:
        """Art. 33(1): without undue delay and, where feasible, not later than 72 hours after
        becoming aware of it (``DATA_BREACH_NOTIFY_HOURS``)."""
        return self.discovered_at + timedelta(hours=settings.DATA_BREACH_NOTIFY_HOURS)

    @property
    def authority_pending(self) -> bool:
        return self.authority_notice == self.AuthorityNotice.PENDING

    def time_left(self, now: datetime | None = None) -> timedelta:
        """Until the 72-hour deadline (negative when it has passed)."""
        return self.authority_deadline - (now or timezone.now())

    @property
    def authority_overdue(self) -> bool:
        """The decision on notifying the inspectorate is still open after 72 hours."""
        return self.authority_pending and self.time_left() < timedelta(0)

    @property
    def notified_late(self) -> bool:
        return (
            self.authority_notified_at is not None
            and self.authority_notified_at > self.authority_deadline
        )
