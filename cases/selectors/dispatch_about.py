"""The outgoing communications about one record (docs/correspondence.md), for the screen
that just made them to say what was done (``cases.services.dispatch.dispatch_outcome``).

The caller has the record open through its own gate; the rows carry its scope."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from cases.models import Dispatch


def dispatch_last_id(target: models.Model) -> int:
    """The id of the newest dispatch about ``target`` (0 for none): what was there before."""
    row = _about(target).order_by("-pk").values_list("pk", flat=True).first()
    return int(row or 0)


def dispatches_about(target: models.Model, *, after: int = 0, kind: str = "") -> list[Dispatch]:
    """The dispatches about ``target`` made after the one numbered ``after``, oldest first
    (of ``kind`` only, when given), with their outbox rows."""
    rows = _about(target).filter(pk__gt=after).select_related("notification")
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("pk"))


def _about(target: models.Model) -> models.QuerySet[Dispatch]:
    return Dispatch.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    )
