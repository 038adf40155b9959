"""Paging a staff list.

``page_of`` is the short lists' paging (page numbers, ``templates/partials/pagination.html``).

``keyset_page`` pages the long lists (contacts, the complaints registers) by keyset, so that
the last page costs what the first does: a page is the rows after (or before) the row a
cursor names, in the list's order, read through the order's index, never an ``OFFSET`` that
makes the database read and throw away every row in front of it. The links are "first",
"previous", "next" and "last" (``templates/partials/keyset_pagination.html``); the cursor is
opaque in the URL (the boundary row's sort values and primary key). There is no full
``COUNT`` either: the page says how many rows there are up to ``COUNT_CAP``, and "more than"
that beyond it.

The query string: ``sort`` (one of the list's orders, a whitelist; ``-`` in front reverses
it), ``per_page`` (25, 50 or 100), ``after`` / ``before`` (a cursor), ``last`` (the last
page). Every link keeps the list's filters, its order and its page size. docs/search.md.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.exceptions import FieldError, ValidationError
from django.core.paginator import Page, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.http import HttpRequest, QueryDict

PAGE_SIZE = 50
PAGE_SIZES = (25, 50, 100)
#: Rows counted at most; past it a list says "more than 1000".
COUNT_CAP = 1000
#: The keyset parameters: dropped from the links that set their own.
CURSOR_PARAMETERS = ("after", "before", "last", "page")


def page_of(request: HttpRequest, rows: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    """The page ``?page=`` asks for (the last one when it asks past the end)."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The request's query string less ``page``: the filters each page link keeps."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def page_size(request: HttpRequest) -> int:
    """``?per_page=`` when it is one of ``PAGE_SIZES``, else ``PAGE_SIZE``."""
    try:
        size = int(request.GET.get("per_page", ""))
    except ValueError:
        return PAGE_SIZE
    return size if size in PAGE_SIZES else PAGE_SIZE


@dataclass(frozen=True)
class Order:
    """The fields a page is read in (``-`` for descending), the primary key last as the
    tie-breaker."""

    fields: tuple[str, ...]

    def reversed(self) -> Order:
        return Order(
            tuple(name[1:] if name.startswith("-") else f"-{name}" for name in self.fields)
        )


def sort_of(request: HttpRequest, orders: Mapping[str, Sequence[str]], default: str) -> str:
    """The ``?sort=`` the list offers (a name of ``orders``, or ``-`` and one), else
    ``default``."""
    wanted = request.GET.get("sort", "")
    return wanted if wanted.lstrip("-") in orders else default


def order_for(orders: Mapping[str, Sequence[str]], sort: str) -> Order:
    """The fields of ``sort`` and the primary key, all reversed for ``-``: one direction, so
    that one index read forwards or backwards serves both."""
    fields = Order((*orders[sort.lstrip("-")], "pk"))
    return fields.reversed() if sort.startswith("-") else fields


@dataclass
class KeysetPage:
    """One page of a keyset-paged list; iterate it for its rows."""

    object_list: list[Any]
    sort: str
    per_page: int
    has_next: bool
    has_previous: bool
    count: int
    count_is_capped: bool
    query: QueryDict = field(repr=False)
    orders: tuple[str, ...] = ()
    next_cursor: str = ""
    previous_cursor: str = ""

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def _link(self, **params: str) -> str:
        query = self.query.copy()
        for name in CURSOR_PARAMETERS:
            query.pop(name, None)
        if "per_page" in query:
            query["per_page"] = str(self.per_page)  # a size not offered reads as the default
        for name, value in params.items():
            query[name] = value
        return query.urlencode()

    @property
    def first_query(self) -> str:
        return self._link()

    @property
    def previous_query(self) -> str:
        return self._link(before=self.previous_cursor)

    @property
    def next_query(self) -> str:
        return self._link(after=self.next_cursor)

    @property
    def last_query(self) -> str:
        return self._link(last="1")

    @cached_property
    def columns(self) -> dict[str, dict[str, str]]:
        """For each order a column header offers: the link to the first page sorted by it
        (the other way round when it is the order now) and ``aria-sort`` ("ascending",
        "descending", or "" when the list is not sorted by it)."""
        headers = {}
        for name in self.orders:
            now = "descending" if self.sort == f"-{name}" else ""
            now = "ascending" if self.sort == name else now
            toggled = f"-{name}" if now == "ascending" else name
            headers[name] = {"query": self._link(sort=toggled), "aria_sort": now}
        return headers

    @cached_property
    def sizes(self) -> list[tuple[int, str]]:
        """The page sizes offered, each with the link to the first page of that size."""
        return [(size, self._link(per_page=str(size))) for size in PAGE_SIZES]


