"""What an incoming e-mail says (docs/mail.md): its headers for threads, its text (HTML
sanitised with nh3, the quoted history folded away but kept), its attachments, whether it is
an automatic message, and, for a delivery failure report, whose address failed.

Pure functions on the raw bytes; ``cases.services.mail`` files what they find."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

import nh3

#: Lines that start the quoted history of a reply: "On … wrote:", "… rakstīja:", Outlook's
#: separators and header blocks.
ATTRIBUTION = re.compile(
    r"^\s*(?:On\s.+\swrote:|.+\srakstīja:|.+\sнаписал\(а\):|-{2,}\s*(?:Original Message|"
    r"Oriģinālā ziņa|Sākotnējā ziņa|Forwarded message|Pārsūtītā ziņa)\s*-{2,}|"
    r"(?:From|No):\s.+)\s*$",
    re.IGNORECASE,
)
BLOCK_END = re.compile(r"</(?:p|div|li|tr|h[1-6]|blockquote|table)\s*>|<br\s*/?>", re.IGNORECASE)
AUTO_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})
AUTO_HEADERS = (
    "List-Id",
    "List-Unsubscribe",
    "X-Autoreply",
    "X-Autorespond",
    "X-Auto-Response-Suppress",
)


class Malformed(ValueError):
    """The message cannot be filed as it is; the reason is shown to an administrator."""


@dataclass(frozen=True)
class Part:
    name: str
    content_type: str
    data: bytes


@dataclass
class Parsed:
    message_id: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    from_address: str = ""
    from_name: str = ""
    to_addresses: list[str] = field(default_factory=list)
    subject: str = ""
    sent_at: datetime | None = None
    text: str = ""
    quoted: str = ""
    attachments: list[Part] = field(default_factory=list)
    automatic: bool = False
    bounced: list[str] = field(default_factory=list)  # the failed recipients of a bounce
    is_bounce: bool = False
    defects: list[str] = field(default_factory=list)


def _ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value or "")


def _header(message: Message, name: str) -> str:
    """A header as text: unfolded, RFC 2047 words decoded; an undecodable one as it is."""
    value = message.get(name)
    if value is None:
        return ""
    unfolded = re.sub(r"\r?\n[ \t]+", " ", str(value))
    try:
        return str(make_header(decode_header(unfolded))).strip()
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return unfolded.strip()


def _sent_at(message: Message) -> datetime | None:
    try:
        sent = parsedate_to_datetime(_header(message, "Date"))
    except (TypeError, ValueError, IndexError):
        return None
    return sent if sent is not None and sent.tzinfo is not None else None


def is_automatic(message: Message) -> bool:
    """RFC 3834 and the usual markers: Auto-Submitted other than "no", Precedence
    bulk/junk/list, a mailing list's headers, an auto-responder's own flag."""
    auto = _header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return True
    if _header(message, "Precedence").lower() in AUTO_PRECEDENCE:
        return True
    return any(message.get(name) is not None for name in AUTO_HEADERS)


def bounced_recipients(message: Message) -> list[str] | None:
    """The recipients a DSN (multipart/report; report-type=delivery-status) says failed, or
    None when the message is not one."""
    if message.get_content_type() != "multipart/report":
        return None
    if str(message.get_param("report-type", "") or "").lower() != "delivery-status":
        return None
    failed: list[str] = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        blocks = payload if isinstance(payload, list) else []
        for block in blocks:
            if not isinstance(block, Message):
                continue
            action = str(block.get("Action", "")).strip().lower()
            recipient = str(block.get("Original-Recipient") or block.get("Final-Recipient") or "")
            address = recipient.split(";", 1)[-1].strip().strip("<>").lower()
            if action == "failed" and "@" in address and address not in failed:
                failed.append(address)
    return failed


def html_to_text(markup: str) -> str:
    """An HTML body as plain text: nh3 keeps no tag (scripts and styles with their content
    gone), the block ends become line breaks, the entities are decoded."""
    broken = BLOCK_END.sub("\n", markup)
    cleaned = nh3.clean(broken, tags=set(), clean_content_tags={"script", "style", "head", "title"})
    lines = [line.strip() for line in html.unescape(cleaned).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def fold_quotes(text: str) -> tuple[str, str]:
    """The new text of a reply and its quoted history: from the first attribution line, or
    the first "> " line after which only quotes and blank lines follow."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        rest = lines[index:]
        quoted_tail = line.startswith(">") and all(
            not x.strip() or x.startswith(">") or ATTRIBUTION.match(x) for x in rest
        )
        if ATTRIBUTION.match(line) and index > 0 or quoted_tail:
            return "\n".join(lines[:index]).strip(), "\n".join(rest).strip()
    return text.strip(), ""


