"""Register numbers under load (7.1–7.3, docs/complaints.md "Register numbers"): fifty desks
registering at once get fifty distinct, consecutive numbers of their series, and none waits
for another's whole registration (the number is taken last, just before the commit).

PostgreSQL only: each thread needs a connection of its own to one shared database."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from complaints.models import FeedbackItem
from complaints.register.services import registration
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)

DESKS = 50


def test_fifty_concurrent_registrations_get_fifty_consecutive_numbers(register, head):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent desks need connections of their own: PostgreSQL only")
    first = register(client_email="")  # the year's counter row of the series exists

    errors = at_once(
        DESKS, lambda i: register(client_email="", text=f"Sūdzība {i}: konteiners pilns.")
    )

    assert errors == []
    items = FeedbackItem.objects.filter(year=first.year, series=first.series)
    sequences = sorted(s or 0 for s in items.values_list("sequence", flat=True))
    assert sequences == list(range(1, DESKS + 2))
    numbers = set(items.values_list("register_number", flat=True))
    assert len(numbers) == DESKS + 1
    assert not any(n.startswith("#pending-") for n in numbers)


def test_a_registration_does_not_wait_for_anothers_whole_transaction(register, head, monkeypatch):
    """While one registration is slow before its number (here: 1 s in its notifications),
    another registers and commits at once; the slow one then takes the next number."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent desks need connections of their own: PostgreSQL only")
    register(client_email="")
    slow_started = threading.Event()
    finished: dict[str, float] = {}

    def work(i: int) -> None:
        if i == 0:
            register(client_email="", text="lēnā")
            finished["slow"] = time.monotonic()
        else:
            assert slow_started.wait(timeout=30)
            register(client_email="", text="ātrā")
            finished["fast"] = time.monotonic()

    real_tell_head = registration._tell_head

    def slow_tell_head(item):
        if item.text == "lēnā":
            slow_started.set()
            time.sleep(1.0)
        return real_tell_head(item)

    monkeypatch.setattr(registration, "_tell_head", slow_tell_head)
    errors = at_once(2, work)
    assert errors == []
    assert finished["fast"] < finished["slow"] - 0.5  # it did not queue behind the slow one
    numbers = dict(FeedbackItem.objects.values_list("text", "sequence"))
    assert numbers == {"Konteiners netika iztukšots jau trīs nedēļas.": 1, "ātrā": 2, "lēnā": 3}
