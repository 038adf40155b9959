"""The password reset request, throttled (2.1.6.1).

Django's view already answers the same way whether or not an account has the address. Left
alone it would also mail a reset link as often as anyone asks: a stranger could flood a staff
member's mailbox, or use the desk to send mail to any address. So a request counts against its
client's address and against the e-mail typed (whether or not an account has it, so the limit
itself tells nothing); over either limit the form comes back with a message and nothing is
sent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse
from django.utils.translation import gettext as _

from servicedesk.http import client_address
from servicedesk.ratelimit import rate_limit_hit


def _over_limit(*, address: str, email: str) -> bool:
    window = settings.PASSWORD_RESET_LIMIT_WINDOW
    counters = (
        ("address", address, settings.PASSWORD_RESET_LIMIT_PER_ADDRESS),
        ("email", email, settings.PASSWORD_RESET_LIMIT_PER_EMAIL),
    )
    # Both counters move on every request (a list, not ``any`` over a generator, which would
    # stop at the first), so neither can be reset by spreading requests.
    hits = [
        rate_limit_hit(scope=f"password-reset:{name}", subject=subject, limit=limit, window=window)
        for name, subject, limit in counters
    ]
    return any(hits)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """``PasswordResetView`` with a per-address and per-e-mail limit (429 with the form)."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = str(form.cleaned_data["email"]).strip().lower()
        address = client_address(self.request) or "unknown"
        if _over_limit(address=address, email=email):
            form.add_error(
                None,
                _(
                    "Too many password reset requests from this connection or for this "
                    "e-mail address. Please try again later."
                ),
            )
            context: dict[str, Any] = self.get_context_data(form=form)
            return self.render_to_response(context, status=429)
        return super().form_valid(form)
