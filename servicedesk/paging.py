"""Paging a staff list: one page of rows, and the list's other query parameters for the page
links of ``templates/partials/pagination.html`` (its ``query``)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def page_of(request: HttpRequest, rows: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    """The page ``?page=`` asks for (the last one when it asks past the end)."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The request's query string less ``page``: the filters each page link keeps."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
