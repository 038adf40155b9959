"""One SMTP connection per worker process (``servicedesk.services.smtp_session``): e-mails
go on the open connection; one the server closed meanwhile is noticed and the e-mail goes on a
new one at once; any other failure closes it and reaches the outbox."""

from __future__ import annotations

import smtplib
from typing import Any

import pytest
from django.core.mail import EmailMessage

from servicedesk.services import smtp_session


class Server:
    """What the mail server saw: connections opened, e-mails accepted."""

    def __init__(self) -> None:
        self.connections = 0
        self.accepted: list[str] = []
        self.drop_next = False  # the server closes the open connection (idle timeout)
        self.refuse_next = False


class Backend:
    def __init__(self, server: Server) -> None:
        self.server = server
        self.open_ = False

    def open(self) -> bool:
        self.server.connections += 1
        self.open_ = True
        return True

    def close(self) -> None:
        self.open_ = False

    def send_messages(self, messages: list[Any]) -> int:
        assert self.open_
        if self.server.drop_next:
            self.server.drop_next = False
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        if self.server.refuse_next:
            self.server.refuse_next = False
            raise smtplib.SMTPRecipientsRefused({"x@example.lv": (550, b"No such user")})
        self.server.accepted += [m.subject for m in messages]
        return len(messages)


@pytest.fixture
def server(monkeypatch):
    server = Server()
    monkeypatch.setattr(smtp_session.mailers, "create_connection", lambda alias: Backend(server))
    monkeypatch.setattr(smtp_session, "_session", {"backend": None, "key": None, "used_at": 0.0})
    return server


def _mail(subject: str) -> EmailMessage:
    return EmailMessage(subject=subject, body="…", to=["anna@example.lv"])


def test_e_mails_go_on_one_open_connection(server):
    for n in range(3):
        smtp_session.send_on_session(_mail(f"Nr. {n}"))

    assert server.accepted == ["Nr. 0", "Nr. 1", "Nr. 2"]
    assert server.connections == 1


def test_a_connection_the_server_closed_is_replaced_and_the_e_mail_goes_at_once(server):
    smtp_session.send_on_session(_mail("first"))
    server.drop_next = True

    smtp_session.send_on_session(_mail("second"))

    assert server.accepted == ["first", "second"]
    assert server.connections == 2


def test_an_idle_connection_is_not_trusted(server, monkeypatch):
    clock = iter([100.0, 100.0, 200.0, 200.0, 200.0])
    monkeypatch.setattr(smtp_session.time, "monotonic", lambda: next(clock))
    smtp_session.send_on_session(_mail("morning"))
    smtp_session.send_on_session(_mail("later"))  # 100 s idle: a new connection

    assert server.connections == 2


def test_a_refusal_reaches_the_outbox_and_the_next_e_mail_gets_a_new_connection(server):
    smtp_session.send_on_session(_mail("first"))
    server.refuse_next = True

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        smtp_session.send_on_session(_mail("refused"))
    smtp_session.send_on_session(_mail("third"))

    assert server.accepted == ["first", "third"]
    assert server.connections == 2


def test_a_refusal_on_the_replacing_connection_reaches_the_outbox_and_is_not_kept(server):
    smtp_session.send_on_session(_mail("first"))
    server.drop_next = server.refuse_next = True  # closed, and the new one refuses

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        smtp_session.send_on_session(_mail("refused"))
    smtp_session.send_on_session(_mail("third"))

    assert server.accepted == ["first", "third"]
    assert server.connections == 3
