"""The staff's incoming e-mail queue (docs/mail.md): new, mine, my team's; taking one; the
detail page shows the sanitised text (never the HTML), the attachments and the thread; a
failed e-mail is listed for administrators and can be retried."""

from __future__ import annotations

import json
import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import InboundEmail
from cases.services import contact_anonymise, mail
from tests.cases.mail.messages import PDF, broken_multipart, message

pytestmark = pytest.mark.django_db


def receive(raw: bytes) -> InboundEmail:
    email, _ = mail.inbound_receive(received=mail.Received(mailbox="klienti@test/INBOX", raw=raw))
    return email


def test_a_new_email_waits_in_the_queue_until_someone_takes_it(client, reception, reception2):
    email = receive(message(subject="Konteiners nav iztukšots"))
    client.force_login(reception)

    page = client.get(reverse("cases:mail_queue"))
    assert "Konteiners nav iztukšots" in page.content.decode()

    client.post(reverse("cases:mail_take", args=[email.pk]))

    email.refresh_from_db()
    assert email.assigned_to == reception
    assert email.contact.employee == reception  # the contact is the taker's to answer
    assert "Konteiners" not in client.get(reverse("cases:mail_queue")).content.decode()
    assert "Konteiners" in client.get(reverse("cases:mail_queue") + "?queue=mine").content.decode()
    client.force_login(reception2)
    team = client.get(reverse("cases:mail_queue") + "?queue=team").content.decode()
    assert "Konteiners" in team
    response = client.post(reverse("cases:mail_take", args=[email.pk]), follow=True)
    email.refresh_from_db()
    assert email.assigned_to == reception  # taken once, not twice
    assert "jau" in response.content.decode() or "already" in response.content.decode()


def test_the_detail_shows_sanitised_text_never_the_html(client, reception):
    raw = message(
        text="",
        html='<p>Sveiki!</p><img src="https://evil.example/x.png" onerror="alert(1)">'
        "<script>x()</script>",
    ).replace(b"Content-Type: text/plain", b"Content-Type: text/x-none")
    email = receive(raw)
    client.force_login(reception)

    body = client.get(reverse("cases:mail_detail", args=[email.pk])).content.decode()

    assert "Sveiki!" in body
    assert "evil.example" not in body and "onerror" not in body and "x()" not in body


def test_the_detail_lists_attachments_and_downloads_the_accepted_one(client, reception):
    email = receive(message(attachments=(("akts.pdf", "application/pdf", PDF),)))
    file = email.attachments.get()
    client.force_login(reception)

    body = client.get(reverse("cases:mail_detail", args=[email.pk])).content.decode()
    download = client.get(reverse("cases:mail_attachment", args=[email.pk, file.pk]))

    assert "akts.pdf" in body
    assert b"".join(download.streaming_content) == PDF


def test_the_detail_shows_the_thread(client, reception):
    first = receive(message(subject="Jautājums", message_id="<q1@example.lv>"))
    reply = receive(message(subject="Re: Jautājums", in_reply_to="<q1@example.lv>"))
    client.force_login(reception)

    body = client.get(reverse("cases:mail_detail", args=[reply.pk])).content.decode()

    assert reverse("cases:mail_detail", args=[first.pk]) in body
    assert reverse("cases:contact_detail", args=[first.contact_id]) in body


def test_someone_outside_the_desk_sees_no_email(client, outsider):
    email = receive(message())
    client.force_login(outsider)

    assert client.get(reverse("cases:mail_detail", args=[email.pk])).status_code in (403, 404)


def test_the_queue_page_does_not_query_per_row(client, reception):
    for n in range(3):
        receive(message(subject=f"Vēstule {n}"))
    client.force_login(reception)
    client.get(reverse("cases:mail_queue"))  # the first request after login saves the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:mail_queue"))
    for n in range(3, 9):
        receive(message(subject=f"Vēstule {n}"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cases:mail_queue"))

    assert len(many) == len(few)


def test_an_administrator_sees_failed_emails_and_retries_them(client, admin):
    failed = receive(broken_multipart())
    client.force_login(admin)

    listing = client.get(reverse("admin:cases_inboundemail_changelist") + "?status=failed")
    assert "broken MIME structure" in listing.content.decode()

    client.post(
        reverse("admin:cases_inboundemail_changelist"),
        {"action": "retry", "_selected_action": [failed.pk]},
    )

    failed.refresh_from_db()
    assert failed.status == InboundEmail.Status.FILED
    assert failed.contact is not None


@pytest.mark.rule("2.1.6.1")
def test_anonymising_the_contact_erases_the_email_its_original_and_files():
    email = receive(
        message(
            subject="Anna Bērziņa, Rīgas iela 5",
            text="Mans personas kods ir 010101-12345.",
            attachments=(("akts.pdf", "application/pdf", PDF),),
        )
    )
    original, file = email.original.path, email.attachments.get().file.path

    contact_anonymise(actor=None, ids=[email.contact_id], scrub=lambda text: "", reason="test")

    email.refresh_from_db()
    assert (email.text, email.subject, email.from_address, email.from_name) == ("", "", "", "")
    assert not email.original and not email.attachments.get().file
    assert not os.path.exists(original) and not os.path.exists(file)


@pytest.mark.rule("2.1.6.1")
def test_the_data_subject_export_holds_the_email(admin, client_for, data_request):
    email = receive(message(subject="Rēķins par oktobri", text="Lūdzu pārrēķināt rēķinu."))

    response = client_for(admin).post(
        f"/privacy/requests/{data_request(email.contact.client).pk}/export.json"
    )

    text = json.dumps(json.loads(response.content), ensure_ascii=False)
    assert "Rēķins par oktobri" in text and "Lūdzu pārrēķināt rēķinu." in text
