"""Answering an incoming e-mail from the desk (docs/mail.md, "Answering"): the preview is what
the client receives, the reply goes through the outbox with a fixed Message-ID and the
threading headers, is logged on the client's timeline linked to the e-mail, and marks it
answered; automatic replies need a confirmation."""

from __future__ import annotations

import pytest
from django.core import mail as outbox_mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Callback, Channel, InboundEmail
from cases.services import mail
from cases.services.mail_reply import inbound_reply, reply_draft
from servicedesk.models import Notification
from servicedesk.services.notifications import notification_deliver
from tests.cases.mail.messages import message

pytestmark = pytest.mark.django_db

CLIENT_ID = "<jautajums-1@example.lv>"


def receive(raw: bytes) -> InboundEmail:
    email, _ = mail.inbound_receive(received=mail.Received(mailbox="klienti@test/INBOX", raw=raw))
    return email


def question(**kwargs) -> InboundEmail:
    return receive(
        message(
            subject="Konteiners nav iztukšots",
            message_id=CLIENT_ID,
            references="<agrak-0@example.lv>",
            **kwargs,
        )
    )


def test_the_reply_is_threaded_signed_and_queued_in_the_outbox(
    reception, institution, django_capture_on_commit_callbacks
):
    email = question()
    with django_capture_on_commit_callbacks(execute=False):
        row = inbound_reply(actor=reception, email=email, text="Labdien! Izvedīsim rīt.")

    assert row.status == Notification.Status.PENDING  # queued, not sent
    assert row.email == "anna@example.lv"
    assert row.subject == "Re: Konteiners nav iztukšots"
    assert row.in_reply_to == CLIENT_ID
    assert row.references == f"<agrak-0@example.lv> {CLIENT_ID}"
    assert row.message_id.startswith("<notification.")  # fixed when written
    assert row.body.startswith("Labdien! Izvedīsim rīt.\n\n-- \n")
    assert "Laura Kalniņa\nKlientu apkalpošanas speciāliste\n" in row.body
    assert row.body.endswith(institution.name)


@pytest.mark.rule("3.1")
def test_the_reply_is_on_the_clients_timeline_linked_to_the_email(reception):
    email = question()
    row = inbound_reply(actor=reception, email=email, text="Labdien!")

    email.refresh_from_db()
    assert email.answered_at is not None
    assert email.assigned_to == reception
    answer = email.answer
    assert answer.channel == Channel.EMAIL_OUT
    assert answer.client == email.contact.client
    assert answer.employee == reception
    assert row.target == answer
    with pytest.raises(ValidationError):  # answered once
        inbound_reply(actor=reception, email=email, text="Vēlreiz")


def test_the_sender_uses_the_rows_message_id_and_the_thread_headers(reception):
    email = question()
    row = inbound_reply(actor=reception, email=email, text="Labdien!")
    Notification.objects.filter(pk=row.pk).update(message_id="<fiksets@aadso.lv>")
    outbox_mail.outbox.clear()

    assert notification_deliver(notification_id=row.pk)

    sent = outbox_mail.outbox[-1]
    assert sent.extra_headers["Message-ID"] == "<fiksets@aadso.lv>"
    assert sent.extra_headers["In-Reply-To"] == CLIENT_ID
    assert CLIENT_ID in sent.extra_headers["References"]
    assert "Auto-Submitted" not in sent.extra_headers  # a person's answer
    assert sent.body == row.body + "\n"  # exactly what the preview showed


def test_an_automatic_reply_is_answered_only_when_confirmed(reception):
    email = question(headers={"Auto-Submitted": "auto-replied"})
    assert email.no_auto_answer

    with pytest.raises(ValidationError) as refused:
        reply_draft(actor=reception, email=email, text="Labdien!")
    assert refused.value.code == "confirm_automatic"
    assert not Notification.objects.filter(kind="cases.mail_reply").exists()

    inbound_reply(actor=reception, email=email, text="Labdien!", confirm_automatic=True)
    assert Notification.objects.filter(kind="cases.mail_reply").count() == 1


def test_an_email_taken_by_someone_else_is_theirs_to_answer(reception, reception2):
    email = question()
    mail.inbound_take(actor=reception2, email=email)
    with pytest.raises(ValidationError):
        inbound_reply(actor=reception, email=email, text="Labdien!")


def test_the_page_previews_then_queues_the_reply_in_latvian(client, reception):
    email = question()
    client.force_login(reception)
    url = reverse("cases:mail_reply", args=[email.pk])

    preview = client.post(url, {"text": "Labdien! Izvedīsim rīt."}).content.decode()
    assert "Re: Konteiners nav iztukšots" in preview
    # The signature's lines as they will arrive, not run together.
    assert "Laura Kalniņa<br>Klientu apkalpošanas speciāliste<br>" in preview
    assert 'id="reply-preview"' in preview
    assert "anna@example.lv" in preview
    assert not Notification.objects.filter(kind="cases.mail_reply").exists()

    sent = client.post(url, {"text": "Labdien! Izvedīsim rīt.", "send": "1"}, follow=True)
    page = sent.content.decode()
    assert Notification.objects.filter(kind="cases.mail_reply").count() == 1
    state = page.split('id="reply-state"')[1]
    # Queued, never "sent": the outbox has not sent it yet.
    assert "nosūtīšanas rindā" in page or "queued for sending" in page
    assert "nosūtīšanas rindā" in state or "queued for sending" in state


def test_someone_outside_the_desk_cannot_answer(client, outsider):
    email = question()
    client.force_login(outsider)
    response = client.post(reverse("cases:mail_reply", args=[email.pk]), {"text": "x", "send": "1"})
    assert response.status_code in (403, 404)
    assert not Notification.objects.filter(kind="cases.mail_reply").exists()


@pytest.mark.rule("4.13")
def test_a_client_who_wants_a_call_gets_a_callback_from_the_emails_page(client, reception):
    email = question()
    client.force_login(reception)
    url = reverse("cases:mail_wants_call", args=[email.pk])

    client.post(url, {"phone_number": "26 123 456", "question": "Kad izvedīs?"})

    callback = Callback.objects.get()
    assert callback.phone_number == "+37126123456"
    assert callback.owner == reception
    assert callback.contact == email.contact
    email.contact.refresh_from_db()
    assert email.contact.wants_phone_answer


@pytest.mark.rule("4.13")
@pytest.mark.parametrize(("number", "abroad"), [("+44 20 7946 0958", False), ("26 123 456", True)])
def test_a_foreign_number_or_roaming_is_answered_by_email_instead(
    client, reception, number, abroad
):
    email = question()
    client.force_login(reception)
    data = {"phone_number": number, "question": "Kad?"}
    if abroad:
        data["client_abroad"] = "on"
    page = client.post(
        reverse("cases:mail_wants_call", args=[email.pk]), data, follow=True
    ).content.decode()

    assert not Callback.objects.exists()
    assert "4.3.1" in page