def _leaves(message: Message) -> Iterator[Message]:
    """The message's parts that hold content, in order, not descending into an attached
    message (a forwarded e-mail is an attachment, not this one's text)."""
    if message.is_multipart():
        for part in message.get_payload():
            if isinstance(part, Message):
                yield from _leaves(part)
    else:
        yield message


def _is_attachment(part: Message) -> bool:
    disposition = str(part.get("Content-Disposition", "")).strip().lower()
    if disposition.startswith("attachment") or part.get_filename():
        return True
    return part.get_content_maintype() not in ("text", "multipart")


def _decoded(part: Message) -> str:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")


def _body(message: Message) -> str:
    """The first plain-text part, else the first HTML part reduced to text (nh3)."""
    texts = [p for p in _leaves(message) if not _is_attachment(p)]
    plain = next((p for p in texts if p.get_content_type() == "text/plain"), None)
    html = next((p for p in texts if p.get_content_type() == "text/html"), None)
    if plain is not None:
        return _decoded(plain).replace("\r\n", "\n").strip()
    return html_to_text(_decoded(html)) if html is not None else ""


def _attachments(message: Message) -> list[Part]:
    found: list[Part] = []
    for part in _leaves(message):
        if not _is_attachment(part):
            continue
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            raw_name = part.get_filename() or ""
            name = _decoded_words(raw_name) or "pielikums.bin"
            found.append(Part(name=name, content_type=part.get_content_type(), data=data))
    return found


def _decoded_words(value: str) -> str:
    try:
        return str(make_header(decode_header(value))).strip()
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return value.strip()


def parse(raw: bytes, *, strict: bool = True) -> Parsed:
    """Read one message. ``strict``: a message whose structure is broken (a multipart without
    its boundary, no sender) raises :class:`Malformed`; an administrator's retry reads it
    as far as it can be read."""
    # compat32: headers are read only when asked for, and as text (``policy.default`` parses
    # every header it touches into objects: three times slower for what is read here).
    message = message_from_bytes(raw, policy=policy.compat32)
    defects = [type(d).__name__ for part in message.walk() for d in part.defects]
    # The address parsed before the words are decoded: a decoded name may hold a comma.
    raw_from = re.sub(r"\r?\n[ \t]+", " ", str(message.get("From", "") or ""))
    name, address = parseaddr(raw_from)
    name = _decoded_words(name)
    address = address.strip().lower() if "@" in address else ""
    bounced = bounced_recipients(message)
    if strict and any("Boundary" in d for d in defects):
        raise Malformed(f"broken MIME structure: {', '.join(sorted(set(defects)))}")
    if strict and not address and bounced is None:
        raise Malformed("no sender address (From)")
    text, quoted = fold_quotes(_body(message))
    return Parsed(
        message_id=(_ids(_header(message, "Message-ID")) or [""])[0],
        in_reply_to=(_ids(_header(message, "In-Reply-To")) or [""])[0],
        references=_ids(_header(message, "References")),
        from_address=address,
        from_name=name.strip(),
        to_addresses=[a for _, a in getaddresses([_header(message, "To")]) if "@" in a],
        subject=_header(message, "Subject"),
        sent_at=_sent_at(message),
        text=text,
        quoted=quoted,
        attachments=[] if bounced is not None else _attachments(message),
        automatic=is_automatic(message) or bounced is not None,
        bounced=bounced or [],
        is_bounce=bounced is not None,
        defects=defects,
    )
