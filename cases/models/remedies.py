"""Remedies of the institution's errors (2.1.1.2): "dara visu iespējamo, lai novērstu kļūdas
negatīvās sekas". A contact flagged "our error" opens one: what will be done, by whom, by when;
it is tracked until done (with what was done) or cancelled (with the reason)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models.contacts import Contact


class Remedy(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="remedies", verbose_name=_("contact")
    )
    action = models.TextField(_("what will be done"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="remedies",
        verbose_name=_("responsible employee"),
    )
    due_on = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    # What was done (done) or why not (cancelled).
    outcome = models.TextField(_("what was done or why it was cancelled"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="remedy_owner_queue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True, outcome="")
                | ~Q(status="open") & Q(closed_at__isnull=False) & ~Q(outcome=""),
                name="remedy_closed_with_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.action[:60]
