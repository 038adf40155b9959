"""Visits booked at the front desk when a client chose to come in (4.2)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.clients import Client
from cases.models.contacts import Contact

#: One visit takes one slot of the reception hours; the desk receives one booked client a slot.
VISIT_SLOT = timedelta(minutes=15)


class Visit(models.Model):
    """A visit booked from a contact, in a free slot of the institution's reception hours."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="visits", verbose_name=_("contact")
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("client"),
    )
    starts_at = models.DateTimeField(_("time"))
    purpose = models.CharField(_("what the visit is about"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("booked by"),
    )
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    audit_trail = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["starts_at", "pk"]
        constraints = [
            # Two clients never get the same slot, even when two desks book at once.
            models.UniqueConstraint(
                fields=["starts_at"], condition=Q(status="booked"), name="visit_slot_once"
            )
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%d.%m.%Y. %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + VISIT_SLOT
