"""Data subject requests (2.1.6.1, GDPR articles 15, 17 and 20): export everything the desk
holds about a data subject, and erase (anonymise) it except what the law makes us keep.

The core app does not know the apps above it (ARCHITECTURE.md), so the data lives with
**sources**: each app's ``privacy.py`` (``cases/privacy.py``, ``complaints/privacy.py``)
registers its kinds of data subject (a client card; a public-form submitter without one) and a
source of personal data (contacts, feedback items…). This module holds the registry, the text
scrubber, the PDF, and the services:

* ``subject_export`` — JSON and a Latvian PDF of every section, logged as a request and as an
  access ("export") in the audit trail. It is read **through the gate of the person making
  it** (2.1.4.4): a record they may not see (a complaint about themselves) is neither included
  nor named nor counted; a record they see but may not read (an ethics complaint for an
  administrator) appears without its content. Those who may read such a record (its review
  authority) get an in-app notification asking them to provide that part to the data subject;
  every export carries the same fixed sentence saying that such parts come separately, whether
  or not anything was withheld, so the export itself reveals nothing.
* ``subject_erase`` — each source anonymises what it may and says what it keeps and why
  (an unclosed complaint, a written submission within its retention period). The erasure
  reaches every copy, whoever handles it; only its *report* goes through the handler's gate
  (a kept record they may not see is reported to its reviewers instead).

Scrubbing replaces the subject's name (each word of it, in any Latvian case ending, with or
without diacritics), phone numbers in any common spelling and e-mail addresses with
"[erased]". Every copy derived from an anonymised record is scrubbed as well: its change
history (django-simple-history), the notifications about it in the outbox, the admin's log
entries about it, and whatever a higher app registered with ``register_dependent``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from servicedesk.models import DataSubjectRequest, ErasureMark, Notification
from servicedesk.search import fold
from servicedesk.selectors.audit import discover, restriction_for
from servicedesk.services.audit import access_record_by_type
from servicedesk.services.notifications import notify_users_or_address

if TYPE_CHECKING:
    from servicedesk.types import User

logger = logging.getLogger(__name__)

# Legal forms are not part of what identifies a person ("SIA Tīrība" → scrub "Tīrība").
LEGAL_FORMS = frozenset({"sia", "as", "ik", "zs", "biedrība", "nodibinājums", "pa"})

#: Where a notification to an erased address now "goes": a reserved domain (RFC 2606), so the
#: row keeps its place in the outbox (the notification_has_recipient constraint) and can
#: never reach anyone.
ERASED_ADDRESS = "erased@erased.invalid"

#: The in-app notification asking a record's reviewers for the part of a request they hold.
PART_TEMPLATE = "notifications/privacy_part_requested"


def placeholder() -> str:
    """The text that replaces erased data, in Latvian (the records' language)."""
    with translation.override("lv"):
        return _("[erased]")


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


# --- Scrubbing ----------------------------------------------------------------------------

#: Latvian case endings (and the plural ones), longest first: "Bērziņa" is also written
#: "Bērziņai", "Bērziņas", "Bērziņu"; "Jānis" "Jāni", "Jānim", "Jāņa" (the last is missed: a
#: consonant change).
ENDINGS = (
    "iem", "ām", "ēm", "am", "em", "im", "ai", "ei", "as", "es", "is", "us", "os", "ij",
    "a", "ā", "e", "ē", "i", "o", "u", "s", "š",
)  # fmt: skip
#: A letter matches itself and its Latvian variants with or without diacritics.
VARIANTS = {
    "a": "aā", "c": "cč", "e": "eē", "g": "gģ", "i": "iī", "k": "kķ", "l": "lļ", "n": "nņ",
    "s": "sš", "u": "uū", "z": "zž",
}  # fmt: skip


def _loose(text: str) -> str:
    """A pattern for ``text`` that forgives missing or added diacritics and any spacing."""
    parts = []
    for char in text:
        base = fold(char)
        if char.isspace():
            parts.append(r"\s+")
        elif len(base) == 1 and base in VARIANTS:
            parts.append(f"[{VARIANTS[base]}]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _word_pattern(word: str) -> str:
    """A name word in any case ending: its stem (at least three letters) and an ending."""
    folded = fold(word)
    stem = word
    for ending in ENDINGS:
        if folded.endswith(fold(ending)) and len(word) - len(ending) >= 3:
            stem = word[: len(word) - len(ending)]
            break
    endings = "|".join(_loose(e) for e in ENDINGS)
    return rf"(?<!\w){_loose(stem)}(?:{endings})?(?!\w)"


def _phone_pattern(e164: str) -> str | None:
    digits = re.sub(r"\D", "", e164)
    national = digits[3:] if digits.startswith("371") else digits
    if len(national) < 5:
        return None
    sep = r"[\s.\-()/]*"
    body = sep.join(re.escape(d) for d in national)
    # Optional +371 / 00371 / 371 before the national number, in any spacing.
    return rf"(?<!\d)(?:(?:\+|00)?{sep}3{sep}7{sep}1{sep})?{body}(?!\d)"


def name_words(names: Iterable[str]) -> list[str]:
    words: list[str] = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        words.append(name)
        for word in re.split(r"[\s,\"“”„'\-()]+", name):
            if len(word) >= 3 and word.lower() not in LEGAL_FORMS:
                words.append(word)
    return sorted(set(words), key=len, reverse=True)


def scrubber(identity: Identity) -> Callable[[str], str]:
    """A function that replaces the subject's name, phones and e-mails in a text."""
    parts: list[str] = [re.escape(e) for e in identity.emails if e]
    parts += [p for p in (_phone_pattern(n) for n in identity.phones) if p]
    words = name_words(identity.names)
    parts += [rf"(?<!\w){_loose(w)}(?!\w)" for w in words if " " in w]
    parts += [_word_pattern(w) for w in words if " " not in w]
    if not parts:
        return lambda text: text
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    marker = placeholder()

    def scrub(text: str) -> str:
        return pattern.sub(marker, text) if text else text

    return scrub


def combine(*scrubs: Callable[[str], str] | None) -> Callable[[str], str]:
    """One scrubber applying several in turn."""
    chain = [s for s in scrubs if s is not None]

    def scrub(text: str) -> str:
        for one in chain:
            text = one(text)
        return text

    return scrub


def history_scrub(
    history_model: Any,
    *,
    ids: Sequence[int],
    key: str = "id",
    blank: Sequence[str] = (),
    set_values: dict[str, Any] | None = None,
    texts: Sequence[str] = (),
    scrub: Callable[[str], str] | None = None,
) -> int:
    """Scrub the django-simple-history rows of anonymised records: the trail keeps who
    changed what and when, but not the personal data the erasure removed."""
    if not ids:
        return 0
    rows = history_model.objects.filter(**{f"{key}__in": list(ids)})
    values: dict[str, Any] = dict.fromkeys(blank, "") | (set_values or {})
    if values:
        rows.update(**values)
    if texts and scrub is not None:
        _scrub_rows(rows, texts, scrub)
    return len(ids)


def _scrub_rows(rows: QuerySet[Any], texts: Sequence[str], scrub: Callable[[str], str]) -> int:
    """Scrub the ``texts`` columns of ``rows`` in place; the number of rows changed."""
    changed_rows = 0
    for row in rows.only("pk", *texts):
        changed = {name: scrub(getattr(row, name) or "") for name in texts}
        changed = {name: value for name, value in changed.items() if value != getattr(row, name)}
        if changed:
            type(row).objects.filter(pk=row.pk).update(**changed)
            changed_rows += 1
    return changed_rows


def texts_scrub(
    model: type[Model],
    *,
    ids: Sequence[int],
    texts: Sequence[str],
    scrub: Callable[[str], str],
    key: str = "pk",
) -> int:
    """Scrub free-text columns of rows that have no history of their own (a reviewer's
    note, a routing note): one query to read, one update per changed row."""
    if not ids:
        return 0
    return _scrub_rows(model._default_manager.filter(**{f"{key}__in": list(ids)}), texts, scrub)


def notifications_scrub(
    rows: QuerySet[Notification], *, scrub: Callable[[str], str], emails: Iterable[str] = ()
) -> int:
    """Scrub outbox rows: subject, body, link and last error; a row addressed to one of
    ``emails`` loses the address (and its idempotency key, which holds it) and, if not yet
    delivered, is failed so that it never goes out."""
    addresses = {e.strip().lower() for e in emails if e and e.strip()}
    texts = ("subject", "body", "link", "last_error")
    count = 0
    for row in rows.only("pk", "email", "status", "idempotency_key", *texts):
        changed: dict[str, Any] = {}
        for name in texts:
            value = scrub(getattr(row, name) or "")
            if value != getattr(row, name):
                changed[name] = value[:300] if name == "subject" else value
        address = row.email.strip().lower()
        if address and address in addresses:
            changed["email"] = ERASED_ADDRESS
        if addresses and any(a in row.idempotency_key.lower() for a in addresses):
            changed["idempotency_key"] = f"erased:{row.pk}"
        if "email" in changed and row.status in (
            Notification.Status.PENDING,
            Notification.Status.SENDING,
        ):
            changed["status"] = Notification.Status.FAILED
            changed["next_attempt_at"] = None
            changed["last_error"] = "Erased on a data subject request or by retention."
        if changed:
            Notification.objects.filter(pk=row.pk).update(**changed)
            count += 1
    return count


def derived_scrub(
    model: type[Model],
    ids: Sequence[int],
    *,
    scrub: Callable[[str], str],
    emails: Iterable[str] = (),
) -> None:
    """Scrub the copies the core keeps of these records: the notifications about them (the
    outbox names its target) and the admin's log entries about them."""
    if not ids:
        return
    content_type = ContentType.objects.get_for_model(model)
    object_ids = [str(pk) for pk in ids]
    notifications_scrub(
        Notification.objects.filter(content_type=content_type, object_id__in=object_ids),
        scrub=scrub,
        emails=emails,
    )
    entries = LogEntry.objects.filter(content_type=content_type, object_id__in=object_ids)
    _scrub_rows(entries, ("object_repr", "change_message"), scrub)


def mark_erased(record_type: str, ids: Iterable[int], *, reason: str) -> None:
    ErasureMark.objects.bulk_create(
        [ErasureMark(record_type=record_type, record_id=pk, reason=reason) for pk in ids],
        ignore_conflicts=True,
    )


def erased_ids(record_type: str) -> Any:
    """A subquery of the ids of ``record_type`` already anonymised."""
    return ErasureMark.objects.filter(record_type=record_type).values("record_id")


# --- The services -------------------------------------------------------------------------


@dataclass
class Export:
    identity: Identity
    sections: list[Section]
    created_at: datetime
    request: DataSubjectRequest
    notice: str = ""

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "data_subject": self.identity.display_name,
                "created_at": self.created_at.isoformat(),
                "sections": {s.key: {"title": s.title, "rows": s.rows} for s in self.sections},
                "provided_separately": self.notice,
            },
            ensure_ascii=False,
            indent=2,
            default=_json_default,
        ).encode("utf-8")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _collect(identity: Identity, actor: User) -> list[Section]:
    with translation.override("lv"):
        sections: list[Section] = []
        for source in sources():
            sections.extend(source.export(identity, actor=actor))
        return sections


