"""Project middleware that is not a Django or third-party one."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreForSignedInMiddleware:
    """Every answer to a signed-in user is ``Cache-Control: private, no-store`` (2.1.6.1).

    Staff pages and downloads carry clients' personal data, and the desk PCs are shared: the
    next person at the desk must not find a client card in the browser's cache or its Back
    button, nor may a proxy keep one. Static files never reach this middleware (whitenoise
    answers them above it), so they stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # patch_cache_control drops a "public" the view may have set.
            patch_cache_control(response, private=True, no_store=True)
        return response
