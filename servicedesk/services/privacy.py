"""Data subject requests (2.1.6.1, GDPR articles 15, 17 and 20): export everything the desk
holds about a client, and erase (anonymise) it except what the law makes us keep.

The core app does not know the apps above it (ARCHITECTURE.md), so the data lives with
**sources**: each app's ``privacy.py`` (``cases/privacy.py``, ``complaints/privacy.py``)
registers a subject kind (the client) and a source of personal data (contacts, feedback
items…). This module holds the registry, the text scrubber, the PDF, and the two services:

* ``subject_export`` — JSON and a Latvian PDF of every section, logged as a request and as an
  access ("export") in the audit trail;
* ``subject_erase`` — each source anonymises what it may and says what it keeps and why
  (e.g. an unclosed complaint, a written submission within its retention period); the
  request and its report are logged.

Scrubbing replaces the subject's name (and each word of it), phone numbers in any common
spelling and e-mail addresses with "[erased]". The change history (django-simple-history)
of the anonymised rows is scrubbed as well, or the trail would keep what the request erased.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any, Protocol

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from servicedesk.models import DataSubjectRequest, ErasureMark
from servicedesk.selectors.audit import discover
from servicedesk.services.audit import access_record_by_type

# Legal forms are not part of what identifies a person ("SIA Tīrība" → scrub "Tīrība").
LEGAL_FORMS = frozenset({"sia", "as", "ik", "zs", "biedrība", "nodibinājums", "pa"})


def placeholder() -> str:
    """The text that replaces erased data, in Latvian (the records' language)."""
    with translation.override("lv"):
        return _("[erased]")


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


@dataclass
class Section:
    """One part of an export: a title and rows of label → value."""

    key: str
    title: str
    rows: list[dict[str, Any]]


@dataclass
class Kept:
    """A record the erasure left as it is, and the legal reason."""

    what: str
    reason: str


@dataclass
class Outcome:
    """What a source did (or, planning, would do): counts of anonymised records per kind and
    the records kept."""

    erased: dict[str, int] = field(default_factory=dict)
    kept: list[Kept] = field(default_factory=list)

    def merge(self, other: Outcome) -> None:
        for key, count in other.erased.items():
            self.erased[key] = self.erased.get(key, 0) + count
        self.kept.extend(other.kept)


class Source(Protocol):
    """A kind of personal data an app holds (registered from ``<app>/privacy.py``)."""

    key: str

    def export(self, identity: Identity) -> list[Section]: ...

    def erase(self, identity: Identity, *, apply: bool) -> Outcome: ...

    def retention(self, *, now: datetime, apply: bool) -> dict[str, int]: ...


SubjectResolver = Callable[[int], tuple[Any, Identity]]
SubjectSearch = Callable[[str], list[tuple[int, str]]]

_subjects: dict[str, SubjectResolver] = {}
_searches: dict[str, SubjectSearch] = {}
_sources: list[Source] = []


def register_subject(record_type: str, resolver: SubjectResolver, search: SubjectSearch) -> None:
    _subjects[record_type] = resolver
    _searches[record_type] = search


def subject_search(query: str) -> list[tuple[str, int, str]]:
    """(record type, id, display name) of the data subjects matching ``query``."""
    discover()
    return [(kind, pk, name) for kind, search in _searches.items() for pk, name in search(query)]


def register_source(source: Source) -> None:
    if all(s.key != source.key for s in _sources):
        _sources.append(source)


def sources() -> list[Source]:
    discover()
    return list(_sources)


def subject_get(record_type: str, pk: int) -> tuple[Any, Identity]:
    """The data subject and their identity; ``LookupError`` for an unknown kind."""
    discover()
    return _subjects[record_type](pk)


# --- Scrubbing ----------------------------------------------------------------------------


def _phone_pattern(e164: str) -> str | None:
    digits = re.sub(r"\D", "", e164)
    national = digits[3:] if digits.startswith("371") else digits
    if len(national) < 5:
        return None
    sep = r"[\s.\-()]*"
    body = sep.join(re.escape(d) for d in national)
    # Optional +371 / 00371 / 371 before the national number, in any spacing.
    return rf"(?:(?:\+|00)?{sep}3{sep}7{sep}1{sep})?{body}"


def name_words(names: Iterable[str]) -> list[str]:
    words: list[str] = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        words.append(name)
        for word in re.split(r"[\s,\"“”„']+", name):
            if len(word) >= 3 and word.lower() not in LEGAL_FORMS:
                words.append(word)
    return sorted(set(words), key=len, reverse=True)


def scrubber(identity: Identity) -> Callable[[str], str]:
    """A function that replaces the subject's name, phones and e-mails in a text."""
    parts: list[str] = [re.escape(e) for e in identity.emails if e]
    parts += [p for p in (_phone_pattern(n) for n in identity.phones) if p]
    parts += [rf"(?<!\w){re.escape(w)}(?!\w)" for w in name_words(identity.names)]
    if not parts:
        return lambda text: text
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    marker = placeholder()

    def scrub(text: str) -> str:
        return pattern.sub(marker, text or "") if text else text

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
        for row in rows.only("pk", *texts):
            changed = {name: scrub(getattr(row, name)) for name in texts}
            if any(changed[name] != getattr(row, name) for name in texts):
                history_model.objects.filter(pk=row.pk).update(**changed)
    return len(ids)


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

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "data_subject": self.identity.display_name,
                "created_at": self.created_at.isoformat(),
                "sections": {s.key: {"title": s.title, "rows": s.rows} for s in self.sections},
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


def _collect(identity: Identity) -> list[Section]:
    with translation.override("lv"):
        sections: list[Section] = []
        for source in sources():
            sections.extend(source.export(identity))
        return sections


@transaction.atomic
def subject_export(
    *, actor: Any, record_type: str, pk: int, request: HttpRequest | None = None
) -> Export:
    """2.1.6.1 (GDPR art. 15, 20): everything the desk holds about a data subject, in Latvian.

    1. Resolve the subject; each registered source contributes its sections.
    2. Log the request (``DataSubjectRequest``) and the read (``AccessLog``, "export")."""
    _subject, identity = subject_get(record_type, pk)
    sections = _collect(identity)
    logged = DataSubjectRequest.objects.create(
        kind=DataSubjectRequest.Kind.EXPORT,
        subject_type=identity.record_type,
        subject_id=identity.record_id,
        subject_label=identity.label,
        handled_by=actor,
        report={"sections": {s.key: len(s.rows) for s in sections}},
    )
    access_record_by_type(
        actor=actor,
        record_type=identity.record_type,
        record_id=identity.record_id,
        label=identity.label,
        request=request,
        action="export",
    )
    return Export(identity, sections, timezone.now(), logged)


def subject_erase_plan(*, record_type: str, pk: int) -> tuple[Identity, Outcome]:
    """What an erasure would anonymise and what it would keep (for the confirmation screen)."""
    _subject, identity = subject_get(record_type, pk)
    outcome = Outcome()
    with translation.override("lv"):
        for source in sources():
            outcome.merge(source.erase(identity, apply=False))
    return identity, outcome


@transaction.atomic
def subject_erase(*, actor: Any, record_type: str, pk: int, note: str = "") -> DataSubjectRequest:
    """2.1.6.1 (GDPR art. 17): anonymise a data subject's personal data.

    1. Resolve the subject and its identity (names, phones, e-mails) before anything changes.
    2. Each source anonymises its records: personal fields replaced, free text scrubbed,
       attachments removed, change history scrubbed; records the law makes us keep are left
       and reported with the reason.
    3. Log the request and its report."""
    _subject, identity = subject_get(record_type, pk)
    outcome = Outcome()
    with translation.override("lv"):
        for source in sources():
            outcome.merge(source.erase(identity, apply=True))
    return DataSubjectRequest.objects.create(
        kind=DataSubjectRequest.Kind.ERASURE,
        subject_type=identity.record_type,
        subject_id=identity.record_id,
        subject_label=identity.label,
        handled_by=actor,
        note=note,
        report={
            "erased": outcome.erased,
            "kept": [{"what": k.what, "reason": k.reason} for k in outcome.kept],
        },
    )


# --- The PDF ------------------------------------------------------------------------------


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

    def esc(value: Any) -> str:
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

    story: list[Flowable] = []
    with translation.override("lv"):
        story.append(Paragraph(esc(_("Personal data held about the data subject")), title))
        story.append(Paragraph(f"<b>{esc(export.identity.display_name)}</b>", body))
        created = timezone.localtime(export.created_at).strftime("%d.%m.%Y. %H:%M")
        story.append(Paragraph(esc(_("Prepared on %(when)s") % {"when": created}), small))
        story.append(Spacer(1, 4 * mm))
        for section in export.sections:
            story.append(Paragraph(esc(section.title), heading))
            if not section.rows:
                story.append(Paragraph(esc(_("Nothing held.")), small))
            for row in section.rows:
                lines = [
                    f"<b>{esc(label)}:</b> {esc(value)}"
                    for label, value in row.items()
                    if value not in ("", None, [])
                ]
                story.append(Paragraph("<br/>".join(lines), body))
                story.append(Spacer(1, 2 * mm))
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
