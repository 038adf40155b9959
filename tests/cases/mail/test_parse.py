"""What an incoming e-mail says, read without a server (docs/mail.md): the quoted history
folded away, HTML reduced to safe text, automatic messages and bounces recognised, a mailbox
URL read, and the key that keeps a message once."""

from __future__ import annotations

import pytest

from cases.mail.imap import mailbox_from_url
from cases.mail.parse import Malformed, fold_quotes, html_to_text, is_automatic, parse
from cases.services.mail import Received, message_key
from tests.cases.mail.messages import bounce, broken_multipart, message


@pytest.mark.parametrize(
    "attribution",
    [
        "On Mon, 30 Nov 2026 at 10:00, AADSO <klienti@aadso.lv> wrote:",
        "2026. gada 30. nov. 10:00 AADSO <klienti@aadso.lv> rakstīja:",
        "-----Original Message-----",
    ],
)
def test_the_quoted_history_is_folded_away_but_kept(attribution):
    text = f"Paldies!\nAr cieņu, Anna\n\n{attribution}\n> Jūsu konteiners tiks iztukšots.\n"

    new, quoted = fold_quotes(text)

    assert new == "Paldies!\nAr cieņu, Anna"
    assert quoted.startswith(attribution) and "Jūsu konteiners" in quoted


def test_quoted_lines_in_the_middle_are_not_folded_away():
    text = "> Kad?\nRīt.\n> Kur?\nPie mājas."

    assert fold_quotes(text) == (text, "")


def test_html_becomes_text_without_scripts_styles_or_tags():
    markup = (
        "<html><head><style>p{color:red}</style><title>T</title></head><body>"
        "<p>Labdien,</p><p>skat. <a href='javascript:alert(1)'>saiti</a>&nbsp;&amp; attēlu"
        "<img src=x onerror=alert(2)></p><script>steal()</script></body></html>"
    )

    text = html_to_text(markup)

    assert text.splitlines()[0] == "Labdien,"
    assert "saiti" in text and "& attēlu" in text
    for bad in ("<", "javascript", "alert", "steal", "color"):
        assert bad not in text


@pytest.mark.parametrize(
    ("headers", "automatic"),
    [
        ({"Auto-Submitted": "auto-replied"}, True),
        ({"Auto-Submitted": "no"}, False),
        ({"Precedence": "bulk"}, True),
        ({"Precedence": "junk"}, True),
        ({"Precedence": "list"}, True),
        ({"List-Unsubscribe": "<mailto:x@example.lv>"}, True),
        ({"X-Autoreply": "yes"}, True),
        ({}, False),
    ],
)
def test_automatic_messages_are_recognised(headers, automatic):
    from email import message_from_bytes, policy

    raw = message(headers=headers)

    assert is_automatic(message_from_bytes(raw, policy=policy.default)) is automatic


def test_a_bounce_names_the_failed_recipient():
    parsed = parse(bounce(failed="Vecs@Example.lv"))

    assert parsed.is_bounce and parsed.automatic
    assert parsed.bounced == ["vecs@example.lv"]


def test_a_broken_message_is_malformed_unless_read_leniently():
    with pytest.raises(Malformed, match="broken MIME structure"):
        parse(broken_multipart())

    assert parse(broken_multipart(), strict=False).from_address == "janis@example.lv"


def test_a_message_without_a_sender_is_malformed():
    with pytest.raises(Malformed, match="no sender"):
        parse(message(sender=""))


def test_the_key_is_the_message_id_else_the_place_in_the_mailbox():
    with_id = message(message_id="<abc@example.lv>")
    without = message(message_id=None)

    assert message_key(Received(mailbox="m", raw=with_id, uid=7)) == "<abc@example.lv>"
    assert message_key(Received(mailbox="m", raw=without, uid_validity=5, uid=7)) == "uid:5:7"
    long_id = message(message_id="<" + "x" * 400 + "@example.lv>")
    assert message_key(Received(mailbox="m", raw=long_id)).startswith("sha256:")


def test_a_mailbox_url_is_read_without_keeping_the_password_in_its_name():
    box = mailbox_from_url("imaps://klienti%40aadso.lv:s%C4%ABkr@mail.aadso.lv/Inbox")

    assert (box.host, box.port, box.ssl, box.folder) == ("mail.aadso.lv", 993, True, "Inbox")
    assert box.user == "klienti@aadso.lv" and box.password == "sīkr"
    assert "sīkr" not in box.key and "sīkr" not in repr(box)
    assert mailbox_from_url("imap://u:p@127.0.0.1:1143/INBOX").ssl is False
