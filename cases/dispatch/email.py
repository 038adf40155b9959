"""E-mail: the dispatch becomes one outbox row (``servicedesk.services.notifications``), in
Latvian, with the outbox's fixed Message-ID; whether it went is read from that row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from cases.dispatch.base import Transport
from cases.models import Dispatch
from servicedesk.services.notifications import notify_address

#: The template of a dispatch written in the desk (its own subject and text).
DISPATCH_TEMPLATE = "cases/email/dispatch"


class EmailTransport(Transport):
    todo_label = _("E-mail queued")
    done_label = _("Sent by e-mail")

    def deliver(self, dispatch: Dispatch, *, outbox: Mapping[str, Any] | None = None) -> None:
        """Write the outbox row. An existing message (``outbox``: kind, template, context,
        key, optionally rule_clause) goes out as it always did; otherwise the dispatch's own
        subject and text."""
        message: dict[str, Any] = dict(outbox or {})
        message.setdefault("kind", f"cases.dispatch_{dispatch.kind}")
        message.setdefault("template", DISPATCH_TEMPLATE)
        message.setdefault("context", {"dispatch": dispatch})
        message.setdefault("key", f"cases.dispatch:{dispatch.number}")
        message["target"] = dispatch.target
        dispatch.notification = notify_address(email=dispatch.email, language="lv", **message)
        dispatch.state = Dispatch.State.QUEUED
