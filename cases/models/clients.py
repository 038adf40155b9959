"""Clients and their phone numbers (2.1.3: no protected attributes)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.choices import PREFERRED_CHANNELS, ClientChannel, Language


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
