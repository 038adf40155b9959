"""Search that forgives what people leave out when they type Latvian: "berzina" finds
"Bērziņa", "ETIKAS" finds "Ētikas komisija".

``Folded(expression)`` is the column lower-cased and without diacritics: ``lower(unaccent(…))``
on PostgreSQL (the ``unaccent`` extension, created by migration ``servicedesk/0007``), and on
SQLite a function of the same name registered on every connection (SQLite's own ``LIKE`` folds
ASCII letters only). ``fold`` does the same to the typed words in Python.

``stem_words`` goes further for Latvian prose (the knowledge base, 4.7): each word loses its
case ending (``LatvianStemmer``, a port of Lucene's light Latvian stemmer) before it is folded,
so "konteiners" finds "konteinera" and "konteineru", "rēķins" finds "Rēķini". The text is
stemmed once when it is saved and each typed word when it is searched, so a plain substring
match works the same on SQLite and PostgreSQL.

``folded_words`` makes the stored search text of the client look-up and the registers
(names, numbers: folded, not stemmed); ``typed_words`` reads the query. docs/search.md.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable
from typing import Any

from django.db.models import Func, Q, QuerySet, TextField
from LatvianStemmer import stem

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case, without combining marks: "Ģirts Ķeņģis" → "girts kengis"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def folded_words(*parts: str) -> str:
    """The parts folded and joined by single spaces: a row's search text, kept on write
    (``cases.models.Client.search_text``, ``complaints.models.FeedbackItem.search_names``)
    so that a search needs no function on the column, only ``LIKE '%word%'``, which a
    trigram index answers on PostgreSQL."""
    return " ".join(fold(" ".join(part for part in parts if part)).split())


def typed_words(query: str) -> list[str]:
    """The typed words, folded, without repeats; a word that another contains is left out
    (it adds nothing to "every word occurs")."""
    words = list(dict.fromkeys(fold(query).split()))
    return [w for w in words if not any(w != other and w in other for other in words)]


def stem_words(text: str) -> str:
    """Each word stemmed (on the lower-cased Latvian, where the stemmer reads its endings and
    palatalised consonants) and then folded, separated by spaces: "Rēķini par būvgružu
    konteineru" → "rekin par buvgruz konteiner"."""
    return " ".join(fold(stem(word)) for word in _WORD.findall(text.casefold()))


class Folded(Func):
    """The expression lower-cased and without diacritics, in the database."""

    output_field = TextField()
    template = "sd_fold(%(expressions)s)"

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="lower(unaccent(%(expressions)s))", **extra_context
        )


def register_sqlite_fold(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: give SQLite the ``sd_fold`` function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("sd_fold", 1, _sqlite_fold, deterministic=True)


#: SQLite's statistics are refreshed by the first connection of a process, and then daily.
SQLITE_ANALYSE_EVERY = 24 * 3600.0
_sqlite_analysed_at: float | None = None


def refresh_sqlite_statistics(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: give SQLite's query planner statistics (``ANALYZE``),
    once per process and day. Without them it reads a register through the index of
    "registered by me or reviewed by us" and sorts every visible row, instead of walking the
    order's index and stopping after a page (docs/search.md). The embedded mode runs no
    nightly jobs, so the web process does it: 50 ms for 20,000 items and 20,000 contacts.
    Not sampled (``analysis_limit``): a sample takes one person's thousands of items for a
    few."""
    global _sqlite_analysed_at
    if connection.vendor != "sqlite":
        return
    now = time.monotonic()
    if _sqlite_analysed_at is not None and now - _sqlite_analysed_at < SQLITE_ANALYSE_EVERY:
        return
    _sqlite_analysed_at = now
    # The new connection is in autocommit mode (Django sets it before this signal).
    connection.connection.execute("ANALYZE")


def _sqlite_fold(value: object) -> str | None:
    return None if value is None else fold(str(value))


def match_every_word(
    queryset: QuerySet[Any],
    query: str,
    fields: list[str],
    also: Callable[[str], Q] | None = None,
) -> QuerySet[Any]:
    """The rows where every word of ``query`` occurs, folded, in one of ``fields`` (each
    word may match a different field: "laura konteineri"). ``also(word)`` adds a condition
    a word may satisfy instead (e.g. a topic of competence, through another table)."""
    words = [fold(word) for word in query.split()]
    if not words:
        return queryset
    names = {field: f"_folded_{field.replace('__', '_')}" for field in fields}
    queryset = queryset.annotate(**{name: Folded(field) for field, name in names.items()})
    for word in words:
        condition = Q()
        for name in names.values():
            condition |= Q(**{f"{name}__contains": word})
        if also is not None:
            condition |= also(word)
        queryset = queryset.filter(condition)
    return queryset
