"""The feedback items of each month, added up by what the dashboard's figures show
(``FeedbackMonthTally``): on PostgreSQL the dashboard reads these instead of counting a year
of items through the visibility gate (docs/dashboard.md)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FeedbackMonthTally(models.Model):
    """How many feedback items received in a month share what one figure of the dashboard
    groups by, together with what the visibility gate and the content rule ask of an item
    (its review authority, who registered it, its subject, whether its content is restricted:
    ethics or restricted-access information). Items derived from another item are not tallied: whom
    they are about and whether their content is open depend on the item they came from, so
    the dashboard counts them itself.

    Kept on PostgreSQL by statement triggers on the items table, in the transaction that
    writes the items (migration ``complaints/0017_feedback_month_tally``): a write only
    appends rows (+1 for a new or changed item's new values, −1 for a deleted or changed
    item's old ones), so concurrent registrations never wait for each other here; the
    dashboard adds the rows up, and ``feedback_tallies_compact`` (Celery beat) folds them
    into one row per group. On SQLite nothing is kept: the dashboard counts the items."""

    class Part(models.IntegerChoices):
        FIGURES = 1, _("kind, subject, outcome and reply")
        REPLY_DAYS = 2, _("days to the reply")
        TOPICS = 3, _("topics of complaints")
        OPEN_DUE = 4, _("reply dates still owed")

    class Reply(models.IntegerChoices):
        NONE = 0, _("not answered")
        ON_TIME = 1, _("answered on time")
        LATE = 2, _("answered late")

    month = models.DateField(_("month"))  # the first day of the month received
    part = models.PositiveSmallIntegerField(_("part"), choices=Part.choices)
    authority_id = models.BigIntegerField(_("review authority"), default=0)  # 0: none
    registered_by_id = models.BigIntegerField(_("registered by"), default=0)  # 0: the public
    restricted = models.BooleanField(_("content restricted"), default=False)
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    subject_kind = models.CharField(_("subject"), max_length=20, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)
    reply = models.PositiveSmallIntegerField(_("reply"), choices=Reply.choices, default=0)
    days = models.IntegerField(_("days to the reply"), default=0)
    due = models.DateField(_("reply due"), null=True, blank=True)
    topic = models.CharField(_("service or process"), max_length=300, blank=True)
    n = models.IntegerField(_("items"))
    compacted = models.BooleanField(_("compacted"), default=False)

    class Meta:
        verbose_name = _("feedback of a month")
        verbose_name_plural = _("feedback of a month")
        indexes = [
            models.Index(fields=["month", "part"], name="feedback_tally_month"),
            models.Index(
                fields=["month"], condition=Q(compacted=False), name="feedback_tally_fresh"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.part}: {self.n}"
