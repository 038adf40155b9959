"""Planted records for the compliance report's tests (unit and browser): contacts,
callbacks, consultations, order issues and complaints in September 2026, written straight to
the database (their workflows are tested elsewhere)."""

from __future__ import annotations

import datetime as dt

from cases.models import Callback, Consultation, Contact, ContactOutcome, OrderIssue, Remedy
from cases.models import Outcome as ContactCode
from complaints.models import FeedbackItem, Kind, Outcome, SubjectKind
from servicedesk.models import ReviewAuthority
from tests.complaints.dashboard_data import item, riga

SEPTEMBER = (dt.date(2026, 9, 1), dt.date(2026, 9, 30))


def contact(user, started, *, minutes=5, channel="phone_in", **fields) -> Contact:
    return Contact.objects.create(
        channel=channel,
        employee=user,
        started_at=started,
        ended_at=started + dt.timedelta(minutes=minutes),
        **fields,
    )


def callback(owner, due, *, status=Callback.Status.OPEN, completed=None) -> Callback:
    return Callback.objects.create(
        contact=contact(owner, due - dt.timedelta(days=1)),
        phone_number="+37126123456",
        question="Kad izvedīs?",
        due_at=due,
        owner=owner,
        status=status,
        completed_at=completed,
    )


def consultation(asker, person, asked, answered_after: int | None) -> Consultation:
    question = Consultation.objects.create(
        contact=contact(asker, asked), asked_by=asker, contact_person=person, question="?"
    )
    answered = asked + dt.timedelta(minutes=answered_after) if answered_after is not None else None
    Consultation.objects.filter(pk=question.pk).update(asked_at=asked, answered_at=answered)
    return question


def complaint(authority, registered_by, clause: str, **fields) -> FeedbackItem:
    made = item(authority, registered_by, kind=Kind.COMPLAINT, **fields)
    FeedbackItem.objects.filter(pk=made.pk).update(routing_clause=clause)
    return made


def order_issue(reporter, unit, reported, *, resolved=False) -> OrderIssue:
    issue = OrderIssue.objects.create(
        contact=contact(reporter, reported), unit=unit, description="Kavē", reported_by=reporter
    )
    OrderIssue.objects.filter(pk=issue.pk).update(
        created_at=reported, resolved_at=reported + dt.timedelta(days=1) if resolved else None
    )
    return issue


def remedy(owner, opened, due_on, *, done=False) -> Remedy:
    closed = {"status": Remedy.Status.DONE, "closed_at": opened, "outcome": "Izlabots"}
    made = Remedy.objects.create(
        contact=contact(owner, opened),
        action="Pārrēķināt rēķinu",
        owner=owner,
        opened_by=owner,
        due_on=due_on,
        **(closed if done else {}),
    )
    Remedy.objects.filter(pk=made.pk).update(opened_at=opened)
    return made


def plant(reception, reception2, expert, operations_unit, review_authorities) -> None:
    """September 2026, seen by the head:

    reception: callbacks due 3 (one on time, one done late, one still open: 2 overdue), one
    cancelled and one due in October left out; calls over 10 minutes: one without an offer,
    one with it, one with a callback arranged, one of 8 minutes (1 counts).
    reception2: a call ended after a warning, an abusive e-mail refused.
    expert: consultations answered after 10, 30 and 90 minutes and one unanswered (median 30;
    2 over the 60-minute target); one complaint about him, upheld, and one about him to the
    Ethics Commission (not the head's to see).
    unithead (head of the operations unit): order issues reported 2, resolved 1: 1 open.
    Remedies of errors: reception opened 2 in September (one done, one open past its
    deadline) and has one opened in August still open, due in a year (opened 2, open now 2,
    overdue now 1); expert has one opened in October, open, overdue (opened 0, open 1,
    overdue 1)."""
    due = riga(2026, 9, 10, 12)
    callback(reception, due, status=Callback.Status.DONE, completed=due - dt.timedelta(hours=1))
    callback(reception, due, status=Callback.Status.DONE, completed=due + dt.timedelta(hours=3))
    callback(reception, due)
    callback(reception, due, status=Callback.Status.CANCELLED)
    october = riga(2026, 10, 2, 12)
    callback(reception, october)
    started = riga(2026, 9, 15, 10)
    contact(reception, started, minutes=12)
    contact(reception, started, minutes=12, offer_made=True)
    with_callback = contact(reception, started, minutes=12)
    Callback.objects.create(
        contact=with_callback,
        phone_number="+37126123456",
        question="?",
        due_at=october,
        owner=reception,
    )
    contact(reception, started, minutes=8)
    warned = contact(reception2, started, warning_given_at=started)
    ContactOutcome.objects.create(contact=warned, code=ContactCode.ENDED_AFTER_WARNING)
    refused = contact(reception2, started, channel="email_in")
    ContactOutcome.objects.create(contact=refused, code=ContactCode.ABUSIVE_EMAIL_REFUSED)
    asked = riga(2026, 9, 3, 9)
    for minutes in (10, 30, 90, None):
        consultation(reception, expert, asked, minutes)
    order_issue(reception, operations_unit, riga(2026, 9, 4, 9))
    order_issue(reception, operations_unit, riga(2026, 9, 5, 9), resolved=True)
    remedy(reception, riga(2026, 9, 2, 9), dt.date(2026, 9, 9), done=True)
    remedy(reception, riga(2026, 9, 3, 9), dt.date(2026, 9, 10))
    remedy(reception, riga(2026, 8, 20, 9), dt.date.today() + dt.timedelta(days=365))
    remedy(expert, riga(2026, 10, 1, 9), dt.date(2026, 10, 5))
    head_authority = review_authorities[ReviewAuthority.Kind.HEAD]
    about_expert = {"subject_kind": SubjectKind.EMPLOYEE, "subject_employee": expert.employee}
    complaint(head_authority, reception, "7.1", outcome=Outcome.UPHELD, **about_expert)
    complaint(
        review_authorities[ReviewAuthority.Kind.ETHICS_COMMISSION],
        reception,
        "7.3",
        subject_kind=SubjectKind.ETHICS,
        subject_employee=expert.employee,
    )
