"""Data protection records (2.1.6): who read what, the data subject requests and the
retention runs.

Writes of clients, contacts, feedback items and attachments are recorded by
django-simple-history (the ``Historical*`` tables of the cases and complaints apps); reads are
``AccessLog`` rows written by ``servicedesk.services.audit.access_record``. The access log is
append-only: the app never updates or deletes a row (the admin is read-only) and on
PostgreSQL a trigger refuses UPDATE and DELETE (migration ``0006``).

Records are named by ``record_type`` (``"app_label.model"``) and ``record_id`` rather than by
a foreign key: the core app does not depend on the apps above it, and an entry outlives the
record it names. Labels are never personal data (a register number, "client #12"), so an
erasure never has to touch the log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One read of a personal or sensitive record: who, when, which record, from where.

    A list, a search or an export is one row too (``record_id`` empty): the kind of record,
    how many were returned, the numbers of those shown (a page or a search; an export keeps
    only the count) and the page with its filters (``servicedesk.personal_data``)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")
        EXPORT = "export", _("Exported (data subject request)")
        LIST = "list", _("Listed or searched")
        BULK = "bulk", _("Exported (list or register)")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # Users are deactivated, never deleted, while the trail refers to them.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    record_type = models.CharField(_("kind of record"), max_length=100)
    # Empty for a list, search or export: ``result_count`` and ``record_ids`` say what it
    # returned.
    record_id = models.PositiveBigIntegerField(_("record number"), null=True, blank=True)
    record_label = models.CharField(_("record"), max_length=200, blank=True)
    result_count = models.PositiveIntegerField(_("records returned"), null=True, blank=True)
    # " 3 12 40 ": the numbers a list page or a search showed, space-delimited on both sides
    # so that "who listed record 12" is a portable ``contains`` (" 12 ") on any database.
    record_ids = models.TextField(_("records shown"), blank=True, editable=False)
    # The record whose visibility rule governs this entry (an attachment's feedback item):
    # the subject rule (2.1.4.4) hides entries about items the searcher may not see.
    scope_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["record_type", "record_id", "-at"], name="accesslog_record"),
            models.Index(fields=["actor", "-at"], name="accesslog_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y. %H:%M} {self.actor_username} {self.action} {self.record_label}"


class DataSubjectRequest(models.Model):
    """One thing done for a data subject (an export or an erasure) and its report. Since the
    register of requests (``DataRequest``, 2.1.6.1) these are done for a registered request
    whose identity check is recorded, and point back to it; older rows have none."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export of the personal data")
        ERASURE = "erasure", _("Erasure (anonymisation)")

    at = models.DateTimeField(_("when"), auto_now_add=True)
    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    subject_type = models.CharField(_("kind of record"), max_length=100)
    subject_id = models.PositiveBigIntegerField(_("record number"))
    subject_label = models.CharField(_("data subject"), max_length=200)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handled by"),
    )
    note = models.TextField(_("note"), blank=True)
    report = models.JSONField(_("what was done"), default=dict, blank=True)
    data_request = models.ForeignKey(
        "servicedesk.DataRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("registered request"),
    )

    class Meta:
        verbose_name = _("action on a data subject request")
        verbose_name_plural = _("actions on data subject requests")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y.} {self.get_kind_display()} {self.subject_label}"


class ErasureMark(models.Model):
    """A record whose personal data has been anonymised (by request or by retention), so that
    the nightly retention run passes it by: the run is idempotent."""

    record_type = models.CharField(max_length=100)
    record_id = models.PositiveBigIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("anonymised record")
        verbose_name_plural = _("anonymised records")
        constraints = [
            models.UniqueConstraint(fields=["record_type", "record_id"], name="erasure_mark_once")
        ]

    def __str__(self) -> str:
        return f"{self.record_type}#{self.record_id}"


class RetentionRun(models.Model):
    """One nightly (or manual) retention run and its report."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%d.%m.%Y. %H:%M}"
