"""Written submissions under the Law on Submissions: the extension notice before the reply
date, forwarding to the competent institution (on time and late), telling the submitter where
to apply instead, and the reminder before the forwarding deadline. Every notice leaves by the
client's chosen channel (docs/submissions-law.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import escape

from cases import deadlines, services
from cases.models import Channel, ClientChannel, Dispatch, WrittenSubmission
from cases.services.dispatch import dispatch_outcome
from cases.services.written import submission_refer_elsewhere
from servicedesk.models import Notification
from tests.factories import CompetentInstitutionFactory

pytestmark = pytest.mark.django_db

REASON = "Jāsaņem informācija no pašvaldības"
LONG_AGO = dt.date(2026, 1, 5)  # every period of a submission received then has passed


@pytest.fixture
def submit(reception, make_client, make_contact):
    """``submit(channel, received)``: a letter from a client who prefers ``channel``,
    registered as a written submission received on ``received`` (today unless given)."""

    def make(channel=ClientChannel.EMAIL, received=None):
        received = received or timezone.localdate()
        client = make_client(
            preferred_channel=channel,
            email="anna@example.lv",
            service_address="Rīgas iela 5, Daugavpils",
        )
        started = timezone.make_aware(dt.datetime.combine(received, dt.time(10)))
        contact = make_contact(
            client=client,
            channel=Channel.LETTER,
            started_at=min(started, timezone.now()),
            summary="Lūdzu pārrēķināt maksu par atkritumu izvešanu",
        )
        return services.submission_register(
            actor=reception, contact=contact, subject="Par rēķinu", received_on=received
        )

    return make


def _page_says(response, dispatch: Dispatch) -> bool:
    """The screen after the change says what became of the notice, in the page's language."""
    with translation.override(settings.LANGUAGE_CODE):
        expected = dispatch_outcome(dispatch)
    return escape(expected) in response.content.decode()


def _post(client, submission, **data):
    return client.post(f"/cases/submissions/{submission.pk}/", data, follow=True)


# --- Extension ---------------------------------------------------------------------------------


def test_extension_before_the_reply_date_emails_the_reason_and_the_new_date(
    reception, client_for, submit
):
    submission = submit(ClientChannel.EMAIL)
    response = _post(client_for(reception), submission, action="extend", reason=REASON)
    submission.refresh_from_db()
    notice = submission.extension_notice
    new_date = deadlines.reply_deadline(submission.received_on, extended=True)
    assert submission.extended and submission.reply_due == new_date
    assert submission.extension_reason == REASON
    assert (notice.kind, notice.channel) == (Dispatch.Kind.EXTENSION_NOTICE, "email")
    assert REASON in notice.body and new_date.strftime("%d.%m.%Y") in notice.body
    outbox = notice.notification
    assert outbox is not None and outbox.email == "anna@example.lv"
    assert Notification.objects.filter(pk=outbox.pk, email="anna@example.lv").exists()
    assert _page_says(response, notice)


def test_extension_for_a_client_who_wants_letters_leaves_a_letter_to_print(
    reception, client_for, submit
):
    submission = submit(ClientChannel.LETTER)
    response = _post(client_for(reception), submission, action="extend", reason=REASON)
    notice = WrittenSubmission.objects.get(pk=submission.pk).extension_notice
    assert (notice.channel, notice.state) == ("letter", Dispatch.State.TO_PRINT)
    assert notice.postal_address == "Rīgas iela 5, Daugavpils"
    assert notice.notification is None  # nothing was e-mailed
    assert _page_says(response, notice)
    # The submission's page keeps showing the notice and what became of it.
    page = client_for(reception).get(f"/cases/submissions/{submission.pk}/")
    assert notice.number in page.content.decode()


def test_extension_for_a_client_who_comes_in_person_is_to_hand_over(reception, submit):
    submission = submit(ClientChannel.VISIT)
    services.submission_extend(actor=reception, submission=submission, reason=REASON)
    notice = WrittenSubmission.objects.get(pk=submission.pk).extension_notice
    assert (notice.channel, notice.state) == ("in_person", Dispatch.State.TO_HAND)


def test_extension_after_the_reply_date_is_refused_and_keeps_what_was_typed(
    reception, client_for, submit
):
    submission = submit(received=LONG_AGO)
    response = _post(client_for(reception), submission, action="extend", reason=REASON)
    submission.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 200 and REASON in html
    assert submission.reply_due.strftime("%d.%m.%Y") in html  # the refusal names the date
    assert not submission.extended and submission.extension_notice is None
    assert not Dispatch.objects.exists()


# --- Forwarding and where to apply ------------------------------------------------------------


