"""The registry of data subject requests (2.1.6.1): what a request is about (``Identity``),
what the sources return (``Section``, ``Outcome``…), and the kinds of data subject, sources and
dependents the apps above register from their ``privacy.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _

from servicedesk.selectors.audit import discover

if TYPE_CHECKING:
    from servicedesk.types import User


def withheld_notice() -> str:
    """The fixed sentence every export carries (Latvian). It is there whether or not anything
    was withheld, so it says nothing about the data subject's records."""
    with translation.override("lv"):
        return _(
            "Records that only their review authority may see or read (for example a "
            "complaint reviewed by the Ethics Commission or the municipal executive director) "
            "may be missing from this export or appear without their content. That authority "
            "provides them to you separately."
        )


@dataclass(frozen=True)
class Identity:
    """Who a request is about and how they appear in free text."""

    record_type: str
    record_id: int
    #: Never personal ("client #12"): goes into the audit trail and the request log.
    label: str
    #: Personal: shown only on the request screen and in the export.
    display_name: str
    names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    #: Records of the same kind merged into this one (a client's duplicate cards: the same
    #: person), read once with the identity.
    merged_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Withheld:
    """A record the person handling a request may not see, or may not read (2.1.4.4): its
    part is left out of what they get, and ``readers`` (who may see and read it: its review
    authority's members) are asked to provide it."""

    target: Model
    readers: tuple[Any, ...]
    #: A path on this site where the readers find the record.
    link: str = ""
    #: How the readers know the record (a register number); only they are told it.
    label: str = ""
    #: The authority's own mailbox, written to when no reader works in the desk (7.2, 7.3:
    #: an authority may review outside it).
    mailbox: str = ""


@dataclass
class Section:
    """One part of an export: a title and rows of label → value. ``withheld`` never leaves
    the server: it names the records whose part others provide."""

    key: str
    title: str
    rows: list[dict[str, Any]]
    withheld: list[Withheld] = field(default_factory=list)


@dataclass
class Kept:
    """A record the erasure left as it is, and the legal reason. ``scope`` is the gated record
    (``("complaints.feedbackitem", 12)``) whose visibility decides who may read this line."""

    what: str
    reason: str
    scope: tuple[str, int] | None = None


@dataclass
class Outcome:
    """What a source did (or, planning, would do): counts of anonymised records per kind and
    the records kept, as far as the handler may know of them; the kept records hidden from
    the handler (``withheld``); and every record left untouched (``untouched``: record type →
    ids), so that the catch-all scrub of the outbox passes them by."""

    erased: dict[str, int] = field(default_factory=dict)
    kept: list[Kept] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    untouched: dict[str, set[int]] = field(default_factory=dict)

    def merge(self, other: Outcome) -> None:
        for key, count in other.erased.items():
            self.erased[key] = self.erased.get(key, 0) + count
        self.kept.extend(other.kept)
        self.withheld.extend(other.withheld)
        for record_type, ids in other.untouched.items():
            self.untouched.setdefault(record_type, set()).update(ids)

    def leave(self, model: type[Model], ids: Iterable[int]) -> None:
        self.untouched.setdefault(model._meta.label_lower, set()).update(ids)


class Source(Protocol):
    """A kind of personal data an app holds (registered from ``<app>/privacy.py``).

    ``actor`` is the person handling the request: what they get (the export's rows, the
    report's counts and kept records) goes through their gate. ``None`` means nobody's:
    records behind a gate are then left out of what is returned (never out of an erasure)."""

    key: str

    def export(self, identity: Identity, *, actor: User) -> list[Section]: ...

    def erase(self, identity: Identity, *, apply: bool, actor: User | None = None) -> Outcome: ...

    def retention(self, *, now: datetime, apply: bool) -> dict[str, int]: ...


SubjectResolver = Callable[[int], tuple[Any, Identity]]
SubjectSearch = Callable[[str], list[tuple[int, str]]]
#: Called with the ids of records just anonymised and the scrubber used on them.
Dependent = Callable[[Sequence[int], Callable[[str], str]], None]

_subjects: dict[str, SubjectResolver] = {}
_searches: dict[str, SubjectSearch] = {}
_sources: list[Source] = []
_dependents: dict[str, list[Dependent]] = {}


def register_subject(record_type: str, resolver: SubjectResolver, search: SubjectSearch) -> None:
    _subjects[record_type] = resolver
    _searches[record_type] = search


def subject_search(query: str) -> list[tuple[str, int, str]]:
    """(record type, id, display name) of the data subjects matching ``query``: client cards,
    and people who wrote to us without one (found by their exact e-mail or phone number)."""
    discover()
    return [(kind, pk, name) for kind, search in _searches.items() for pk, name in search(query)]


def register_source(source: Source) -> None:
    if all(s.key != source.key for s in _sources):
        _sources.append(source)


def sources() -> list[Source]:
    discover()
    return list(_sources)


def subject_kinds() -> frozenset[str]:
    """The kinds of data subject the apps registered ("cases.client", "complaints.submitter")."""
    discover()
    return frozenset(_subjects)


def subject_get(record_type: str, pk: int) -> tuple[Any, Identity]:
    """The data subject and their identity; ``LookupError`` for an unknown kind."""
    discover()
    return _subjects[record_type](pk)


def register_dependent(record_type: str, handler: Dependent) -> None:
    """A higher app's copies of a lower app's records (a survey invitation sent after a
    contact): ``handler`` scrubs them whenever records of ``record_type`` are anonymised."""
    handlers = _dependents.setdefault(record_type, [])
    if handler not in handlers:
        handlers.append(handler)


def dependents_anonymise(
    record_type: str, ids: Sequence[int], *, scrub: Callable[[str], str]
) -> None:
    """Tell the registered dependents that these records were anonymised."""
    discover()
    if ids:
        for handler in _dependents.get(record_type, []):
            handler(ids, scrub)
