"""The contacts of each day (``ContactDayTally``), kept by PostgreSQL's triggers for the
dashboard's contact figures (docs/dashboard.md): whatever writes the contacts (the desk's
service, a bulk load, an update that moves one, a delete), the tallies add up to what counting
the contacts gives, by Riga day."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection

from cases.models import Channel, Contact, ContactDayTally
from cases.selectors.tally import contact_counts, counted, tallied
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the day tallies are kept by PostgreSQL triggers; SQLite counts contacts")


def _by_day() -> Counter[tuple[date, str, int]]:
    return Counter(
        {(t.day, t.channel, t.topic_id): t.n for t in ContactDayTally.objects.filter(n__gt=0)}
    )


def _same(start: date, end: date) -> None:
    """The tallies say what counting the contacts says, group by group."""
    assert Counter(tallied(start, end)) == Counter(counted(start, end))


def test_contacts_logged_at_the_desk_are_tallied_on_their_riga_day(make_contact):
    waste = TopicFactory(name="Atkritumu izvešana")
    # 21:30 UTC on 31 March is 00:30 on 1 April in Riga (summer time).
    late = datetime(2026, 3, 31, 21, 30, tzinfo=UTC)
    make_contact(channel=Channel.PHONE_IN, started_at=late, topic=waste)
    make_contact(channel=Channel.PHONE_IN, started_at=late + timedelta(minutes=5), topic=waste)
    make_contact(channel=Channel.VISIT, started_at=late - timedelta(hours=1))

    assert _by_day() == {
        (date(2026, 4, 1), Channel.PHONE_IN, waste.pk): 2,
        (date(2026, 3, 31), Channel.VISIT, 0): 1,
    }
    assert sorted(contact_counts(date(2026, 3, 1), date(2026, 4, 30))) == [
        (date(2026, 3, 1), Channel.VISIT, None, 1),
        (date(2026, 4, 1), Channel.PHONE_IN, waste.pk, 2),
    ]
    _same(date(2026, 3, 1), date(2026, 4, 30))


def test_a_bulk_load_an_update_and_a_delete_keep_the_tallies_exact(reception):
    topics = [TopicFactory(name=f"Tēma {n}") for n in range(3)]
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    Contact.objects.bulk_create(
        [
            Contact(
                channel=[Channel.VISIT, Channel.LETTER, Channel.EMAIL_IN][i % 3],
                topic=topics[i % 3] if i % 4 else None,
                started_at=start + timedelta(hours=7 * i),
                employee=reception,
                summary="ielāde",
            )
            for i in range(300)
        ]
    )
    _same(date(2025, 12, 1), date(2026, 4, 30))
    assert sum(_by_day().values()) == 300

    # A contact moved to another day and topic, others to another channel; one deleted.
    first = Contact.objects.order_by("pk").first()
    Contact.objects.filter(pk=first.pk).update(
        started_at=datetime(2026, 2, 14, 10, tzinfo=UTC), topic=topics[2]
    )
    Contact.objects.filter(channel=Channel.LETTER).update(channel=Channel.E_ADDRESS)
    Contact.objects.filter(summary="ielāde").update(summary="ielāde (labota)")  # moves none
    Contact.objects.order_by("-pk").first().delete()

    _same(date(2025, 12, 1), date(2026, 4, 30))
    assert sum(_by_day().values()) == 299
    assert not ContactDayTally.objects.filter(channel=Channel.LETTER, n__gt=0).exists()


def test_the_dashboard_counts_from_the_tallies_without_reading_the_contacts(
    reception, django_assert_num_queries
):
    Contact.objects.bulk_create(
        [
            Contact(
                channel=Channel.PHONE_IN,
                started_at=datetime(2026, 5, 1, 9, tzinfo=UTC) + timedelta(minutes=i),
                employee=reception,
                summary="zvans",
            )
            for i in range(50)
        ]
    )
    with django_assert_num_queries(1) as queries:
        assert list(contact_counts(date(2026, 5, 1), date(2026, 5, 31))) == [
            (date(2026, 5, 1), Channel.PHONE_IN, None, 50)
        ]
    assert 'cases_contact"' not in queries.captured_queries[0]["sql"].replace(
        "cases_contactdaytally", ""
    )