def _ask_readers(
    withheld: Iterable[Withheld], *, logged: DataSubjectRequest, handler: User, kind: str
) -> int:
    """Ask those who may read each withheld record for its part of the request, in their
    inbox (2.1.4.4: the handler never learns whether anyone was asked): the record's
    authority members who may see it, never the handler, never twice for one record; the
    authority's mailbox when none of its members works in the desk."""
    asked = 0
    seen: set[tuple[str, Any]] = set()
    # The register's number ("DSP-2026-12") when the action is filed under a request.
    registered = getattr(logged, "data_request", None)
    number = getattr(registered, "number", "") or f"#{logged.pk}"
    for part in withheld:
        target_key = (part.target._meta.label_lower, part.target.pk)
        if target_key in seen:
            continue
        seen.add(target_key)
        readers = [u for u in part.readers if getattr(u, "pk", None) != getattr(handler, "pk", 0)]
        context = {
            "subject_label": logged.subject_label,
            "number": number,
            "record_label": part.label,
            "is_erasure": kind == "erasure",
        }
        key = f"privacy-part:{logged.pk}:{target_key[0]}:{target_key[1]}"
        rows = notify_users_or_address(
            users=readers,
            email=part.mailbox,
            kind=f"privacy.{kind}_part",
            rule_clause="2.1.6.1",
            target=part.target,
            template=PART_TEMPLATE,
            context=context,
            link=part.link,
            key=key,
            channels=(Notification.Channel.IN_APP,),
            link_to_address=False,  # the mailbox is asked when no member works in the desk
        )
        if not readers and not rows:
            logger.error(
                "Nobody may read %s#%s for data subject request %s: its part is not provided.",
                *target_key,
                logged.pk,
            )
        asked += len(rows)
    return asked


