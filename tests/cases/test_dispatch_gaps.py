"""Outgoing correspondence where the desk records a client communication: the submission
screen says what became of the reply, anonymising a client forgets their letters and
e-mails, and the admin shows the register read-only without the texts
(docs/correspondence.md)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services
from cases.models import Channel, ClientChannel, Dispatch
from cases.services.dispatch import reply_note
from servicedesk.models import Notification
from servicedesk.services.privacy import placeholder

pytestmark = pytest.mark.django_db

ADDRESS = "Rīgas iela 1, Daugavpils, LV-5401"


def _submission(reception, make_contact, **contact):
    contact = make_contact(channel=Channel.LETTER, started_at=timezone.now(), **contact)
    return services.submission_register(actor=reception, contact=contact, subject="Par rēķinu")


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_recording_a_reply_says_the_letter_is_to_print_never_sent(
    reception, client_for, make_client, make_contact
):
    card = make_client(preferred_channel=ClientChannel.LETTER, service_address=ADDRESS)
    submission = _submission(reception, make_contact, client=card)
    response = client_for(reception).post(
        f"/cases/submissions/{submission.pk}/", {"action": "reply", "reply": "Atbildam, ka..."}
    )
    assert response.status_code == 302
    letter = Dispatch.objects.get(kind=Dispatch.Kind.SUBMISSION_REPLY)
    assert letter.state == Dispatch.State.TO_PRINT
    [said] = _said(response)
    assert reply_note(letter) in said and letter.number in said
    assert _("Saved.") not in said and "e-mail" not in said.lower()


def test_recording_a_reply_by_e_mail_says_it_was_e_mailed(reception, client_for, make_contact):
    submission = _submission(reception, make_contact, email_address="klients@example.lv")
    response = client_for(reception).post(
        f"/cases/submissions/{submission.pk}/", {"action": "reply", "reply": "Atbildam."}
    )
    mail = Dispatch.objects.get(kind=Dispatch.Kind.SUBMISSION_REPLY)
    assert mail.channel == Dispatch.Channel.EMAIL
    [said] = _said(response)
    assert reply_note(mail) in said


@pytest.mark.rule("2.1.6.1")
def test_anonymising_a_client_clears_their_letters_and_e_mails(
    reception, make_client, make_contact
):
    card = make_client(
        preferred_channel=ClientChannel.EMAIL, email="anna@example.lv", service_address=ADDRESS
    )
    submission = _submission(reception, make_contact, client=card)
    services.submission_record_reply(
        actor=reception, submission=submission, reply="Cien. Anna Bērziņa, atbildam..."
    )
    letter = services.dispatch_to_client(
        actor=reception,
        kind=Dispatch.Kind.OTHER,
        target=None,
        client=card,
        channel=Dispatch.Channel.LETTER,
        subject="Anna Bērziņa: grafiks",
        body="Cien. Anna Bērziņa, Rīgas iela 1 ...",
    )
    services.client_anonymise(
        actor=None,
        pk=card.pk,
        scrub=lambda text: text.replace("Anna Bērziņa", ""),
        reason="request",
    )
    for row in Dispatch.objects.filter(client=card):
        assert (row.recipient_name, row.postal_address, row.email) == ("", "", "")
        assert row.body == placeholder()
        assert "Anna" not in row.subject
    letter.refresh_from_db()
    assert letter.number  # the register keeps its number, date and channel
    mail = Notification.objects.get(pk=Dispatch.objects.get(channel="email").notification_id)
    assert mail.email != "anna@example.lv"


@pytest.mark.rule("2.1.6.1")
def test_anonymising_a_contact_clears_the_notices_about_its_submission(reception, make_contact):
    submission = _submission(reception, make_contact, email_address="zelma@example.lv")
    services.submission_extend(actor=reception, submission=submission, reason="Vajag ziņas.")
    services.contact_anonymise(
        actor=None, ids=[submission.contact_id], scrub=lambda text: text, reason="request"
    )
    notice = Dispatch.objects.get(kind=Dispatch.Kind.EXTENSION_NOTICE)
    assert (notice.email, notice.body) == ("", placeholder())


def test_the_admin_lists_the_register_read_only_without_the_texts(
    reception, admin, client_for, make_client
):
    card = make_client(preferred_channel=ClientChannel.LETTER, service_address=ADDRESS)
    dispatch = services.dispatch_to_client(
        actor=reception,
        kind=Dispatch.Kind.OTHER,
        target=None,
        client=card,
        subject="Slepenais temats",
        body="Slepenais teksts",
    )
    browser = client_for(admin)
    listing = browser.get("/admin/cases/dispatch/")
    assert listing.status_code == 200
    assert dispatch.number in listing.content.decode()
    page = browser.get(f"/admin/cases/dispatch/{dispatch.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert dispatch.number in text
    assert "Slepenais teksts" not in text and "Slepenais temats" not in text
    assert browser.get("/admin/cases/dispatch/add/").status_code == 403