def test_forwarding_on_time_forwards_formally_and_tells_the_submitter(
    reception, client_for, submit
):
    institution = CompetentInstitutionFactory(address="Rūpniecības iela 23, Rīga")
    submission = submit(ClientChannel.LETTER)
    response = _post(
        client_for(reception), submission, action="forward", institution=institution.pk
    )
    submission.refresh_from_db()
    formal, notice = submission.formal_forwarding, submission.forwarding_notice
    assert submission.status == WrittenSubmission.Status.FORWARDED
    assert not submission.forwarded_late
    assert (formal.kind, formal.channel) == (Dispatch.Kind.FORMAL_FORWARDING, "email")
    assert formal.notification.email == institution.email
    assert "pārrēķināt maksu" in formal.body  # the submission's content goes with it
    assert notice.kind == Dispatch.Kind.FORWARDING_NOTICE
    assert institution.name in notice.body and notice.state == Dispatch.State.TO_PRINT
    assert _page_says(response, formal) and _page_says(response, notice)
    assert "badge text-bg-warning" not in response.content.decode()


def test_forwarding_after_the_period_is_done_but_recorded_late(reception, client_for, submit):
    institution = CompetentInstitutionFactory()
    submission = submit(ClientChannel.EMAIL, received=LONG_AGO)
    response = _post(
        client_for(reception), submission, action="forward", institution=institution.pk
    )
    submission.refresh_from_db()
    assert submission.status == WrittenSubmission.Status.FORWARDED
    assert submission.forwarded_late
    html = response.content.decode()
    assert submission.forward_due.strftime("%d.%m.%Y") in html  # said on screen
    assert "badge text-bg-warning" in html


def test_telling_the_submitter_where_to_apply_closes_it_saying_so(reception, client_for, submit):
    institution = CompetentInstitutionFactory()
    submission = submit(ClientChannel.EMAIL)
    response = _post(
        client_for(reception),
        submission,
        action="refer",
        institution=institution.pk,
        where="Iesniegumu var iesniegt arī klātienē.",
    )
    submission.refresh_from_db()
    notice = submission.referral_notice
    assert submission.status == WrittenSubmission.Status.REFERRED
    assert submission.forwarded_to is None and submission.closed_at is not None
    assert notice.kind == Dispatch.Kind.WHERE_TO_APPLY and institution.name in notice.body
    assert "klātienē" in notice.body and notice.notification.email == "anna@example.lv"
    assert _page_says(response, notice)
    assert not Dispatch.objects.filter(kind=Dispatch.Kind.FORMAL_FORWARDING).exists()


def test_where_to_apply_needs_an_institution_or_words(reception, client_for, submit):
    submission = submit()
    response = _post(client_for(reception), submission, action="refer", where="   ")
    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.status == WrittenSubmission.Status.OPEN
    assert not Dispatch.objects.exists()


def test_a_closed_submission_cannot_be_referred_or_forwarded(reception, submit):
    from django.core.exceptions import ValidationError

    submission = submit()
    submission_refer_elsewhere(actor=reception, submission=submission, where="Valsts policija")
    with pytest.raises(ValidationError):
        services.submission_forward(
            actor=reception, submission=submission, institution=CompetentInstitutionFactory()
        )


# --- The reminder before the forwarding deadline -------------------------------------------


def _forward_reminders(submission):
    key = f"cases.submission_forward_due:{submission.pk}"
    return Notification.objects.filter(idempotency_key__startswith=key, recipient=submission.owner)


def test_the_employee_is_reminded_once_before_the_forwarding_deadline(reception, submit):
    submission = submit()
    too_early = submission.received_on
    services.submissions_send_reminders(today=too_early)
    assert not _forward_reminders(submission).exists()
    day_before = deadlines.add_working_days(submission.received_on, 4)
    services.submissions_send_reminders(today=day_before)
    submission.refresh_from_db()
    first = submission.reminded_forward_at
    assert first is not None and _forward_reminders(submission).filter(channel="email").count() == 1
    # Again that day and on the deadline itself: still the one reminder.
    services.submissions_send_reminders(today=day_before)
    services.submissions_send_reminders(today=submission.forward_due)
    submission.refresh_from_db()
    assert submission.reminded_forward_at == first
    assert _forward_reminders(submission).filter(channel="email").count() == 1


def test_no_forwarding_reminder_once_it_is_forwarded(reception, submit):
    submission = submit()
    services.submission_forward(
        actor=reception, submission=submission, institution=CompetentInstitutionFactory()
    )
    services.submissions_send_reminders(today=submission.forward_due)
    assert not _forward_reminders(submission).exists()
