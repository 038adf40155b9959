"""Clients and their phone numbers (2.1.3: no protected attributes)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.choices import PREFERRED_CHANNELS, ClientChannel, Language
from servicedesk.search import folded_words


class ClientQuerySet(models.QuerySet["Client"]):
    def bulk_create(  # type: ignore[override]
        self, objs: Iterable[Client], *args: Any, **kwargs: Any
    ) -> list[Client]:
        """Rows made in bulk (the demo data) get their search text too."""
        objs = list(objs)
        for client in objs:
            client.search_text = client.folded_search_text()
        return list(super().bulk_create(objs, *args, **kwargs))  # type: ignore[arg-type]


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
        choices=PREFERRED_CHANNELS,
        default=ClientChannel.PHONE,
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
    # 4.1.4: only a cooperation partner's documents are assessed; the agreement says so.
    is_cooperation_partner = models.BooleanField(_("cooperation partner (4.1.4)"), default=False)
    partner_agreement = models.CharField(
        _("cooperation agreement"),
        max_length=100,
        blank=True,
        help_text=_("Its number or reference; needed for a cooperation partner."),
    )
    partner_agreement_date = models.DateField(_("agreement date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # E-mail in (docs/mail.md): a client first met as an unknown sender's address is
    # unconfirmed until someone checks who it is; a bounce marks the address undeliverable.
    confirmed = models.BooleanField(_("identity confirmed"), default=True)
    email_undeliverable_at = models.DateTimeField(
        _("e-mail address undeliverable since"), null=True, blank=True
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
    # 2.1.6: every change, who and when (the search text is derived: no history of its own)
    audit_trail = HistoricalRecords(excluded_fields=["search_text"])
    # The name, contract number and e-mail folded (servicedesk.search.folded_words), kept by
    # ``save``: the look-up matches each typed word in it, through a trigram index on
    # PostgreSQL (migration cases/0020), never folding a column at query time.
    search_text = models.TextField(blank=True, default="", editable=False)

    objects = ClientQuerySet.as_manager()

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
            ),
            models.CheckConstraint(
                condition=Q(is_cooperation_partner=False)
                | (~Q(partner_agreement="") & Q(partner_agreement_date__isnull=False)),
                name="client_partner_needs_agreement",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The search text follows the name however the row is saved (a service, the demo
        data, a test), so it is never stale."""
        self.search_text = self.folded_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def folded_search_text(self) -> str:
        return folded_words(self.name, self.contract_number, self.email)

    @property
    def active_representatives(self) -> models.QuerySet[Representative]:
        """The representatives whose mandate counts today (2.1.6.2)."""
        return self.representatives.filter(
            revoked_at__isnull=True, valid_until__gte=timezone.localdate()
        )


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


class Representative(models.Model):
    """A person the client has authorised (a mandate, "pilnvara") to deal with the desk on the
    client's behalf (2.1.6.2): only an active mandate lets the desk discuss the account."""

    class Scope(models.TextChoices):
        ALL = "all", _("All matters")
        BILLING = "billing", _("Bills and payments")
        CONTRACT = "contract", _("The service contract")

    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("client"),
    )
    name = models.CharField(_("representative's name"), max_length=200)
    relation = models.CharField(
        _("relation to the client"), max_length=100, help_text=_("E.g. daughter, accountant.")
    )
    scope = models.CharField(_("scope of the mandate"), max_length=10, choices=Scope.choices)
    valid_until = models.DateField(_("valid until"))
    document_reference = models.CharField(
        _("mandate document"), max_length=100, help_text=_("Its number, date or notary.")
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    audit_trail = HistoricalRecords()  # 2.1.6: who registered or revoked a mandate, and when

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["-valid_until", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        """The mandate counts today."""
        return self.is_active_on(timezone.localdate())

    def is_active_on(self, day: date) -> bool:
        """The mandate counts on ``day``: not revoked and not yet expired."""
        return self.revoked_at is None and self.valid_until >= day
