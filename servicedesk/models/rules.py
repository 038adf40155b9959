"""Rules governance (clauses 9 and 10): versions of the customer service rules, their numbered
clauses, and each user's acknowledgement of each version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
