"""Referrals (2.1.2.3, 4.1.1), order issues (4.10.1) and conflict logs (4.12.1, Annex 1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models.contacts import Contact
from servicedesk.models import CompetentInstitution, Employee, StructuralUnit, Topic


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
    # 4.10.1: the unit's head closes it, and the closure goes back to whoever reported it.
    resolution = models.TextField(_("what was done"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    # Passed on by the head to the unit that fulfils the order after all (4.10.1).
    passed_from = models.ForeignKey(
        StructuralUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("passed on from"),
    )
    pass_reason = models.CharField(_("why it was passed on"), max_length=200, blank=True)

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
