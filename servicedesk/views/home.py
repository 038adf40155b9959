"""The start page after login: the person's roles and what waits for them today."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from servicedesk.roles import ROLE_LABELS, roles_of
from servicedesk.today import panels_for


def home(request: HttpRequest) -> HttpResponse:
    roles = sorted(roles_of(request.user))
    return render(
        request,
        "servicedesk/home.html",
        {"role_labels": [ROLE_LABELS[r] for r in roles], "panels": panels_for(request.user)},
    )
