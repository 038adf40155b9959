"""Outgoing register numbers under load (docs/correspondence.md, "The outgoing number"):
twenty dispatches at once get twenty distinct, consecutive numbers of the year, whether the
year's counter row exists or they race to write it (the year's first number).

PostgreSQL only: each thread needs a connection of its own to one shared database."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.utils import timezone

from cases import services
from cases.models import Dispatch, DispatchSequence
from cases.services.dispatch import OUTGOING_NUMBER_PATTERN
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)

DESKS = 20


def _letter(actor, i: int) -> Dispatch:
    return services.dispatch_to_client(
        actor=actor,
        kind=Dispatch.Kind.OTHER,
        target=None,
        name=f"Klients {i}",
        address=f"Rīgas iela {i}",
        subject="Par izvešanas grafiku",
        body="Labdien! Grafiks ir mainīts.",
    )


def _numbers_of_the_year() -> tuple[list[int], set[str]]:
    year = timezone.localdate().year
    rows = Dispatch.objects.filter(year=year)
    return sorted(rows.values_list("seq", flat=True)), set(rows.values_list("number", flat=True))


@pytest.mark.parametrize("first_of_the_year", [True, False], ids=["first-of-year", "counted-on"])
def test_twenty_concurrent_dispatches_get_twenty_consecutive_numbers(reception, first_of_the_year):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent desks need connections of their own: PostgreSQL only")
    before = 0 if first_of_the_year else 1
    if not first_of_the_year:
        _letter(reception, 0)  # the year's counter row exists

    errors = at_once(DESKS, lambda i: _letter(reception, i + 1))

    assert errors == []
    sequences, numbers = _numbers_of_the_year()
    assert sequences == list(range(1, before + DESKS + 1))
    year = timezone.localdate().year
    assert numbers == {OUTGOING_NUMBER_PATTERN.format(year=year, seq=s) for s in sequences}
    assert DispatchSequence.objects.get(year=year).last == before + DESKS


def test_a_dispatch_that_rolls_back_gives_its_number_back(reception):
    """The number is taken in the caller's transaction: a change that fails after it leaves
    no gap (here on SQLite too, without threads)."""
    first = _letter(reception, 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        _letter(reception, 2)
        raise RuntimeError("the caller's change fails after the dispatch")
    again = _letter(reception, 3)
    assert (first.seq, again.seq) == (1, 2)
    assert not Dispatch.objects.filter(recipient_name="Klients 2").exists()
