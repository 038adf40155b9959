"""The staff directory: who knows what, where they sit and whether they receive now (3.2, 4.3.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, permission_required_for
from servicedesk.selectors.organisation import DIRECTORY_LIMIT, directory_entries

if TYPE_CHECKING:
    from servicedesk.types import HtmxHttpRequest

MAX_QUERY_LENGTH = 100


@require_GET
@permission_required_for(Action.VIEW_DIRECTORY)
@shows_no_personal_data("the staff directory: employees' work contacts, published under 3.3")
def directory(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    entries = directory_entries(query)
    # htmx asks for the results only while the user types.
    template = "servicedesk/directory.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {"query": query, "entries": entries, "limit": DIRECTORY_LIMIT},
    )
