"""The trust-line log (uzticības tālrunis; clause 3.5.1): anonymous reports
taken by phone are registered as feedback items with the channel "trust line", reach the
reviewer at once (4.11) and are listed through the visibility gate."""

from __future__ import annotations

import pytest
from django.utils import timezone

from complaints.models import Channel, FeedbackItem, Kind, SubjectKind
from complaints.register.services.registration import FeedbackInput
from complaints.voice.services import surveys
from servicedesk.models import Notification, ReviewAuthority

URL = "/voice/trust-line/"


def report(**overrides):
    data = {
        "kind": Kind.COMPLAINT,
        "received_on": timezone.localdate().isoformat(),
        "text": "Zvanītājs ziņo, ka darbinieks pieprasījis naudu par konteinera izvešanu.",
        "subject_kind": SubjectKind.ETHICS,
    }
    data.update(overrides)
    return data


def _report(actor, kind, text, subject_kind=""):
    """A report registered through the service (the trust line sets its own channel)."""
    return surveys.trust_line_report_register(
        actor=actor,
        data=FeedbackInput(
            kind=kind, channel=Channel.TRUST_LINE, text=text, subject_kind=subject_kind
        ),
    )


@pytest.mark.rule("3.5.1", "4.11")
def test_a_trust_line_report_is_an_anonymous_item_and_the_reviewer_is_told(
    reception, ethics, head, client_for
):
    response = client_for(reception).post(URL, report())
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.channel == Channel.TRUST_LINE
    assert item.is_anonymous
    assert (item.client_name, item.client_email, item.client_phone) == ("", "", "")
    assert item.registered_by == reception
    assert item.authority.kind == ReviewAuthority.Kind.ETHICS_COMMISSION
    assert Notification.objects.filter(
        recipient=ethics, kind="complaint_registered", object_id=item.pk
    ).exists()


@pytest.mark.rule("3.5.1", "4.11")
def test_a_trust_line_suggestion_reaches_the_head(reception, head, client_for):
    client_for(reception).post(URL, report(kind=Kind.SUGGESTION, subject_kind=""))
    item = FeedbackItem.objects.get()
    assert item.kind == Kind.SUGGESTION
    assert Notification.objects.filter(recipient=head, object_id=item.pk).exists()


def test_a_complaint_report_needs_its_subject(reception, head, client_for):
    response = client_for(reception).post(URL, report(subject_kind=""))
    assert response.status_code == 400
    assert "Zvanītājs ziņo" in response.content.decode()  # the typed text is kept
    assert not FeedbackItem.objects.exists()


def test_only_those_who_register_feedback_may_use_the_trust_line(outsider, admin, client_for):
    assert client_for(outsider).get(URL).status_code == 403
    assert client_for(admin).get(URL).status_code == 403


@pytest.mark.rule("3.5.1", "2.1.4.4")
def test_the_log_lists_reports_through_the_visibility_gate(reception, head, director, client_for):
    about_head = _report(reception, Kind.COMPLAINT, "Par valdes locekli.", SubjectKind.HEAD)
    other = _report(reception, Kind.SUGGESTION, "Ierosinājums par grafiku.")
    head_page = client_for(head).get(URL).content.decode()
    assert other.register_number in head_page
    assert about_head.register_number not in head_page  # the head never sees it (7.2)
    director_page = client_for(director).get(URL)
    assert director_page.status_code == 403  # the director does not register feedback
    reception_page = client_for(reception).get(URL).content.decode()
    assert about_head.register_number in reception_page


def test_the_log_query_count_does_not_grow_with_rows(
    reception, head, client_for, django_assert_num_queries
):
    browser = client_for(reception)
    _report(reception, Kind.FEEDBACK, "Pirmais zvans.")
    browser.get(URL)  # warm up (session, roles)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        browser.get(URL)
    for n in range(5):
        _report(reception, Kind.FEEDBACK, f"Zvans {n}.")
    with django_assert_num_queries(len(one.captured_queries)):
        assert browser.get(URL).status_code == 200
