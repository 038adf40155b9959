"""E-mail in, against a real IMAP server (Dovecot): each message read from the institution's
mailbox becomes one incoming e-mail contact, with its text, attachments, original and thread;
nothing is lost and nothing is filed twice (docs/mail.md)."""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command

from cases.mail import imap
from cases.models import Channel, Client, Contact, InboundEmail
from cases.services import contacts as contacts_service
from cases.services import mail
from tests.cases.mail.messages import PDF, PNG, bounce, broken_multipart, message

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.rule("3.1")
def test_a_message_becomes_an_incoming_email_contact_of_the_client(dovecot, mailbox, make_client):
    known = make_client(name="Anna Bērziņa", email="anna@example.lv")
    raw = message(text="Labdien! Kad tiks izvesti atkritumi?")
    dovecot.append(mailbox, raw)

    call_command("fetch_mail", "--once")

    email = InboundEmail.objects.get()
    assert email.status == InboundEmail.Status.FILED
    assert email.contact.channel == Channel.EMAIL_IN
    assert email.contact.client == known
    assert "Kad tiks izvesti atkritumi?" in email.contact.summary
    assert email.original.read() == raw  # the original, byte for byte
    assert dovecot.unseen(mailbox) == 0  # marked seen after filing


def test_an_unknown_sender_becomes_a_new_unconfirmed_client(dovecot, mailbox):
    dovecot.append(mailbox, message(sender="Pēteris Ozols <peteris@example.lv>"))

    imap.fetch_all()

    client = Client.objects.get(email="peteris@example.lv")
    assert client.name == "Pēteris Ozols"
    assert client.confirmed is False
    assert InboundEmail.objects.get().contact.client == client


def test_html_is_sanitised_and_quoted_history_folded_away_but_kept(dovecot, mailbox):
    html = (
        "<p>Paldies, viss skaidrs.</p><script>alert('x')</script>"
        "<p>Pirmd., 2026. g. 30. nov., AADSO rakstīja:</p>"
        "<blockquote>&gt; Vecais teksts</blockquote>"
    )
    raw = message(text="", html=html)
    dovecot.append(mailbox, raw.replace(b"Content-Type: text/plain", b"Content-Type: text/x-none"))

    imap.fetch_all()

    email = InboundEmail.objects.get()
    assert email.text == "Paldies, viss skaidrs."
    assert "alert" not in email.text + email.quoted and "<" not in email.text
    assert "rakstīja:" in email.quoted and "Vecais teksts" in email.quoted


def test_attachments_pass_the_public_forms_checks(dovecot, mailbox):
    dovecot.append(
        mailbox,
        message(
            attachments=(
                ("akts.pdf", "application/pdf", PDF),
                ("foto.png", "image/png", PNG),
                ("virus.exe", "application/octet-stream", b"MZ\x90\x00"),
                ("viltots.pdf", "application/pdf", b"not a pdf at all"),
            )
        ),
    )

    imap.fetch_all()

    files = {a.name: a for a in InboundEmail.objects.get().attachments.all()}
    assert files["akts.pdf"].file.read() == PDF and not files["akts.pdf"].rejected
    assert files["foto.png"].content_type == "image/png" and files["foto.png"].file
    # Refused with the public form's own messages (in Latvian), the file not kept.
    assert "netiek pieņemtas" in files["virus.exe"].rejected and not files["virus.exe"].file
    assert files["viltots.pdf"].rejected.startswith("“viltots.pdf”")
    assert not files["viltots.pdf"].file


def test_fetching_twice_files_each_message_once(dovecot, mailbox, settings):
    dovecot.append(mailbox, message(), message(), message(message_id=None))

    first = imap.fetch_all()
    # Someone marks them unread again in a mail client; a second worker reads the same folder.
    client = dovecot.client()
    client.select(mailbox)
    client.store("1:*", "-FLAGS", "\\Seen")
    client.logout()
    second = imap.fetch_all()

    assert (first.filed, second.filed, second.already) == (3, 0, 3)
    assert InboundEmail.objects.count() == 3


