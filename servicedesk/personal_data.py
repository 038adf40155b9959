"""Which pages show personal data, and the access log rows they leave (2.1.6.1).

Every staff view carries one of two markers, so the URL configuration itself says which pages
show personal data; ``tests/security/test_access_log.py`` walks it, fails for a staff page
without a marker, and opens every marked page to see that it leaves a row.

* ``@shows_personal_data("cases.client")`` — the page shows records of that kind. After a
  response that showed the page (2xx; or 400, 409, 422: a form shown again with its errors)
  the decorator writes

  - one row per record the view named with ``shown(request, obj)``; when the view named
    nothing, the record whose primary key is the URL's ``key`` parameter ("pk");
  - one row per list, search or export the view named with ``returned(request, rows)``:
    the kind of record, how many were returned, the numbers of those shown (an export keeps
    only the count) and the page with its filters (free text masked). Never a row per record
    exported: a register export of 10 000 items is one row.

  A redirect, 403, 404 or 405 writes nothing: nothing was shown. A service that already
  wrote the row for the request (the data subject export) is not doubled.
* ``@shows_no_personal_data("why")`` — the decision that the page shows none, and why.

The admin's pages of such records log the same way through ``PersonalDataAdmin``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar, cast

from django.apps import apps
from django.contrib import admin
from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from servicedesk.models import AccessLog
from servicedesk.selectors.audit import declare_personal_record_type
from servicedesk.services.audit import LOGGED_ATTRIBUTE, access_record, access_record_list

#: The attribute a marked view carries (``functools.wraps`` copies it outwards).
MARK = "personal_data"
#: Where the view's ``shown``/``returned`` notes wait for the response.
_NOTES = "personal_data_reads"
#: Statuses of a page that was shown: a success, or a form shown again with its errors.
SHOWN_ERRORS = frozenset({400, 409, 422})

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


@dataclass(frozen=True)
class ShowsPersonalData:
    """The view shows records of ``record_type`` ("app_label.model"); ``key`` is the URL
    parameter naming the record when the view names none itself."""

    record_type: str
    key: str | None = "pk"
    action: str = AccessLog.Action.VIEW


@dataclass(frozen=True)
class ShowsNoPersonalData:
    reason: str


@dataclass
class _Listing:
    record_type: str
    rows: Any
    action: str


@dataclass
class _Reads:
    declared: ShowsPersonalData
    records: list[tuple[Model, str]] = field(default_factory=list)
    listings: list[_Listing] = field(default_factory=list)


def shows_personal_data(
    record_type: str, *, key: str | None = "pk", action: str = AccessLog.Action.VIEW
) -> Callable[[View], View]:
    declared = ShowsPersonalData(record_type, key, action)
    declare_personal_record_type(record_type)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            reads = _Reads(declared)
            setattr(request, _NOTES, reads)
            response = view(request, *args, **kwargs)
            if was_shown(response):
                _write(request, reads, kwargs)
            return response

        setattr(wrapped, MARK, declared)
        return cast(View, wrapped)

    return decorator


def shows_no_personal_data(reason: str) -> Callable[[View], View]:
    """Mark a staff page that shows no personal data; ``reason`` says why (for the reader)."""

    def decorator(view: View) -> View:
        setattr(view, MARK, ShowsNoPersonalData(reason))
        return view

    return decorator


def declaration_of(view: Any) -> ShowsPersonalData | ShowsNoPersonalData | None:
    """The marker of a view function or ``as_view()`` callable, if it has one."""
    return getattr(view, MARK, None)


def was_shown(response: HttpResponseBase) -> bool:
    return 200 <= response.status_code < 300 or response.status_code in SHOWN_ERRORS


def _reads(request: HttpRequest) -> _Reads:
    reads = getattr(request, _NOTES, None)
    if reads is None:
        raise RuntimeError("shown()/returned() need the view to carry @shows_personal_data")
    return reads


def shown(request: HttpRequest, *records: Model | None, action: str | None = None) -> None:
    """The page shows these records (``None`` is skipped: a contact without a client)."""
    reads = _reads(request)
    for record in records:
        if record is not None:
            reads.records.append((record, action or reads.declared.action))


def returned(
    request: HttpRequest, rows: Any, *, record_type: str | None = None, export: bool = False
) -> None:
    """The page lists ``rows`` (a ``Page``, a queryset or a list) of the declared kind or of
    ``record_type``; ``export`` for a file of them (the count only, no numbers)."""
    reads = _reads(request)
    reads.listings.append(
        _Listing(
            record_type or reads.declared.record_type,
            rows,
            AccessLog.Action.BULK if export else AccessLog.Action.LIST,
        )
    )


def _write(request: HttpRequest, reads: _Reads, kwargs: dict[str, Any]) -> None:
    for record, action in reads.records:
        access_record(actor=request.user, obj=record, request=request, action=action)
    for listing in reads.listings:
        count, ids = _count_and_ids(listing.rows, with_ids=listing.action != AccessLog.Action.BULK)
        access_record_list(
            actor=request.user,
            record_type=listing.record_type,
            count=count,
            ids=ids,
            request=request,
            action=listing.action,
        )
    key = reads.declared.key
    if reads.records or reads.listings or getattr(request, LOGGED_ATTRIBUTE, False):
        return
    if key is not None and key in kwargs:
        # The view named nothing: the record the URL names (one query for its label).
        model = apps.get_model(reads.declared.record_type)
        record = model._default_manager.filter(pk=kwargs[key]).first()
        if record is not None:
            access_record(
                actor=request.user, obj=record, request=request, action=reads.declared.action
            )


def _count_and_ids(rows: Any, *, with_ids: bool) -> tuple[int, list[int]]:
    """How many rows, and their numbers, preferably from what the page already fetched."""
    if isinstance(rows, Page):
        return rows.paginator.count, _ids(rows.object_list) if with_ids else []
    if not with_ids and isinstance(rows, QuerySet) and rows._result_cache is None:
        # Not fetched (an export streams through ``iterator()``): count it in the database.
        return rows.count(), []
    listed = list(rows)
    return len(listed), _ids(listed) if with_ids else []


def _ids(rows: Iterable[Any]) -> list[int]:
    return [int(row.pk) for row in rows]


class PersonalDataAdmin(admin.ModelAdmin):
    """The admin's list and change pages of a model holding personal data leave the same
    rows as the desk's pages: the change page one for the record, the list one for the page
    of rows shown."""

    # The list counts its rows once: Django's full count for "99 results (103 total)" is a
    # second COUNT, the same query when nothing narrows the list, and a full table count on
    # the long tables. A search says "99 results (Show all)" instead; every project admin
    # does the same.
    show_full_result_count = False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and response.status_code == 200:
            rows = list(changelist.result_list)
            access_record_list(
                actor=request.user,
                record_type=self.model._meta.label_lower,
                count=changelist.result_count,
                ids=_ids(rows),
                request=request,
            )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        record = getattr(response, "context_data", {}).get("original")
        if record is not None and was_shown(response):
            access_record(actor=request.user, obj=record, request=request)
        return response
