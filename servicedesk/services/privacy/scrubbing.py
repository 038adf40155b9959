"""Scrubbing (2.1.6.1): the subject's name (each word of it, in any Latvian case ending, with or
without diacritics), phone numbers in any common spelling and e-mail addresses become
"[erased]" in every copy of an anonymised record: its change history, the outbox, the admin's
log entries."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from servicedesk.models import ErasureMark, Notification
from servicedesk.search import fold
from servicedesk.services.privacy.registry import Identity

# Legal forms are not part of what identifies a person ("SIA Tīrība" → scrub "Tīrība").
LEGAL_FORMS = frozenset({"sia", "as", "ik", "zs", "biedrība", "nodibinājums", "pa"})

#: Where a notification to an erased address now "goes": a reserved domain (RFC 2606), so the
#: row keeps its place in the outbox (the notification_has_recipient constraint) and can
#: never reach anyone.
ERASED_ADDRESS = "erased@erased.invalid"


def placeholder() -> str:
    """The text that replaces erased data, in Latvian (the records' language)."""
    with translation.override("lv"):
        return _("[erased]")


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