def test_a_crash_in_the_middle_loses_nothing_and_files_nothing_twice(
    dovecot, mailbox, monkeypatch, settings
):
    dovecot.append(mailbox, *[message(subject=f"Nr. {n}") for n in range(5)])
    real = mail._file_new
    calls = {"n": 0}

    class WorkerKilled(BaseException):
        """The process dies (not an error the reader could catch and record)."""

    def dies_after_three(*args):
        calls["n"] += 1
        if calls["n"] == 4:
            raise WorkerKilled
        return real(*args)

    monkeypatch.setattr(mail, "_file_new", dies_after_three)
    with pytest.raises(WorkerKilled):
        imap.fetch_all()
    # The batch's transaction never committed: nothing of it is kept, not even its files.
    assert InboundEmail.objects.count() == 0
    assert not [p for p in (settings.PRIVATE_MEDIA_ROOT / "mail").rglob("*") if p.is_file()]
    assert dovecot.unseen(mailbox) == 5  # the crash came before \Seen

    monkeypatch.setattr(mail, "_file_new", real)
    tally = imap.fetch_all()

    assert (tally.filed, tally.already) == (5, 0)
    subjects = sorted(InboundEmail.objects.values_list("subject", flat=True))
    assert subjects == [f"Nr. {n}" for n in range(5)]
    assert dovecot.unseen(mailbox) == 0


def test_a_message_that_raises_is_kept_as_failed_and_the_rest_of_its_batch_filed(
    dovecot, mailbox, monkeypatch
):
    dovecot.append(mailbox, *[message(subject=f"Nr. {n}") for n in range(4)])
    real = contacts_service.contact_log_input

    def chokes_on_two(*, actor, data):
        if "Nr. 2" in data.summary:
            raise RuntimeError("a library choked")
        return real(actor=actor, data=data)

    monkeypatch.setattr(mail, "contact_log_input", chokes_on_two)
    tally = imap.fetch_all()

    assert (tally.filed, tally.failed) == (3, 1)
    failed = InboundEmail.objects.get(status=InboundEmail.Status.FAILED)
    assert "a library choked" in failed.failure_reason and failed.original
    assert InboundEmail.objects.filter(status=InboundEmail.Status.FILED).count() == 3
    assert Contact.objects.count() == 3  # the failed one's contact rolled back with it
    assert dovecot.unseen(mailbox) == 0


def test_filing_costs_the_same_few_queries_per_message_however_many(
    dovecot, mailbox, django_assert_max_num_queries
):
    """The fast path (docs/benchmarks.md): a batch shares its look-ups and its commit; each
    message costs a fixed handful of queries, however many there are."""

    def letters(count: int) -> list[bytes]:
        return [
            message(
                sender=f"Klients {n % 3} <k{n % 3}@example.lv>",
                subject=f"Nr. {n}",
                attachments=(("akts.pdf", "application/pdf", PDF), ("f.png", "image/png", PNG)),
            )
            for n in range(count)
        ]

    dovecot.append(mailbox, *letters(3))  # the three senders become clients first
    assert imap.fetch_all().filed == 3
    for count in (5, 25):
        dovecot.append(mailbox, *letters(count))
        # Per message: the contact, its history row, its outcomes, its savepoint and the
        # release (the contacts service: five), the e-mail's row, its attachments in one
        # INSERT: 7.
        # Per batch: the known keys, the intake account, the senders' clients (with their
        # locks on PostgreSQL), the transaction's savepoint in a test: at most 6.
        with django_assert_max_num_queries(7 * count + 6):
            tally = imap.fetch_all()
        assert tally.filed == count


