"""Messages as mail clients and servers write them, for the intake's tests and benchmark."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

#: The smallest real PDF and PNG (the public form's content checks read their first bytes).
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def message(
    *,
    sender: str = "Anna Bērziņa <anna@example.lv>",
    to: str = "klienti@aadso.lv",
    subject: str = "Atkritumu izvešana",
    text: str = "Labdien! Kad tiks izvesti atkritumi?",
    html: str | None = None,
    message_id: str | None = "",
    in_reply_to: str = "",
    references: str = "",
    headers: dict[str, str] | None = None,
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> bytes:
    msg = EmailMessage()
    if sender:
        msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    if message_id is not None:
        msg["Message-ID"] = message_id or make_msgid(domain="example.lv")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for name, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes(policy=policy.SMTP)  # CRLF, as an IMAP server keeps it


def bounce(*, failed: str, original_subject: str = "Atbilde") -> bytes:
    """A delivery status notification (RFC 3464) as Postfix writes it."""
    boundary = "dsn-boundary-1"
    return (
        "From: MAILER-DAEMON@mail.aadso.lv (Mail Delivery System)\r\n"
        "To: klienti@aadso.lv\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: {make_msgid(domain='mail.aadso.lv')}\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\r\n'
        "\r\n"
        f"--{boundary}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n"
        f"--{boundary}\r\n"
        "Content-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mail.aadso.lv\r\n\r\n"
        f"Final-Recipient: rfc822; {failed}\r\n"
        "Action: failed\r\n"
        "Status: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
        f"--{boundary}\r\n"
        "Content-Type: text/rfc822-headers\r\n\r\n"
        f"From: klienti@aadso.lv\r\nTo: {failed}\r\nSubject: {original_subject}\r\n\r\n"
        f"--{boundary}--\r\n"
    ).encode()


def broken_multipart() -> bytes:
    """A multipart message whose boundary never appears: its structure cannot be read."""
    return (
        "From: Jānis <janis@example.lv>\r\n"
        "To: klienti@aadso.lv\r\n"
        "Subject: Salauzts\r\n"
        f"Message-ID: {make_msgid(domain='example.lv')}\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="nowhere"\r\n'
        "\r\n"
        "Teksts bez daļām.\r\n"
    ).encode()