def _log_fields(data_request: Any) -> dict[str, Any]:
    # The register of requests (``DataRequest``) is optional here: older callers have none.
    return {"data_request": data_request} if data_request is not None else {}


@transaction.atomic
def subject_export(
    *,
    actor: User,
    record_type: str,
    pk: int,
    request: HttpRequest | None = None,
    data_request: Any = None,
) -> Export:
    """2.1.6.1 (GDPR art. 15, 20): everything the desk holds about a data subject that the
    handler may know of, in Latvian.

    1. Resolve the subject; each registered source contributes its sections, read through
       the handler's gate (2.1.4.4).
    2. Log the request (``DataSubjectRequest``; counts of what the handler got) and the read
       (``AccessLog``, "export").
    3. Ask the readers of each withheld record (in their inbox) to provide its part; the
       export carries the fixed sentence ``withheld_notice`` either way."""
    _subject, identity = subject_get(record_type, pk)
    sections = _collect(identity, actor)
    logged = DataSubjectRequest.objects.create(
        kind=DataSubjectRequest.Kind.EXPORT,
        subject_type=identity.record_type,
        subject_id=identity.record_id,
        subject_label=identity.label,
        handled_by=actor,
        report={"sections": {s.key: len(s.rows) for s in sections}},
        **_log_fields(data_request),
    )
    access_record_by_type(
        actor=actor,
        record_type=identity.record_type,
        record_id=identity.record_id,
        label=identity.label,
        request=request,
        action="export",
    )
    _ask_readers(
        (w for s in sections for w in s.withheld), logged=logged, handler=actor, kind="export"
    )
    return Export(identity, sections, timezone.now(), logged, notice=withheld_notice())


