"""Placeholder: being written."""

from django.http import HttpRequest, HttpResponse


def print_badges(request: HttpRequest) -> HttpResponse:
    return HttpResponse("print_badges")

