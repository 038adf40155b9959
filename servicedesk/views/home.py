"""The start page after login: what each role works on."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from servicedesk.roles import ROLE_LABELS, roles_of


def home(request: HttpRequest) -> HttpResponse:
    roles = sorted(roles_of(request.user))
    return render(
        request,
        "servicedesk/home.html",
        {"role_labels": [ROLE_LABELS[r] for r in roles]},
    )
