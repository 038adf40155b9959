"""A letter: the desk prints it (``cases.dispatch.letter_pdf``), then posts it on the day's
dispatch list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from cases.dispatch.base import Transport
from cases.models import Dispatch


class LetterTransport(Transport):
    todo_label = _("Letter to print")
    done_label = _("Letter posted")

    def deliver(self, dispatch: Dispatch, *, outbox: Mapping[str, Any] | None = None) -> None:
        dispatch.state = Dispatch.State.TO_PRINT
