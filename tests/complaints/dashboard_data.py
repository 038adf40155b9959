"""A small, known data set for the registers, exports and dashboard tests: feedback items
written straight to the database (their workflow is tested elsewhere) and contacts."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from cases.models import Contact
from complaints.models import Channel, FeedbackItem, Kind, Outcome, State, SubjectKind
from servicedesk.models import ReviewAuthority
from tests.factories import TopicFactory

RIGA = ZoneInfo("Europe/Riga")
PERIOD = (dt.date(2026, 9, 1), dt.date(2026, 10, 31))
_numbers = itertools.count(9000)


def riga(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=RIGA)


def item(authority: ReviewAuthority, registered_by, **fields) -> FeedbackItem:
    """One item in the register, with the fields the figures read."""
    n = next(_numbers)
    values = {
        "register_number": f"AADSO/2026/T-{n}",
        "year": 2026,
        "sequence": n,
        "kind": Kind.SUGGESTION,
        "channel": Channel.VISIT,
        "text": "Teksts",
        "authority": authority,
        "routing_clause": "4.11",
        "received_on": dt.date(2026, 9, 1),
        "reply_due": dt.date(2026, 9, 15),
        "registered_by": registered_by,
    }
    values.update(fields)
    if values["kind"] == Kind.COMPLAINT:
        values.setdefault("subject_kind", SubjectKind.SERVICE)
        values["routing_clause"] = "7.1"
    return FeedbackItem.objects.create(**values)


def many(authority, registered_by, count: int) -> None:
    """``count`` more items of every sort, inside the period."""
    rows = []
    for i in range(count):
        n = next(_numbers)
        received = dt.date(2026, 9 + i % 2, 1 + i % 28)
        rows.append(
            FeedbackItem(
                register_number=f"AADSO/2026/T-{n}",
                year=2026,
                sequence=n,
                kind=[Kind.COMPLAINT, Kind.SUGGESTION, Kind.CLAIM][i % 3],
                subject_kind=SubjectKind.SERVICE if i % 3 == 0 else "",
                subject_description=f"Pakalpojums {i % 4}" if i % 3 == 0 else "",
                channel=Channel.values[i % len(Channel.values)],
                text="Teksts",
                authority=authority,
                routing_clause="4.11",
                received_on=received,
                reply_due=received + dt.timedelta(days=14),
                state=State.ANSWERED if i % 2 else State.UNDER_REVIEW,
                outcome=Outcome.UPHELD if i % 2 else "",
                answered_at=(
                    dt.datetime.combine(received + dt.timedelta(days=1 + i % 20), dt.time(12), RIGA)
                    if i % 2
                    else None
                ),
                registered_by=registered_by,
            )
        )
    FeedbackItem.objects.bulk_create(rows)


def known_set(authorities, reception) -> dict[str, FeedbackItem]:
    """Five items routed to the head and one complaint about the head (to the director),
    received in September–October 2026, and one outside that period. Today is later than
    all of it, so an unanswered item past its date is overdue.

    Head's view: 5 items; complaint 3, suggestion 1, claim 1; service 3; no outcome 2,
    upheld 1, rejected 1, partly upheld 1; September 3, October 2; answered 3 of which
    1 on time; days to reply 15, 20, 3 (median 15); overdue 1."""
    head = authorities[ReviewAuthority.Kind.HEAD]
    director = authorities[ReviewAuthority.Kind.EXECUTIVE_DIRECTOR]
    return {
        # Answered 1:30 on 16 September in Riga (still the 15th in UTC): one day late.
        "late_tz": item(
            head,
            reception,
            kind=Kind.COMPLAINT,
            subject_description="Atkritumu izvešana",
            channel=Channel.VISIT,
            received_on=dt.date(2026, 9, 1),
            reply_due=dt.date(2026, 9, 15),
            answered_at=riga(2026, 9, 16, 1, 30),
            state=State.ANSWERED,
            outcome=Outcome.UPHELD,
        ),
        "late": item(
            head,
            reception,
            kind=Kind.COMPLAINT,
            subject_description="Atkritumu izvešana",
            channel=Channel.PHONE,
            received_on=dt.date(2026, 9, 10),
            reply_due=dt.date(2026, 9, 24),
            answered_at=riga(2026, 9, 30, 12),
            state=State.CLOSED,
            outcome=Outcome.REJECTED,
        ),
        "overdue": item(
            head,
            reception,
            kind=Kind.SUGGESTION,
            channel=Channel.EMAIL,
            received_on=dt.date(2026, 9, 20),
            reply_due=dt.date(2026, 10, 2),
            state=State.UNDER_REVIEW,
        ),
        "on_time": item(
            head,
            reception,
            kind=Kind.COMPLAINT,
            subject_description="Rēķini",
            channel=Channel.WEB_FORM,
            received_on=dt.date(2026, 10, 5),
            reply_due=dt.date(2026, 10, 19),
            answered_at=riga(2026, 10, 8, 10),
            state=State.ANSWERED,
            outcome=Outcome.PARTLY_UPHELD,
        ),
        "claim": item(
            head,
            reception,
            kind=Kind.CLAIM,
            channel=Channel.LETTER,
            received_on=dt.date(2026, 10, 15),
            reply_due=dt.date(2099, 1, 15),
            state=State.REGISTERED,
        ),
        "about_head": item(
            director,
            reception,
            kind=Kind.COMPLAINT,
            subject_kind=SubjectKind.HEAD,
            channel=Channel.LETTER,
            received_on=dt.date(2026, 10, 20),
            reply_due=dt.date(2026, 11, 3),
            state=State.UNDER_REVIEW,
        ),
        "outside": item(
            head,
            reception,
            kind=Kind.COMPLAINT,
            subject_description="Atkritumu izvešana",
            received_on=dt.date(2026, 8, 31),
            reply_due=dt.date(2026, 9, 14),
            state=State.REGISTERED,
        ),
    }


def known_contacts(employee_user) -> dict[str, object]:
    """Five contacts in the period and one after it. By channel: visit 2, phone (incoming)
    2, e-mail (incoming) 1; by topic: containers 3, bills 1, none 1; September 3, October 2
    in Riga time (one contact is still September in UTC)."""
    containers = TopicFactory(name="Konteineri")
    bills = TopicFactory(name="Rēķini")

    def contact(channel, started, topic):
        return Contact.objects.create(
            channel=channel, employee=employee_user, started_at=started, topic=topic
        )

    contact("visit", riga(2026, 9, 5, 10), containers)
    contact("visit", riga(2026, 9, 5, 11), containers)
    contact("phone_in", riga(2026, 9, 30, 23, 30), bills)
    contact("email_in", riga(2026, 10, 1, 0, 30), containers)
    contact("phone_in", riga(2026, 10, 20, 9), None)
    contact("visit", riga(2026, 11, 2, 9), containers)
    return {"containers": containers, "bills": bills}
