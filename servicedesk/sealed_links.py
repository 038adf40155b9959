"""Sealed links: secrets that an e-mail carries but the outbox never stores.

A client's tracking link and the one-click links of a survey e-mail open pages without a
login; whoever reads them can use them. The stored ``Notification.body`` therefore holds a
marker (``seal("tracking")`` → ``[[sealed-link:tracking]]``) and the delivery worker puts the
link in at send time (``unseal``), asking the resolver that the owning app registered for
that kind of link (from its ``AppConfig.ready``). The resolver recomputes the link from what
the row is about (its target) and secrets outside the database (``SECRET_KEY``), so neither
the admin's outbox nor a copy of the database gives the link away.

A resolver answers only for the notification kinds it was registered for, so a marker typed
into a complaint's text does not pull a link into somebody else's e-mail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

#: resolver(target, argument) → the absolute URL, or None when it can no longer be made.
Resolver = Callable[[Any, str], str | None]

MARKER = re.compile(r"\[\[sealed-link:(?P<kind>[a-z0-9_]+)(?::(?P<arg>[A-Za-z0-9_-]*))?\]\]")


@dataclass(frozen=True)
class _Entry:
    resolve: Resolver
    notification_kinds: frozenset[str]


_resolvers: dict[str, _Entry] = {}


def register(kind: str, resolver: Resolver, *, notification_kinds: Collection[str]) -> None:
    """Register (or replace) the resolver of one kind of sealed link."""
    _resolvers[kind] = _Entry(resolve=resolver, notification_kinds=frozenset(notification_kinds))


def seal(kind: str, arg: str = "") -> str:
    """The marker that stands in the stored body for a link of ``kind``."""
    if not re.fullmatch(r"[a-z0-9_]+", kind) or not re.fullmatch(r"[A-Za-z0-9_-]*", arg):
        raise ValueError(f"Not a sealed-link kind/argument: {kind!r} {arg!r}")
    return f"[[sealed-link:{kind}:{arg}]]" if arg else f"[[sealed-link:{kind}]]"


def is_sealed(text: str) -> bool:
    return bool(MARKER.fullmatch(text))


def contains_sealed(text: str) -> bool:
    return bool(MARKER.search(text))


def unseal(text: str, *, notification: Any) -> str:
    """The body as sent: each marker replaced by its link, made now. A kind with no resolver
    raises (the delivery is retried and the error shows in the outbox); a link that can no
    longer be made (or a marker in the wrong kind of notification) becomes a sentence
    saying so."""
    if not contains_sealed(text):
        return text
    target = notification.target

    def replace(match: re.Match[str]) -> str:
        entry = _resolvers.get(match["kind"])
        if entry is None:
            raise LookupError(f"No resolver registered for sealed links of kind {match['kind']}")
        link = None
        if notification.kind in entry.notification_kinds and target is not None:
            link = entry.resolve(target, match["arg"] or "")
        if link:
            return link
        with translation.override(notification.language):
            return _("(this link is no longer available; please contact us)")

    return MARKER.sub(replace, text)


def redact(text: str) -> str:
    """The body as a reader of the outbox sees it: markers as a short note."""
    return MARKER.sub(lambda _match: _("[private link, added only when the e-mail is sent]"), text)
