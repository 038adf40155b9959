"""The start page after login: the person's roles and what waits for them today."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import render

from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import ROLE_LABELS, roles_of
from servicedesk.start_page import panels_for

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest


@shows_no_personal_data("the person's roles and counts of what waits for them")
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    roles = sorted(roles_of(request.user))
    panels = panels_for(request.user)
    return render(
        request,
        "servicedesk/home.html",
        {
            "role_labels": [ROLE_LABELS[r] for r in roles],
            "panels": panels,
            # "Nothing is waiting for you" only when no panel has anything; a clear panel
            # beside a busy one says so of itself.
            "all_clear": all(panel.is_clear for panel in panels),
        },
    )
