"""Registering one item is a short transaction (4.11): a fixed number of queries, whatever the
routing, and no savepoint but those that have a reason. The register number is taken last.

The tests run in a real transaction (``transaction=True``): inside pytest-django's usual
test transaction the service's own ``atomic`` would itself be a savepoint."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.models import FeedbackItem, SubjectKind
from servicedesk.models import Notification
from servicedesk.services import notifications

pytestmark = pytest.mark.django_db(transaction=True)

#: Savepoints with a reason, by the module that opens them. The acknowledgement goes
#: through the outgoing register (``cases.services.dispatch.dispatch_to_client``), whose
#: ``@transaction.atomic`` nests in the registration's: one savepoint that could go
#: (``atomic(savepoint=False)``), listed here until that module drops it.
JUSTIFIED_SAVEPOINTS = {"cases.services.dispatch.dispatch_to_client": 1}

#: Without the client's e-mail nothing leaves through the outgoing register.
MAX_QUERIES = 25
#: With it, the acknowledgement's dispatch (cases/services/dispatch.py) adds 11 statements:
#: 2 for its savepoint, 3 for its outgoing number (get_or_create, SELECT … FOR UPDATE,
#: UPDATE), the signer's employee, the dispatch row and its update, the item read again,
#: and the outbox row (2). The registration's own part stays under ``MAX_QUERIES``.
MAX_QUERIES_ACKNOWLEDGED = MAX_QUERIES + 11


@pytest.fixture(autouse=True)
def _no_delivery(monkeypatch):
    """The outbox's deliveries run after the commit (eagerly in the tests): not part of the
    registration, so not counted."""
    monkeypatch.setattr(notifications, "_enqueue", lambda *args, **kwargs: None)


def _savepoints(queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries.captured_queries if re.match(r"\s*SAVEPOINT\b", q["sql"], re.I))


def _register_timed(register, **overrides):
    # The year's counter rows exist: the first item of a series writes its own (behind a
    # savepoint), the first acknowledgement the outgoing register's.
    register()
    with CaptureQueriesContext(connection) as queries:
        item = register(**overrides)
    return item, queries


def test_registering_a_complaint_is_pinned_at_25_queries(
    register, head, django_assert_max_num_queries
):
    register()
    with django_assert_max_num_queries(MAX_QUERIES) as queries:
        register(client_email="")
    assert _savepoints(queries) == 0


def test_registering_a_complaint_without_an_email_costs_few_queries_and_no_savepoint(
    register, head
):
    item, queries = _register_timed(register, client_email="")

    assert len(queries) <= MAX_QUERIES, "\n".join(q["sql"][:120] for q in queries)
    assert _savepoints(queries) == 0
    # Everything still happened: numbered, routed, history, the head told (4.11).
    item.refresh_from_db()
    assert item.sequence == 2
    assert item.routings.count() == 1
    assert item.history.count() == 1
    assert Notification.objects.filter(recipient=head, object_id=str(item.pk)).exists()


def test_registering_about_an_employee_costs_few_queries_and_no_savepoint(register, head, expert):
    item, queries = _register_timed(
        register,
        client_email="",
        subject_kind=SubjectKind.EMPLOYEE,
        subject_employee=expert.employee,
        subject_description="",
    )

    assert len(queries) <= MAX_QUERIES, "\n".join(q["sql"][:120] for q in queries)
    assert _savepoints(queries) == 0
    assert set(item.subject_users.values_list("pk", flat=True)) == {expert.pk}


def test_an_acknowledged_registration_has_only_the_dispatchs_savepoint(register, head):
    item, queries = _register_timed(register)

    assert len(queries) <= MAX_QUERIES_ACKNOWLEDGED, "\n".join(q["sql"][:120] for q in queries)
    assert _savepoints(queries) == sum(JUSTIFIED_SAVEPOINTS.values())
    acknowledgement = Notification.objects.get(
        object_id=str(item.pk), kind="complaint_acknowledgement"
    )
    assert item.register_number in acknowledgement.body


def test_the_number_is_taken_last_and_every_copy_carries_it(register, head):
    """The counter row is locked by the last statements of the registration, and nothing
    written keeps the provisional number: the item, its audit trail, its notifications."""
    item, queries = _register_timed(register, client_email="")

    sql = [q["sql"] for q in queries.captured_queries]
    sql = [s for s in sql if s not in ("BEGIN", "COMMIT")]  # SQLite logs them, not PostgreSQL
    counter = next(i for i, s in enumerate(sql) if "complaints_registercounter" in s)
    # Then only the item, its audit row and its notifications: the lock's whole span.
    assert counter == len(sql) - 4, sql[counter:]
    stored = FeedbackItem.objects.get(pk=item.pk)
    assert stored.register_number == item.register_number
    assert item.register_number.lower() in stored.search_names
    (version,) = FeedbackItem.audit_trail.filter(id=item.pk)
    assert (version.register_number, version.sequence) == (item.register_number, 2)
    assert version.history_type == "+"
    rows = Notification.objects.filter(object_id=str(item.pk))
    assert rows and all("#pending-" not in r.subject + r.body for r in rows)
    assert any(item.register_number in r.subject + r.body for r in rows)
