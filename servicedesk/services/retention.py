"""Retention (2.1.6.1, GDPR art. 5(1)(e)): personal data is kept only as long as needed.

Each kind of record has a period after closing (``settings.RETENTION_YEARS``, default 5
years, set per kind by ``RETENTION_YEARS_<KIND>`` or for all by ``RETENTION_YEARS``). The
nightly Celery beat task ``servicedesk.tasks.apply_retention`` anonymises what has expired
the same way an erasure request does — every copy: the records on a contact, the change
history, review notes and routing notes, the notifications about them in the outbox, the
admin's log, survey invitations and answers, the attachments' stored files — and writes a
``RetentionRun`` with what it did.

It is idempotent: anonymised records are marked (``ErasureMark``) and never picked again,
so a second run the same night finds nothing. ``manage.py retention --dry-run`` reports what
a run would do and changes nothing."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from servicedesk.models import RetentionRun
from servicedesk.services.privacy import sources

logger = logging.getLogger(__name__)


@transaction.atomic
def retention_apply(*, now: datetime | None = None, dry_run: bool = False) -> RetentionRun:
    """Anonymise every record whose retention period has passed (or, with ``dry_run``, count
    them), and record the report.

    1. Each registered source (cases, complaints) finds its expired records not yet marked.
    2. Unless a dry run, it anonymises them and marks them.
    3. The report (records per kind) is saved as a ``RetentionRun`` and logged."""
    now = now or timezone.now()
    report: dict[str, int] = {}
    for source in sources():
        for kind, count in source.retention(now=now, apply=not dry_run).items():
            report[kind] = report.get(kind, 0) + count
    run = RetentionRun.objects.create(dry_run=dry_run, report=report)
    logger.info("Retention run%s: %s", " (dry run)" if dry_run else "", report)
    return run