def _encode(values: list[Any]) -> str:
    raw = json.dumps(values, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, rows: QuerySet[Any], order: Order) -> list[Any] | None:
    """The boundary row's values, each read by its field (None when the cursor is not one
    of this list's, e.g. typed by hand or from another order)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError):
        return None
    if not isinstance(values, list) or len(values) != len(order.fields):
        return None
    try:
        return [
            None if value is None else _output_field(rows, name).to_python(value)
            for name, value in zip(order.fields, values, strict=True)
        ]
    except (ValidationError, FieldError, TypeError):
        return None


def _output_field(rows: QuerySet[Any], name: str) -> Any:
    name = name.lstrip("-")
    if name in rows.query.annotations:
        return rows.query.annotations[name].output_field
    if name == "pk":
        return rows.model._meta.pk
    return rows.model._meta.get_field(name)


def _values(row: Any, order: Order) -> list[Any]:
    return [getattr(row, name.lstrip("-")) for name in order.fields]


class _RowBeyond(Func):
    """``(a, b, pk) > (x, y, z)`` (``<`` for descending): the SQL row comparison, which an
    index on (a, b, id) answers as a range, on PostgreSQL and SQLite alike."""

    output_field = BooleanField()
    template = "%(expressions)s"

    def __init__(self, order: Order, values: list[Any]) -> None:
        names = [name.lstrip("-") for name in order.fields]
        self.arg_joiner = " < " if order.fields[0].startswith("-") else " > "
        super().__init__(
            Func(*(F(name) for name in names), template="(%(expressions)s)"),
            Func(*(Value(value) for value in values), template="(%(expressions)s)"),
        )


def _beyond(order: Order, values: list[Any]) -> Q | _RowBeyond:
    """The rows after ``values`` in ``order``. One direction for every field: the row
    comparison. Mixed directions: the first key no further than the boundary (a range the
    first field's index answers) and then the comparison spelled out ("a < x or a = x and
    (b > y or …)")."""
    if len({name.startswith("-") for name in order.fields}) == 1:
        return _RowBeyond(order, values)
    condition: Q | None = None
    for name, value in reversed(list(zip(order.fields, values, strict=True))):
        column = name.lstrip("-")
        lookup = "lt" if name.startswith("-") else "gt"
        step = Q(**{f"{column}__{lookup}": value})
        if condition is not None:
            step |= Q(**{column: value}) & condition
        condition = step
    assert condition is not None
    first = order.fields[0]
    reach = "lte" if first.startswith("-") else "gte"
    return Q(**{f"{first.lstrip('-')}__{reach}": values[0]}) & condition


def _counted(rows: QuerySet[Any]) -> tuple[int, bool]:
    """How many rows, counting no further than ``COUNT_CAP``: (count, capped)."""
    count = rows.order_by().values("pk")[: COUNT_CAP + 1].count()
    return min(count, COUNT_CAP), count > COUNT_CAP


def keyset_page(
    request: HttpRequest,
    rows: QuerySet[Any],
    *,
    orders: Mapping[str, Sequence[str]],
    default: str,
) -> KeysetPage:
    """The page of ``rows`` the request asks for (module docstring). ``orders`` maps each
    ``?sort=`` name to the fields it sorts by; ``rows`` must have those fields or
    annotations. Costs two queries (the capped count and the page), whichever page."""
    sort = sort_of(request, orders, default)
    order = order_for(orders, sort)
    size = page_size(request)
    after = _decode(request.GET.get("after", ""), rows, order)
    before = None if after is not None else _decode(request.GET.get("before", ""), rows, order)
    from_end = before is not None or (after is None and request.GET.get("last") == "1")
    reading = order.reversed() if from_end else order
    selected = rows.order_by(*reading.fields)
    if after is not None:
        selected = selected.filter(_beyond(order, after))
    elif before is not None:
        selected = selected.filter(_beyond(reading, before))
    fetched = list(selected[: size + 1])
    more = len(fetched) > size
    fetched = fetched[:size]
    if from_end:
        fetched.reverse()
    count, capped = _counted(rows)
    page = KeysetPage(
        object_list=fetched,
        sort=sort,
        per_page=size,
        has_next=more if not from_end else before is not None,
        has_previous=more if from_end else after is not None,
        count=count,
        count_is_capped=capped,
        query=request.GET,
        orders=tuple(orders),
    )
    if fetched:
        page.next_cursor = _encode(_values(fetched[-1], order))
        page.previous_cursor = _encode(_values(fetched[0], order))
    return page