def subject_erase_plan(
    *, record_type: str, pk: int, actor: User | None = None
) -> tuple[Identity, Outcome]:
    """What an erasure would anonymise and what it would keep (for the confirmation screen),
    as far as ``actor`` may know of it."""
    _subject, identity = subject_get(record_type, pk)
    outcome = Outcome()
    with translation.override("lv"):
        for source in sources():
            outcome.merge(source.erase(identity, apply=False, actor=actor))
    return identity, outcome


@transaction.atomic
def subject_erase(
    *, actor: User, record_type: str, pk: int, note: str = "", data_request: Any = None
) -> DataSubjectRequest:
    """2.1.6.1 (GDPR art. 17): anonymise a data subject's personal data.

    1. Resolve the subject and its identity (names, phones, e-mails) before anything changes.
    2. Each source anonymises its records, whatever the handler may see: personal fields
       replaced, free text scrubbed, attachments removed, change history, notifications and
       admin log entries scrubbed; records the law makes us keep are left and reported with
       the reason.
    3. The outbox is swept once more for rows addressed to the subject or naming them that
       no record led to (outside the records kept by law).
    4. Log the request and its report — only what the handler may know of (2.1.4.4); the
       readers of a kept record hidden from the handler are told in their inbox."""
    _subject, identity = subject_get(record_type, pk)
    outcome = Outcome()
    with translation.override("lv"):
        for source in sources():
            outcome.merge(source.erase(identity, apply=True, actor=actor))
        _outbox_sweep(identity, outcome)
    logged = DataSubjectRequest.objects.create(
        kind=DataSubjectRequest.Kind.ERASURE,
        subject_type=identity.record_type,
        subject_id=identity.record_id,
        subject_label=identity.label,
        handled_by=actor,
        note=note,
        report={
            "erased": outcome.erased,
            "kept": [
                {"what": k.what, "reason": k.reason, "scope": list(k.scope) if k.scope else None}
                for k in outcome.kept
            ],
            "notice": withheld_notice(),
        },
        **_log_fields(data_request),
    )
    _ask_readers(outcome.withheld, logged=logged, handler=actor, kind="erasure")
    return logged


