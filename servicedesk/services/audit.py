"""The read side of the audit trail (2.1.6.1, 2.1.6.2): who opened which client record,
feedback item or attachment, when, and from which address.

Writes are recorded by django-simple-history on the models themselves (``audit_trail``); this
module records reads. Entries are only ever inserted: nothing in the app updates or deletes
them (on PostgreSQL a trigger refuses it, migration ``servicedesk/0006``)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from servicedesk.http import client_address
from servicedesk.models import AccessLog
from servicedesk.selectors.audit import restriction_for


def record_label(obj: models.Model) -> str:
    """A label for the trail that is never personal data: a register number, or the kind of
    record and its number ("client #12")."""
    label = getattr(obj, "audit_label", None)
    if callable(label):
        return str(label())
    number = getattr(obj, "register_number", "")
    if number:
        return str(number)
    return f"{obj._meta.verbose_name} #{obj.pk}"


def access_record(
    *, actor: Any, obj: models.Model, request: HttpRequest | None, action: str = "view"
) -> AccessLog:
    """2.1.6.1: record that ``actor`` read ``obj`` (a client, a feedback item, an attachment)."""
    record_type = obj._meta.label_lower
    restriction = restriction_for(record_type)
    return access_record_by_type(
        actor=actor,
        record_type=record_type,
        record_id=int(obj.pk),
        label=record_label(obj),
        request=request,
        action=action,
        scope_id=getattr(obj, restriction.scope_field) if restriction else None,
    )


def access_record_by_type(
    *,
    actor: Any,
    record_type: str,
    record_id: int,
    label: str,
    request: HttpRequest | None,
    action: str = "view",
    scope_id: int | None = None,
) -> AccessLog:
    """Record a read of a record named by its type and id (see ``access_record``)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AccessLog.objects.create(
        actor=user,
        actor_username=user.get_username() if user is not None else "",
        action=action,
        record_type=record_type,
        record_id=record_id,
        record_label=label[:200],
        scope_id=scope_id,
        ip_address=client_address(request),
        path=(request.get_full_path()[:300] if request is not None else ""),
    )
