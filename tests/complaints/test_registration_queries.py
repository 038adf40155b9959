"""Registering one item is a short transaction (4.11): a fixed number of queries, whatever the
routing, and no savepoint but those that have a reason. The register number is taken last.

The tests run in a real transaction (``transaction=True``): inside pytest-django's usual
test transaction the service's own ``atomic`` would itself be a savepoint."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Dispatch
from complaints.models import FeedbackItem, SubjectKind
from servicedesk.models import Notification
from servicedesk.roles import roles_of
from servicedesk.services import notifications

pytestmark = pytest.mark.django_db(transaction=True)

#: At most, BEGIN and COMMIT included (SQLite logs them). A complaint about a service: 16
#: without the client's e-mail. With it the acknowledgement goes through the outgoing
#: register (``cases.services.dispatch.dispatch_to_client``, no savepoint of its own) and
#: adds 4: its outgoing number (one ``UPDATE … RETURNING``), the signer's employee record,
#: the dispatch row (written once) and its outbox row (one INSERT, its Message-ID in it): 20.
#: A complaint about an employee takes 4 more (it reads who is the head, the subject's users
#: and whether the authority includes one, and writes the subject set): 24 with the e-mail.
MAX_QUERIES = 25


@pytest.fixture(autouse=True)
def _no_delivery(monkeypatch):
    """The outbox's deliveries run after the commit (eagerly in the tests): not part of the
    registration, so not counted."""
    monkeypatch.setattr(notifications, "_enqueue", lambda *args, **kwargs: None)


def _savepoints(queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries.captured_queries if re.match(r"\s*SAVEPOINT\b", q["sql"], re.I))


def _as_a_request_has_it(user):
    """The actor as the registration form's request has it: its roles read (by the view's
    permission check), its employee record not (the fixture's object has it cached)."""
    fresh = type(user).objects.get(pk=user.pk)
    roles_of(fresh)
    return fresh


def _register_timed(register, actor, **overrides):
    # The year's counter rows exist: the first item of a series writes its own (behind a
    # savepoint), the first acknowledgement the outgoing register's.
    register()
    actor = _as_a_request_has_it(actor)
    with CaptureQueriesContext(connection) as queries:
        item = register(actor=actor, **overrides)
    return item, queries


@pytest.mark.parametrize("client_email", ["", "anna@example.lv"], ids=["no-email", "email"])
def test_registering_a_complaint_is_pinned_at_25_queries(
    register, head, reception, client_email, django_assert_max_num_queries
):
    register()
    actor = _as_a_request_has_it(reception)
    with django_assert_max_num_queries(MAX_QUERIES) as queries:
        register(actor=actor, client_email=client_email)
    assert _savepoints(queries) == 0


def test_registering_a_complaint_without_an_email_costs_few_queries_and_no_savepoint(
    register, head, reception
):
    item, queries = _register_timed(register, reception, client_email="")

    assert len(queries) <= MAX_QUERIES, "\n".join(q["sql"][:120] for q in queries)
    assert _savepoints(queries) == 0
    # Everything still happened: numbered, routed, history, the head told (4.11).
    item.refresh_from_db()
    assert item.sequence == 2
    assert item.routings.count() == 1
    assert item.history.count() == 1
    assert Notification.objects.filter(recipient=head, object_id=str(item.pk)).exists()


@pytest.mark.parametrize("client_email", ["", "anna@example.lv"], ids=["no-email", "email"])
def test_registering_about_an_employee_costs_few_queries_and_no_savepoint(
    register, head, expert, reception, client_email
):
    item, queries = _register_timed(
        register,
        reception,
        client_email=client_email,
        subject_kind=SubjectKind.EMPLOYEE,
        subject_employee=expert.employee,
        subject_description="",
    )

    assert len(queries) <= MAX_QUERIES, "\n".join(q["sql"][:120] for q in queries)
    assert _savepoints(queries) == 0
    assert set(item.subject_users.values_list("pk", flat=True)) == {expert.pk}


def test_an_acknowledged_registration_costs_as_few_queries_and_no_savepoint(
    register, head, reception
):
    """The acknowledgement goes through the outgoing register in the same budget: numbered,
    signed by the desk, e-mailed through the outbox, and no savepoint."""
    item, queries = _register_timed(register, reception)

    assert len(queries) <= MAX_QUERIES, "\n".join(q["sql"][:120] for q in queries)
    assert _savepoints(queries) == 0
    acknowledgement = Notification.objects.get(
        object_id=str(item.pk), kind="complaint_acknowledgement"
    )
    assert item.register_number in acknowledgement.body
    dispatch = Dispatch.objects.get(notification=acknowledgement)
    assert (dispatch.kind, dispatch.state) == (Dispatch.Kind.ACKNOWLEDGEMENT, "queued")
    assert (dispatch.seq, dispatch.target) == (2, item)
    assert dispatch.signer_name == reception.employee.full_name


def test_the_number_is_taken_last_and_every_copy_carries_it(register, head, reception):
    """The counter row is locked by the last statements of the registration, and nothing
    written keeps the provisional number: the item, its audit trail, its notifications."""
    item, queries = _register_timed(register, reception, client_email="")

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