def _outbox_sweep(identity: Identity, outcome: Outcome) -> None:
    """The outbox rows no source led to but that are addressed to the subject or name them
    in full (by e-mail address or whole name), except rows about records kept by law."""
    condition = Q(pk__in=[])
    for email in identity.emails:
        if email:
            condition |= Q(email__iexact=email) | Q(body__icontains=email)
    for name in identity.names:
        if len(name.strip()) >= 5:
            condition |= Q(subject__icontains=name.strip()) | Q(body__icontains=name.strip())
    rows = Notification.objects.filter(condition)
    for label, ids in outcome.untouched.items():
        if not ids:
            continue
        app_label, model = label.split(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is not None:
            rows = rows.exclude(content_type=content_type, object_id__in=[str(i) for i in ids])
    notifications_scrub(rows, scrub=scrubber(identity), emails=identity.emails)


def report_for(viewer: User, report: dict[str, Any]) -> dict[str, Any]:
    """A request's report as ``viewer`` may read it: a kept record whose scope they may not
    see (a complaint about them, handled by someone else) is left out (2.1.4.4)."""
    discover()
    kept = []
    for entry in report.get("kept", []):
        scope = entry.get("scope")
        restriction = restriction_for(scope[0]) if scope else None
        if restriction is not None and not restriction.visible(viewer).filter(pk=scope[1]).exists():
            continue
        kept.append(entry)
    return {**report, "kept": kept} if "kept" in report else dict(report)


# --- The PDF ------------------------------------------------------------------------------


def _pdf_text(value: Any) -> str:
    """A value as the PDF's paragraph markup shows it: Latvian dates, "jā"/"nē", escaped."""
    if isinstance(value, datetime):
        text = timezone.localtime(value).strftime("%d.%m.%Y. %H:%M")
    elif isinstance(value, date):
        text = value.strftime("%d.%m.%Y.")
    else:
        text = str(value)
    if isinstance(value, bool):
        text = _("yes") if value else _("no")
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).replace(
        "\n", "<br/>"
    )


def export_pdf(export: Export) -> bytes:
    """A readable PDF of an export, in Latvian, with the badge printer's Latvian fonts."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus.flowables import Flowable

    from servicedesk.badges import _fonts

    fonts = _fonts()
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=12)
    title = ParagraphStyle("title", fontName=fonts.bold, fontSize=15, leading=19, spaceAfter=6)
    heading = ParagraphStyle("h", fontName=fonts.bold, fontSize=12, leading=15, spaceBefore=8)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, textColor=colors.HexColor("#444444"))

    story: list[Flowable] = []
    with translation.override("lv"):
        story.append(Paragraph(_pdf_text(_("Personal data held about the data subject")), title))
        story.append(Paragraph(f"<b>{_pdf_text(export.identity.display_name)}</b>", body))
        created = timezone.localtime(export.created_at).strftime("%d.%m.%Y. %H:%M")
        story.append(Paragraph(_pdf_text(_("Prepared on %(when)s") % {"when": created}), small))
        story.append(Spacer(1, 4 * mm))
        for section in export.sections:
            story.append(Paragraph(_pdf_text(section.title), heading))
            if not section.rows:
                story.append(Paragraph(_pdf_text(_("Nothing held.")), small))
            for row in section.rows:
                lines = [
                    f"<b>{_pdf_text(label)}:</b> {_pdf_text(value)}"
                    for label, value in row.items()
                    if value not in ("", None, [])
                ]
                story.append(Paragraph("<br/>".join(lines), body))
                story.append(Spacer(1, 2 * mm))
        if export.notice:
            story.append(Paragraph(_pdf_text(_("Provided separately")), heading))
            story.append(Paragraph(_pdf_text(export.notice), body))
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=str(export.identity.label),
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
    ).build(story)
    return buffer.getvalue()
