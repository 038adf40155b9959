"""The registering request does not wait for the mail server (4.11, "at once"): with an SMTP
server that takes 2 s to accept, the front desk's form still answers at once, and the 4.11
e-mail arrives later, from the worker."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from complaints.models import FeedbackItem
from servicedesk.models import Notification
from servicedesk.services.notifications import message_id_for
from tests.integration.conftest import INTEGRATION, Desk
from tests.integration.processes import wait_until

pytestmark = INTEGRATION

SLOW_SMTP_SECONDS = 2.0


@pytest.mark.rule("4.11")
def test_registering_returns_fast_even_when_the_smtp_server_takes_two_seconds(
    desk: Desk, reception, head, expert, client_for
):
    desk.smtp.handler.delay = SLOW_SMTP_SECONDS
    desk_client = client_for(reception)
    form = {
        "kind": "complaint",
        "channel": "visit",
        "received_on": timezone.localdate().isoformat(),
        "client_name": "Anna Bērziņa",
        "client_email": "anna@example.lv",
        "text": "Darbinieks bija nepieklājīgs.",
        "subject_kind": "employee",
        "subject_employee": str(expert.employee.pk),
    }
    desk_client.get("/complaints/new/")  # the form, as the front desk opens it first

    started = time.monotonic()
    response = desk_client.post("/complaints/new/", form)
    answered = time.monotonic()

    assert response.status_code == 302, response.content.decode()[:2000]
    elapsed = answered - started
    assert elapsed < 1.0, f"registering took {elapsed:.2f} s with a 2 s SMTP server"

    item = FeedbackItem.objects.get()
    row = Notification.objects.get(
        object_id=str(item.pk), recipient=head, channel=Notification.Channel.EMAIL
    )
    accepted = wait_until(
        lambda: desk.smtp.handler.accepted_for(message_id_for(row)),
        timeout=30,
        message="the head's e-mail never reached the slow SMTP server",
    )
    # It was accepted after the request had answered: the wait was the worker's, not the
    # request's.
    assert accepted[0].at - answered >= SLOW_SMTP_SECONDS * 0.9
