"""Rules governance (clauses 9 and 10): versions of the customer service rules, their numbered
clauses, each user's acknowledgement of each version in the desk, and the signed
acknowledgement sheets with the signatures read from them (clause 9: "ar parakstu apliecina")."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicedesk.models.organisation import Employee
from servicedesk.storage import private_storage


class RulesVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    effective_from = models.DateField(_("in force from"))
    text = models.TextField(_("full text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("rules version")
        verbose_name_plural = _("rules versions")
        ordering = ["-effective_from", "-number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class RulesClause(models.Model):
    class Part(models.TextChoices):
        MAIN = "main", _("Rules")
        ANNEX_TYPICAL = "annex1_typical", _("Annex 1: typical situation")
        ANNEX_ATYPICAL = "annex1_atypical", _("Annex 1: atypical situations")

    version = models.ForeignKey(
        RulesVersion, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("version")
    )
    part = models.CharField(_("part"), max_length=20, choices=Part.choices, default=Part.MAIN)
    number = models.CharField(_("number"), max_length=20)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("rules clause")
        verbose_name_plural = _("rules clauses")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "part", "number"], name="clause_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"


class RulesAcknowledgement(models.Model):
    version = models.ForeignKey(
        RulesVersion,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
        verbose_name=_("version"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rules_acknowledgements",
        verbose_name=_("user"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("rules acknowledgement")
        verbose_name_plural = _("rules acknowledgements")
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="acknowledge_once")]

    def __str__(self) -> str:
        return f"{self.user} – {self.version}"


def _sheet_path(instance: RulesSignedSheet, filename: str) -> str:
    # A random name: the file is reachable only through the download view, and a guessed
    # path must not find it even where MEDIA_ROOT happens to be served.
    suffix = PurePath(filename).suffix.lower()
    return f"rules-sheets/{instance.version.number}/{uuid.uuid4().hex}{suffix}"


class RulesSignedSheet(models.Model):
    """A signed acknowledgement sheet of a version: the scan of the printed sheet the employees
    signed, or a signed e-document (.edoc, .asice, .asics)."""

    class Kind(models.TextChoices):
        SCAN = "scan", _("scan of the signed paper sheet")
        E_DOCUMENT = "e_document", _("signed e-document")

    version = models.ForeignKey(
        RulesVersion,
        on_delete=models.PROTECT,
        related_name="signed_sheets",
        verbose_name=_("version"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("file"), upload_to=_sheet_path, max_length=200, storage=private_storage
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signed acknowledgement sheet")
        verbose_name_plural = _("signed acknowledgement sheets")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RulesSignature(models.Model):
    """An employee signed the acknowledgement of a version on a date, as the attached sheet
    shows (clause 9). One per employee and version."""

    version = models.ForeignKey(
        RulesVersion,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("version"),
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="rules_signatures",
        verbose_name=_("employee"),
    )
    sheet = models.ForeignKey(
        RulesSignedSheet,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("signed sheet"),
    )
    signed_on = models.DateField(_("signed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rules signature")
        verbose_name_plural = _("rules signatures")
        constraints = [
            models.UniqueConstraint(fields=["version", "employee"], name="sign_rules_once")
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.version}"
