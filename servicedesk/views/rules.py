"""Placeholder: being written."""

from django.http import HttpRequest, HttpResponse


def rules_acknowledge(request: HttpRequest) -> HttpResponse:
    return HttpResponse("rules_acknowledge")


def rules_register(request: HttpRequest) -> HttpResponse:
    return HttpResponse("rules_register")

