"""The 4.11 notification is never lost and never sent twice: a real Redis,
Celery worker and SMTP server, with each of them failing in turn."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest

from complaints.models import Channel, FeedbackItem, Kind, SubjectKind
from complaints.register.services import registration
from servicedesk.models import Notification
from servicedesk.services.notifications import message_id_for
from tests.integration.conftest import BACKOFF_SECONDS, INTEGRATION, STUCK_SECONDS, Desk
from tests.integration.processes import wait_until

pytestmark = INTEGRATION

EMAIL = Notification.Channel.EMAIL
Status = Notification.Status


def register_complaint(
    actor, about, *, text: str = "Darbinieks bija nepieklājīgs."
) -> FeedbackItem:
    """The front desk registers a complaint about an employee (routed to the head, 7.1)."""
    return registration.feedback_register(
        actor=actor,
        data=registration.FeedbackInput(
            kind=Kind.COMPLAINT,
            channel=Channel.VISIT,
            text=text,
            client_name="Anna Bērziņa",
            client_email="anna@example.lv",
            subject_kind=SubjectKind.EMPLOYEE,
            subject_employee=about.employee,
        ),
    )


def notifications_of(items: Sequence[FeedbackItem]) -> list[Notification]:
    return list(
        Notification.objects.filter(object_id__in=[str(i.pk) for i in items]).order_by("pk")
    )


def emails_of(items: Sequence[FeedbackItem]) -> list[Notification]:
    return [n for n in notifications_of(items) if n.channel == EMAIL]


def all_sent(items: Sequence[FeedbackItem]) -> bool:
    rows = notifications_of(items)
    return bool(rows) and all(n.status == Status.SENT for n in rows)


def statuses(items: Sequence[FeedbackItem]) -> str:
    return ", ".join(f"#{n.pk} {n.channel} {n.status}" for n in notifications_of(items))


@pytest.mark.rule("4.11")
def test_registered_complaints_email_reaches_the_smtp_server(desk: Desk, reception, head, expert):
    item = register_complaint(reception, expert)

    head_row = Notification.objects.get(
        object_id=str(item.pk), recipient=head, channel=EMAIL, kind="complaint_registered"
    )
    accepted = wait_until(
        lambda: desk.smtp.handler.accepted_for(message_id_for(head_row)),
        timeout=20,
        message=lambda: (
            f"the head's e-mail did not reach the SMTP server; rows: {statuses([item])}"
        ),
    )
    assert accepted[0].to == [head.email]
    assert item.register_number in accepted[0].subject
    wait_until(
        lambda: all_sent([item]), timeout=20, message=lambda: f"not all sent: {statuses([item])}"
    )
    # Every e-mail of the registration (the head, the authority's mailbox, the client's
    # acknowledgement) arrived exactly once.
    assert {message_id_for(n): 1 for n in emails_of([item])} == dict(
        desk.smtp.handler.accepted_ids()
    )


@pytest.mark.rule("4.11")
def test_with_redis_down_registration_succeeds_and_the_sweeper_delivers_everything_once(
    desk: Desk, reception, head, expert
):
    desk.redis.stop()
    items, durations = [], []
    for n in range(5):
        started = time.monotonic()
        items.append(register_complaint(reception, expert, text=f"Sūdzība nr. {n + 1}."))
        durations.append(time.monotonic() - started)

    # Registration succeeded: the items and their e-mails are in the database, waiting; the
    # in-app notices are in the head's inbox already (they need no broker).
    assert FeedbackItem.objects.filter(pk__in=[i.pk for i in items]).count() == 5
    assert {n.status for n in emails_of(items)} == {Status.PENDING}
    assert {n.status for n in notifications_of(items) if n.channel != EMAIL} == {Status.SENT}
    assert desk.smtp.handler.accepted_ids() == {}
    # The first publish gives up after the broker's connect timeout (~2 s); the others do not
    # wait for a broker known to be down.
    assert durations[0] < 5, durations
    assert max(durations[1:]) < 1, durations

    desk.redis.start()
    wait_until(
        lambda: all_sent(items),
        timeout=60,
        every=desk.sweep,
        message=lambda: f"not all delivered after Redis came back: {statuses(items)}",
    )
    # Two more sweeps (and a duplicate task for every row) change nothing: none duplicated.
    for row in notifications_of(items):
        desk.deliver(row.pk)
    desk.sweep()
    desk.sweep()
    time.sleep(2)

    expected = {message_id_for(n): 1 for n in emails_of(items)}
    assert len(expected) == 15  # 5 items × (the head, the mailbox, the client)
    assert dict(desk.smtp.handler.accepted_ids()) == expected
    assert all(n.attempts == 1 for n in notifications_of(items))


@pytest.mark.rule("4.11")
def test_a_worker_killed_during_delivery_delivers_exactly_once_after_restart(
    desk: Desk, reception, head, expert
):
    desk.smtp.handler.delay = 60  # the SMTP server stalls before answering the DATA
    item = register_complaint(reception, expert)

    wait_until(
        desk.smtp.handler.data_started.is_set,
        timeout=20,
        message="the worker never reached the SMTP server's DATA",
    )
    desk.worker.kill()  # SIGKILL while the mail server has not yet accepted
    wait_until(
        lambda: desk.smtp.handler.aborted,
        timeout=10,
        message="the SMTP server did not see the worker's connection drop",
    )
    killed = Notification.objects.get(status=Status.SENDING)  # left behind by the dead worker
    assert killed.attempts == 1
    assert desk.smtp.handler.accepted_ids() == {}

    desk.smtp.handler.delay = 0
    desk.worker.start()
    # The sweeper gives the row back after NOTIFY_STUCK_SECONDS; the claim makes sure that
    # only one of the redelivered tasks sends it.
    wait_until(
        lambda: all_sent([item]),
        timeout=30 + STUCK_SECONDS,
        every=desk.sweep,
        message=lambda: f"not delivered after the worker's restart: {statuses([item])}",
    )
    killed.refresh_from_db()
    assert killed.attempts == 2
    assert dict(desk.smtp.handler.accepted_ids()) == {
        message_id_for(n): 1 for n in emails_of([item])
    }
    assert desk.smtp.handler.aborted == [message_id_for(killed)]


@pytest.mark.rule("4.11")
@pytest.mark.parametrize(
    "refusal",
    ["451 4.3.0 Mailbox temporarily unavailable"],
    ids=["temporary-451"],  # a permanent one fails at once: test_outbox_drills.py
)
def test_a_refusing_smtp_server_backs_off_shows_the_error_to_the_admin_then_delivers(
    desk: Desk, reception, head, expert, admin, client_for, refusal: str
):
    desk.smtp.handler.refusal = refusal
    item = register_complaint(reception, expert)
    row = Notification.objects.get(object_id=str(item.pk), recipient=head, channel=EMAIL)
    message_id = message_id_for(row)

    def refusals() -> list[float]:
        return [at for mid, at in desk.smtp.handler.refused if mid == message_id]

    def third_failure_recorded() -> bool:
        row.refresh_from_db()
        return row.status == Status.PENDING and row.attempts == len(refusals()) >= 3

    wait_until(
        third_failure_recorded,
        timeout=30,
        interval=0.05,
        every=desk.sweep,
        every_seconds=0.25,
        message=lambda: f"expected three refused attempts, saw {len(refusals())}",
    )
    assert refusal.split()[0] in row.last_error
    assert row.next_attempt_at is not None
    # Backoff: the attempts are 1 s, then 2 s apart (NOTIFY_BACKOFF_SECONDS doubling).
    times = refusals()
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert gaps[0] >= BACKOFF_SECONDS * 0.9, gaps
    assert gaps[1] >= 2 * BACKOFF_SECONDS * 0.9, gaps
    assert gaps[1] > gaps[0], gaps

    # The administrator sees the error in the admin's list of notifications.
    page = client_for(admin).get("/admin/servicedesk/notification/", {"status__exact": "pending"})
    assert page.status_code == 200
    assert refusal.split(" ", 1)[1] in page.content.decode()

    desk.smtp.handler.refusal = ""
    wait_until(
        lambda: desk.smtp.handler.accepted_for(message_id),
        timeout=30,
        every=desk.sweep,
        every_seconds=0.25,
        message=lambda: f"not delivered once the server accepted: {statuses([item])}",
    )
    wait_until(
        lambda: Notification.objects.get(pk=row.pk).status == Status.SENT,
        timeout=10,
        message="the row was not marked sent",
    )
    row.refresh_from_db()
    assert row.attempts == len(refusals()) + 1
    assert len(desk.smtp.handler.accepted_for(message_id)) == 1
