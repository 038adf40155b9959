"""Absences with a substitute: while someone is away their callbacks go to a colleague
(4.3.1: the callback is made within the agreed time even when its owner is absent)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Absence(models.Model):
    """From ``starts_on`` to ``ends_on`` (both included) ``employee`` is away and
    ``substitute`` takes their callbacks."""

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("employee"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="substitutions",
        verbose_name=_("substitute"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    audit_trail = HistoricalRecords()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["employee", "ends_on"], name="absence_employee")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="absence_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(substitute=F("employee")), name="absence_substitute_other"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.starts_on}–{self.ends_on}"
