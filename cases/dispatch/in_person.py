"""In person: the reply waits at the front desk until the client comes for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from cases.dispatch.base import Transport
from cases.models import Dispatch


class InPersonTransport(Transport):
    todo_label = _("To hand over in person")
    done_label = _("Handed over in person")

    def deliver(self, dispatch: Dispatch, *, outbox: Mapping[str, Any] | None = None) -> None:
        dispatch.state = Dispatch.State.TO_HAND
