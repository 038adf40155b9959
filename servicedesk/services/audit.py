"""The read side of the audit trail (2.1.6.1, 2.1.6.2): who opened which client record,
feedback item or attachment — or listed, searched or exported which kind of them — when, and
from which address. Pages call these through their marker (``servicedesk.personal_data``).

Writes are recorded by django-simple-history on the models themselves (``audit_trail``); this
module records reads. Entries are only ever inserted: nothing in the app updates or deletes
them (on PostgreSQL a trigger refuses it, migration ``servicedesk/0006``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth.models import User
from django.db import models
from django.http import HttpRequest, QueryDict

from servicedesk.http import client_address
from servicedesk.models import AccessLog
from servicedesk.selectors.audit import restriction_for

if TYPE_CHECKING:
    from servicedesk.types import AnyUser

#: Set on the request once a row is written for it, so that the page marker
#: (``servicedesk.personal_data``) does not write a second one for the same read.
LOGGED_ATTRIBUTE = "access_logged"

#: Query parameters holding free text typed by the user (a client's name searched for, a
#: service described in a complaint): kept in the logged page as "*", because the log is
#: append-only and must never hold personal data that an erasure would have to remove.
FREE_TEXT_PARAMETERS = frozenset({"q", "topic"})

#: How many record numbers a list row keeps (a page is 50, a search at most 200).
MAX_IDS = 200


def logged_path(request: HttpRequest | None) -> str:
    """The page and its filters, free text masked (``FREE_TEXT_PARAMETERS``)."""
    if request is None:
        return ""
    query = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        query.setlist(name, ["*" if name in FREE_TEXT_PARAMETERS and v else v for v in values])
    encoded = query.urlencode(safe="*")
    return (f"{request.path}?{encoded}" if encoded else request.path)[:300]


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
    *, actor: AnyUser, obj: models.Model, request: HttpRequest | None, action: str = "view"
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
    actor: AnyUser,
    record_type: str,
    record_id: int,
    label: str,
    request: HttpRequest | None,
    action: str = "view",
    scope_id: int | None = None,
) -> AccessLog:
    """Record a read of a record named by its type and id (see ``access_record``)."""
    return _write(
        actor=actor,
        request=request,
        action=action,
        record_type=record_type,
        record_id=record_id,
        record_label=label,
        scope_id=scope_id,
    )


def access_record_list(
    *,
    actor: AnyUser,
    record_type: str,
    count: int,
    ids: Sequence[int],
    request: HttpRequest | None,
    action: str = AccessLog.Action.LIST,
) -> AccessLog:
    """2.1.6.1: record that ``actor`` listed, searched or exported ``count`` records of
    ``record_type`` — one row, whatever the count: the numbers of those shown (at most
    ``MAX_IDS``; an export passes none) and the page with its filters say which."""
    model = apps.get_model(record_type)
    return _write(
        actor=actor,
        request=request,
        action=action,
        record_type=record_type,
        record_id=None,
        record_label=f"{model._meta.verbose_name_plural}: {count}",
        result_count=count,
        record_ids=f" {' '.join(str(pk) for pk in ids[:MAX_IDS])} " if ids else "",
    )


def _write(
    *, actor: AnyUser, request: HttpRequest | None, record_label: str, **fields: Any
) -> AccessLog:
    user = actor if isinstance(actor, User) else None  # the anonymous visitor: no row to link
    entry = AccessLog.objects.create(
        actor=user,
        actor_username=user.get_username() if user is not None else "",
        record_label=record_label[:200],
        ip_address=client_address(request),
        path=logged_path(request),
        **fields,
    )
    if request is not None:
        setattr(request, LOGGED_ATTRIBUTE, True)
    return entry