def test_a_reply_to_the_desks_message_joins_its_thread(dovecot, mailbox):
    dovecot.append(mailbox, message(subject="Jautājums", message_id="<first@example.lv>"))
    imap.fetch_all()
    first = InboundEmail.objects.get()
    dovecot.append(
        mailbox,
        message(
            subject="Re: Jautājums",
            in_reply_to="<desk-answer@aadso.lv>",
            references="<first@example.lv> <desk-answer@aadso.lv>",
        ),
    )

    imap.fetch_all()

    reply = InboundEmail.objects.exclude(pk=first.pk).get()
    assert reply.replies_to == first.contact
    assert reply.references == "<first@example.lv> <desk-answer@aadso.lv>"
    assert reply.contact.client == first.contact.client


def test_an_auto_reply_is_filed_but_never_answered_automatically(dovecot, mailbox):
    dovecot.append(
        mailbox,
        message(subject="Out of office", headers={"Auto-Submitted": "auto-replied"}),
        message(subject="Jaunumi", headers={"List-Id": "<news.example.lv>"}),
        message(subject="Parasta vēstule", headers={"Auto-Submitted": "no"}),
    )

    imap.fetch_all()

    flags = dict(InboundEmail.objects.values_list("subject", "no_auto_answer"))
    assert flags == {"Out of office": True, "Jaunumi": True, "Parasta vēstule": False}
    assert InboundEmail.objects.get(subject="Jaunumi").kind == InboundEmail.Kind.AUTO_REPLY


def test_a_bounce_marks_the_clients_address_undeliverable(dovecot, mailbox, make_client):
    client = make_client(email="vecs@example.lv")
    other = make_client(name="Cits", email="derigs@example.lv")
    dovecot.append(mailbox, bounce(failed="vecs@example.lv"))

    imap.fetch_all()

    email = InboundEmail.objects.get()
    assert email.kind == InboundEmail.Kind.BOUNCE and email.no_auto_answer
    assert email.contact is None  # the mail server wrote, not a client
    client.refresh_from_db()
    other.refresh_from_db()
    assert client.email_undeliverable_at is not None
    assert other.email_undeliverable_at is None


def test_a_malformed_message_is_kept_as_failed_and_a_retry_files_it(dovecot, mailbox, admin):
    broken = broken_multipart()
    dovecot.append(mailbox, broken, message(subject="Vesela"))

    tally = imap.fetch_all()

    failed = InboundEmail.objects.get(status=InboundEmail.Status.FAILED)
    assert (tally.filed, tally.failed) == (1, 1)
    assert "broken MIME structure" in failed.failure_reason
    assert failed.original.read() == broken
    assert dovecot.unseen(mailbox) == 0  # kept, so not read again every minute

    mail.inbound_retry(actor=admin, email=failed)

    failed.refresh_from_db()
    assert failed.status == InboundEmail.Status.FILED and failed.attempts == 2
    assert failed.contact.client.email == "janis@example.lv"


def test_an_oversized_message_is_kept_as_failed_with_its_reason(dovecot, mailbox, settings):
    settings.INBOUND_MAIL_MAX_BYTES = 1000
    dovecot.append(mailbox, message(attachments=(("liels.pdf", "application/pdf", PDF * 100),)))

    imap.fetch_all()

    email = InboundEmail.objects.get()
    assert email.status == InboundEmail.Status.FAILED
    assert "too large" in email.failure_reason


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_file_each_message_once(dovecot, mailbox):
    """Two readers of one mailbox at the same moment (the beat task and ``fetch_mail``): the
    unique key makes the second wait for the first's commit and then find the message."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("two workers need two connections to one database: PostgreSQL only")
    dovecot.append(mailbox, *[message(subject=f"Nr. {n}") for n in range(30)])
    tallies: list[imap.Tally] = []

    def worker() -> None:
        try:
            tallies.append(imap.fetch_all())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert InboundEmail.objects.count() == 30
    assert sum(t.filed for t in tallies) == 30
    assert len(set(InboundEmail.objects.values_list("contact", flat=True))) == 30
