"""The user model as the services and selectors name their ``actor`` (and the ``user`` a
selector reads for), and the request of a page behind the login: one place, so a signature
says "a person logged in" rather than ``Any``.

The project keeps Django's own user model (no ``AUTH_USER_MODEL``), so ``User`` is that model.
``AnyUser`` is whoever made a request, the anonymous visitor included: the audit trail records
a public page's reads too. Import these under ``TYPE_CHECKING``: the annotations are strings
(``from __future__ import annotations``), so nothing here is loaded at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

__all__ = ["AnyUser", "AuthenticatedHttpRequest", "HtmxHttpRequest", "User"]

AnyUser = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """A request past the login (every staff page; the access checks ran before the view)."""

    user: User


class HtmxHttpRequest(AuthenticatedHttpRequest):
    """The same, with django-htmx's ``request.htmx`` (its middleware, in ``MIDDLEWARE``, sets
    it on every request: falsy unless the request came from htmx)."""

    htmx: HtmxDetails
