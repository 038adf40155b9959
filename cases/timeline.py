"""One client, one timeline (docs/contacts.md, "The client's timeline"): everything that
happened with a client, newest first, on the client's card.

The cases app lists its own records here (contacts, incoming e-mails, written submissions,
callbacks, consultations, remedies, outgoing dispatches). What only a higher app knows (its
complaints) it cannot import, so this is a registry: a higher app registers a source from
its ``AppConfig.ready`` (``complaints/timeline.py``), a function
``entries(user, client, *, limit)`` answering at most ``limit`` of the newest entries the user
may see, each through its own gate. Every source costs a fixed number of queries, so the
card's query count does not grow with the number of entries; the card shows the newest
``PAGE`` and a link for more.

Rows derived from a confidential record (an e-mail answering the desk's message about a
complaint, a dispatch of a complaint's reply) carry its scope (``servicedesk.scopes``): they
are listed only when the user may know of the record, and their subject only when the user
may read it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.models import (
    Callback,
    Channel,
    Consultation,
    Contact,
    Dispatch,
    InboundEmail,
    Remedy,
    WrittenSubmission,
)
from servicedesk import scopes

if TYPE_CHECKING:
    from cases.models import Client

#: Entries on the card at first; "show more" adds as many again, up to ``MOST``.
PAGE = 50
MOST = 500
#: Words of a text shown in an entry.
WORDS = 25


@dataclass(frozen=True)
class Entry:
    """One thing that happened: when, what kind (``kind`` a stable key for the page and the
    tests, ``label`` its name), a title and a line of detail, and where to open it.
    ``withheld``: the user may know that it exists but not read it (2.1.4.4, 7.3)."""

    at: datetime
    kind: str
    label: str
    title: str
    detail: str = ""
    url: str = ""
    withheld: bool = False


class Source(Protocol):
    def __call__(self, user: Any, client: Client, *, limit: int) -> list[Entry]: ...


_sources: dict[str, Source] = {}


def provide(name: str, source: Source) -> None:
    """Register (or replace) the source called ``name``."""
    _sources[name] = source


@dataclass(frozen=True)
class Timeline:
    entries: list[Entry]
    has_more: bool
    more: int  # how many to ask for to see more


def limit_from(value: Any) -> int:
    """The number of entries asked for (``?timeline=``): ``PAGE`` unless a larger number up
    to ``MOST`` is asked."""
    text = str(value or "")
    return min(max(int(text), PAGE), MOST) if text.isdigit() else PAGE


def client_timeline(user: Any, client: Client, *, limit: int = PAGE) -> Timeline:
    """The newest ``limit`` entries of every source, newest first. Each source gives one
    more than asked, so that "more" is offered exactly when there is more."""
    found: list[Entry] = []
    for source in _sources.values():
        found.extend(source(user, client, limit=limit + 1))
    found.sort(key=lambda entry: entry.at, reverse=True)
    return Timeline(
        entries=found[:limit], has_more=len(found) > limit, more=min(limit + PAGE, MOST)
    )


def short(text: str) -> str:
    return Truncator(text or "").words(WORDS)


def _readable_flag(user: Any, rows: QuerySet[Any]) -> Case:
    """Whether the row's subject may be read: unscoped, or its root readable by ``user``."""
    return Case(
        When(scopes.readable_q(user, rows), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


# --- The cases app's own sources --------------------------------------------------------------

_CHANNEL_KINDS: dict[str, str] = {Channel.EMAIL_OUT: "email_out"}


def contacts(user: Any, client: Client, *, limit: int) -> list[Entry]:
    """Contacts on every channel; an incoming e-mail's contact is listed as the e-mail."""
    rows = (
        Contact.objects.filter(client=client, inbound_email__isnull=True)
        .select_related("employee", "topic")
        .order_by("-started_at", "-pk")[:limit]
    )
    return [
        Entry(
            at=c.started_at,
            kind=_CHANNEL_KINDS.get(c.channel, "contact"),
            label=c.get_channel_display(),
            title=short(c.summary) or str(c.topic or _("Contact")),
            detail=c.employee.get_full_name() or c.employee.get_username(),
            url=reverse("cases:contact_detail", args=[c.pk]),
        )
        for c in rows
    ]


def emails(user: Any, client: Client, *, limit: int) -> list[Entry]:
    """Incoming e-mails filed as the client's contacts, through their scope's gate."""
    visible = InboundEmail.objects.filter(scopes.visible_q(user), contact__client=client)
    rows = visible.annotate(readable=_readable_flag(user, visible)).order_by("-received_at", "-pk")[
        :limit
    ]
    return [
        Entry(
            at=e.received_at,
            kind="email_in",
            label=_("Incoming e-mail"),
            title=(e.subject or _("(no subject)")) if e.readable else _("Content withheld"),
            detail=e.from_address if e.readable else "",
            url=reverse("cases:mail_detail", args=[e.pk]),
            withheld=not e.readable,
        )
        for e in rows
    ]


def submissions(user: Any, client: Client, *, limit: int) -> list[Entry]:
    rows = WrittenSubmission.objects.filter(contact__client=client).order_by("-created_at", "-pk")[
        :limit
    ]
    return [
        Entry(
            at=s.created_at,
            kind="submission",
            label=_("Written submission"),
            title=f"{s.register_number} · {short(s.subject)}",
            detail=s.get_status_display(),
            url=reverse("cases:submission_detail", args=[s.pk]),
        )
        for s in rows
    ]


def callbacks(user: Any, client: Client, *, limit: int) -> list[Entry]:
    rows = (
        Callback.objects.filter(Q(client=client) | Q(contact__client=client))
        .distinct()
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        Entry(
            at=cb.created_at,
            kind="callback",
            label=_("Callback"),
            title=short(cb.question),
            detail=cb.get_status_display(),
            url=reverse("cases:contact_detail", args=[cb.contact_id]),
        )
        for cb in rows
    ]


def consultations(user: Any, client: Client, *, limit: int) -> list[Entry]:
    rows = (
        Consultation.objects.filter(contact__client=client)
        .select_related("contact_person")
        .order_by("-asked_at", "-pk")[:limit]
    )
    return [
        Entry(
            at=q.asked_at,
            kind="consultation",
            label=_("Consultation"),
            title=short(q.question),
            detail=q.contact_person.get_full_name() or q.contact_person.get_username(),
            url=reverse("cases:contact_detail", args=[q.contact_id]),
        )
        for q in rows
    ]


def remedies(user: Any, client: Client, *, limit: int) -> list[Entry]:
    rows = Remedy.objects.filter(contact__client=client).order_by("-opened_at", "-pk")[:limit]
    return [
        Entry(
            at=r.opened_at,
            kind="remedy",
            label=_("Remedy of our error"),
            title=short(r.action),
            detail=r.get_status_display(),
            url=reverse("cases:remedy_detail", args=[r.pk]),
        )
        for r in rows
    ]


def dispatches(user: Any, client: Client, *, limit: int) -> list[Entry]:
    """Outgoing correspondence to the client, through its scope's gate."""
    visible = Dispatch.objects.filter(scopes.visible_q(user), client=client)
    rows = visible.annotate(readable=_readable_flag(user, visible)).order_by("-created_at", "-pk")[
        :limit
    ]
    return [
        Entry(
            at=d.created_at,
            kind="dispatch",
            label=_("Outgoing communication"),
            title=f"{d.number} · {short(d.subject)}" if d.readable else d.number,
            detail=f"{d.get_channel_display()} · {d.get_state_display()}",
            withheld=not d.readable,
        )
        for d in rows
    ]


_OWN: dict[str, Callable[..., list[Entry]]] = {
    "contacts": contacts,
    "emails": emails,
    "submissions": submissions,
    "callbacks": callbacks,
    "consultations": consultations,
    "remedies": remedies,
    "dispatches": dispatches,
}
for _name, _source in _OWN.items():
    provide(_name, _source)
