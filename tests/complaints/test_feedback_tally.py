"""The dashboard's feedback figures on PostgreSQL add up month tallies kept by triggers
(``FeedbackMonthTally``, docs/dashboard.md) instead of counting a year of items. For every
persona and period, whatever wrote the items (the desk's service, a bulk load, an update, a
delete), they give what counting the items through the visibility gate gives: nobody counts
an item about themselves, nor reads the outcome or topic of one whose content is closed to
them (2.1.4.4, 7.2, 7.3, 4.1.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Sum

from complaints.models import FeedbackItem, FeedbackMonthTally, Kind, Outcome, State, SubjectKind
from complaints.register.services.tallies import feedback_tallies_compact
from complaints.reports.feedback_counts import count_items, feedback_counts
from complaints.selectors import complaints_visible_to, readable_content
from servicedesk.days import months_between
from servicedesk.models import ReviewAuthority
from tests.complaints import dashboard_data as data
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)
PERIODS = [
    (dt.date(2025, 12, 1), TODAY),  # the default: twelve months to today
    (dt.date(2026, 3, 15), dt.date(2026, 9, 10)),  # months cut at both ends
    (dt.date(2026, 9, 1), dt.date(2026, 10, 31)),  # whole months only
]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the month tallies are kept by PostgreSQL triggers; SQLite counts items")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def _counted(user, date_from, date_to):
    items = complaints_visible_to(user).filter(received_on__range=(date_from, date_to))
    return count_items(items, readable_content(user), months_between(date_from, date_to))


def _same_for_everyone(personas) -> None:
    for name, user in personas.items():
        for date_from, date_to in PERIODS:
            tallied = feedback_counts(user, date_from, date_to)
            counted = _counted(user, date_from, date_to)
            assert tallied == counted, (name, date_from, date_to)


@pytest.fixture
def varied(review_authorities, reception, head, expert, ethics):
    """Items of every sort the gate and the content rule tell apart, over a year."""
    authority = review_authorities[ReviewAuthority.Kind.HEAD]
    data.many(authority, reception, 60)
    items = {}
    for month in range(1, 12):
        received = dt.date(2026, month, 3 + month)
        items[f"answered-{month}"] = data.item(
            authority,
            reception,
            kind=Kind.COMPLAINT,
            subject_description=f"Pakalpojums {month % 3}",
            received_on=received,
            reply_due=received + dt.timedelta(days=15),
            state=State.ANSWERED,
            outcome=[Outcome.UPHELD, Outcome.REJECTED][month % 2],
            answered_at=data.riga(2026, month, 10 + month, 23, 30),  # late in a Riga day
        )
    items["open-overdue"] = data.item(authority, reception, received_on=dt.date(2026, 10, 2))
    items["about-head"] = data.item(
        review_authorities[ReviewAuthority.Kind.EXECUTIVE_DIRECTOR],
        reception,
        kind=Kind.COMPLAINT,
        subject_kind=SubjectKind.HEAD,
        received_on=dt.date(2026, 4, 4),
    )
    ethics_item = data.item(
        review_authorities[ReviewAuthority.Kind.ETHICS_COMMISSION],
        reception,
        kind=Kind.COMPLAINT,
        subject_kind=SubjectKind.ETHICS,
        outcome=Outcome.UPHELD,
        received_on=dt.date(2026, 5, 5),
    )
    # Derived from the ethics complaint: its content stays closed, though the head reviews it.
    items["derived"] = data.item(
        authority, reception, derived_from=ethics_item, outcome=Outcome.REJECTED,
        received_on=dt.date(2026, 5, 20),
    )  # fmt: skip
    items["restricted"] = data.item(
        authority, expert, kind=Kind.COMPLAINT, subject_description="Slepens",
        is_restricted=True, outcome=Outcome.UPHELD, received_on=dt.date(2026, 6, 6),
    )  # fmt: skip
    # About the expert's employee record, registered by the expert's colleague at the desk
    # and reviewed by the head: the expert must not count it though registrations show it.
    items["about-expert"] = data.item(
        authority, expert, kind=Kind.COMPLAINT, subject_kind=SubjectKind.EMPLOYEE,
        subject_employee=expert.employee, received_on=dt.date(2026, 7, 7),
    )  # fmt: skip
    items["naming-head"] = data.item(
        authority, reception, kind=Kind.COMPLAINT, subject_kind=SubjectKind.EMPLOYEE,
        subject_employee=EmployeeFactory(), received_on=dt.date(2026, 8, 8),
    )  # fmt: skip
    items["naming-head"].subject_users.add(head)
    # Registered by the head but about the head: the head's registrations admit it, and the
    # head still never counts it (7.2).
    items["about-head-by-head"] = data.item(
        review_authorities[ReviewAuthority.Kind.EXECUTIVE_DIRECTOR], head, kind=Kind.COMPLAINT,
        subject_kind=SubjectKind.HEAD, state=State.ANSWERED, outcome=Outcome.REJECTED,
        answered_at=data.riga(2026, 3, 20, 10), received_on=dt.date(2026, 3, 3),
    )  # fmt: skip
    items["about-head-by-head"].subject_users.add(head)  # its subject set, as registered
    items["registered-by-head"] = data.item(
        review_authorities[ReviewAuthority.Kind.EXECUTIVE_DIRECTOR], head,
        kind=Kind.CLAIM, received_on=dt.date(2026, 11, 2),
    )  # fmt: skip
    return items


@pytest.mark.rule("3.5.1")
@pytest.mark.rule("2.1.4.4")
def test_tallies_give_what_counting_the_visible_items_gives(varied, personas):
    _same_for_everyone(personas)
    head = personas["head"]
    counts = feedback_counts(head, *PERIODS[0])
    # The head counts neither the complaint about the head nor the one naming the head.
    assert (
        sum(counts.groups.values())
        == complaints_visible_to(head).filter(received_on__range=PERIODS[0]).count()
    )
    assert counts.overdue > 0 and counts.reply_days and counts.topics


@pytest.mark.rule("2.1.4.4")
def test_updates_and_deletes_keep_the_tallies_exact(varied, personas, review_authorities):
    varied["open-overdue"].state = State.ANSWERED
    varied["open-overdue"].outcome = Outcome.PARTLY_UPHELD
    varied["open-overdue"].answered_at = data.riga(2026, 10, 30, 9)
    varied["open-overdue"].save()
    # Rerouted to the Ethics Commission: the head no longer counts it.
    FeedbackItem.objects.filter(pk=varied["answered-3"].pk).update(
        authority=review_authorities[ReviewAuthority.Kind.ETHICS_COMMISSION],
        subject_kind=SubjectKind.ETHICS,
    )
    FeedbackItem.objects.filter(kind=Kind.SUGGESTION, received_on__month=9).update(
        received_on=dt.date(2026, 2, 14)
    )
    varied["answered-5"].delete()
    FeedbackItem.objects.filter(pk=varied["restricted"].pk).update(is_restricted=False)

    _same_for_everyone(personas)


def test_an_update_that_changes_no_figure_appends_nothing(varied):
    before = FeedbackMonthTally.objects.count()

    FeedbackItem.objects.update(text="Cits teksts", search_text="cits teksts")

    assert FeedbackMonthTally.objects.count() == before


def test_folding_the_tallies_changes_no_figure(varied, personas):
    item = varied["answered-7"]
    for outcome in [Outcome.REJECTED, Outcome.UPHELD, Outcome.PARTLY_UPHELD]:
        item.outcome = outcome
        item.save()
    rows = FeedbackMonthTally.objects.count()
    total = FeedbackMonthTally.objects.aggregate(n=Sum("n"))["n"]

    removed = feedback_tallies_compact()

    assert removed > 0
    assert FeedbackMonthTally.objects.count() == rows - removed
    assert FeedbackMonthTally.objects.aggregate(n=Sum("n"))["n"] == total
    assert not FeedbackMonthTally.objects.filter(compacted=False).exists()
    assert not FeedbackMonthTally.objects.filter(n=0).exists()
    _same_for_everyone(personas)
    assert feedback_tallies_compact() == 0


@pytest.mark.django_db(transaction=True)
def test_a_truncate_empties_the_tallies(varied):
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE complaints_feedbackitem CASCADE")

    assert not FeedbackMonthTally.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_request_reads_the_tallies_and_the_items_in_one_snapshot(varied, personas):
    """Outside a transaction (a request: no ATOMIC_REQUESTS) the reads share a REPEATABLE READ
    snapshot, so an item registered meanwhile is in all of them or in none."""
    from django.test.utils import CaptureQueriesContext

    head = personas["head"]
    assert not connection.in_atomic_block
    with CaptureQueriesContext(connection) as queries:
        tallied = feedback_counts(head, *PERIODS[0])

    statements = [q["sql"] for q in queries.captured_queries if q["sql"] != "BEGIN"]
    assert statements[0].startswith("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    assert tallied == _counted(head, *PERIODS[0])
