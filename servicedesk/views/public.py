"""Placeholder: being written."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse


@login_not_required
def public_home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("public_home")


@login_not_required
def public_hours(request: HttpRequest) -> HttpResponse:
    return HttpResponse("public_hours")


@login_not_required
def public_staff(request: HttpRequest) -> HttpResponse:
    return HttpResponse("public_staff")

