"""Reads of the organisation: the institution, the staff directory, client-facing staff
(rules 3.2, 3.3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, QuerySet

from servicedesk import hours
from servicedesk.models import Employee, Institution, Topic
from servicedesk.search import Folded, match_every_word

# The directory lists at most this many people; a search narrows it.
DIRECTORY_LIMIT = 200
# How far ahead the public hours page lists the days (3.2): long enough that a schedule
# announced for the holidays (Christmas, the new year) is visible from mid-November.
PUBLIC_SCHEDULE_DAYS = 60


def current_institution() -> Institution | None:
    """The institution this desk serves (the first one; the desk serves one)."""
    return Institution.objects.order_by("pk").first()


INSTITUTION_NAME_CACHE_KEY = "servicedesk:institution-short-name"


def institution_short_name() -> str:
    """The name every page's title and brand show ("AADSO"): the institution's short name, or
    its name. Cached (every web replica shares the cache in production); saving or deleting an
    institution clears it (``servicedesk.apps``)."""
    name = cache.get(INSTITUTION_NAME_CACHE_KEY)
    if name is None:
        institution = current_institution()
        name = str(institution) if institution else ""
        cache.set(INSTITUTION_NAME_CACHE_KEY, name, timeout=3600)
    return name


def forget_institution_name(**kwargs: object) -> None:
    """``post_save``/``post_delete`` receiver for ``Institution``."""
    cache.delete(INSTITUTION_NAME_CACHE_KEY)


def employees_matching(query: str = "") -> QuerySet[Employee]:
    """Active employees whose name, surname, position, unit or topic of competence contains
    every word of ``query`` (each word may match a different field: "Laura konteineri"),
    regardless of case and diacritics ("berzina" finds "Bērziņa")."""
    employees = match_every_word(
        Employee.objects.filter(is_active=True),
        query,
        ["first_name", "last_name", "position", "unit__name"],
        also=lambda word: Q(
            pk__in=Employee.objects.filter(
                topics__in=Topic.objects.annotate(folded=Folded("name")).filter(
                    folded__contains=word
                )
            ).values("pk")
        ),
    )
    return (
        employees.select_related("unit")
        .prefetch_related("topics")
        .order_by("last_name", "first_name", "pk")
    )


def client_facing_staff() -> QuerySet[Employee]:
    """The people a client meets (3.3): active, serving clients, by unit then surname."""
    return (
        Employee.objects.filter(is_active=True, client_facing=True)
        .select_related("unit")
        .order_by("unit__name", "last_name", "first_name", "pk")
    )


@dataclass(frozen=True)
class DirectoryEntry:
    employee: Employee
    state: hours.OpeningState
    state_text: str
    today: hours.DaySchedule
    weekly: list[hours.WeekdayGroup]


def directory_entries(query: str = "", at: dt.datetime | None = None) -> list[DirectoryEntry]:
    """The directory's hits with their reception hours and open state: a fixed number of
    queries whatever the number of hits (employees, topics, hours, exceptions)."""
    employees = list(employees_matching(query)[:DIRECTORY_LIMIT])
    book = hours.load_book(employees, at)
    entries = []
    for employee in employees:
        state = book.opening_state(employee, at)
        entries.append(
            DirectoryEntry(
                employee=employee,
                state=state,
                state_text=hours.describe_state(state, at),
                today=book.day(employee, book.start),
                weekly=hours.weekday_groups(book.pattern(employee)),
            )
        )
    return entries
