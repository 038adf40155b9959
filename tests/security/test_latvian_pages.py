"""Every page in Latvian, checked by machine: as each persona (and as an anonymous visitor)
with Latvian active, every URL pattern of the project (found by walking the resolver, with a
record of every kind to fill it) and every page a link leads to from there is read, and no
text a person reads may be English.

What counts as English: a text (or a button's value, a placeholder, a title, an aria-label)
that is one of our own English source strings whose Latvian translation differs (a string
that escaped translation: wrapped in an alias ``makemessages`` does not know, or missing from
the catalogue), or a text with two or more English function words ("the", "is", "your", …)
that no Latvian sentence has. Addresses, e-mails and code are taken out first.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polib
import pytest
from django.test import Client

from complaints.models import Outcome, State
from complaints.register.services import workflow
from servicedesk.access import URLS
from tests.security.test_access_matrix import url_for
from tests.security.test_leak_detector import crawl
from tests.security.world import walk

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LV = {"HTTP_ACCEPT_LANGUAGE": "lv"}
FUNCTION_WORDS = re.compile(
    r"\b(the|is|are|was|were|your|you|this|that|with|for|not|has|have|been|will|an|"
    r"of|and|or|by|from|which|please|cannot|must|should|there|their)\b",
    re.IGNORECASE,
)
NOT_PROSE = re.compile(r"\S+@\S+|https?://\S+|/[\w/.-]+|\b\w+_\w+\b|\{[^}]*\}")
ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
#: Words that are the same in both languages or are names, not sentences.
ALLOWED_WORDS = {"English", "Latviski", "PDF", "CSV", "XLSX", "JSON", "ID", "E-mail", "OK"}


class _Reader(HTMLParser):
    """The text a person reads: text nodes outside scripts and styles, and the attributes a
    screen reader or a hover shows, and the labels of buttons."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code", "pre"):
            self._skip += 1
        values = dict(attrs)
        self.texts += [values[a] or "" for a in ATTRIBUTES if values.get(a)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data)


def _english_sources() -> frozenset[str]:
    """Our English source strings whose Latvian differs (placeholders and words of fewer
    than four letters left out)."""
    catalogue = polib.pofile(str(ROOT / "locale" / "lv" / "LC_MESSAGES" / "django.po"))
    return frozenset(
        " ".join(e.msgid.split())
        for e in catalogue
        if e.msgstr
        and e.msgstr != e.msgid
        and "%" not in e.msgid
        and "{" not in e.msgid
        and (len(e.msgid.split()) >= 2 or len(e.msgid) >= 4)
        and e.msgid not in ALLOWED_WORDS
    )


def english_in(html: str, sources: frozenset[str]) -> list[str]:
    """The English a person would read on this page."""
    reader = _Reader()
    reader.feed(html)
    found = []
    for raw in reader.texts:
        text = " ".join(raw.split())
        if not text or text in ALLOWED_WORDS:
            continue
        prose = NOT_PROSE.sub(" ", text)
        if text in sources or len(set(FUNCTION_WORDS.findall(prose.lower()))) >= 2:
            found.append(text[:120])
    return found


def test_the_check_finds_english_and_passes_latvian() -> None:
    sources = frozenset({"Record the decision", "Start the review"})
    page = (
        '<h1>Iesniegums</h1><button>Record the decision</button><input type="submit" '
        'value="Start the review"><p title="Show the history of this item">x</p>'
        "<p>Atbildi sniegsim līdz 14.12.2026.</p><script>var the = is;</script>"
    )
    assert english_in(page, sources) == [
        "Record the decision",
        "Start the review",
        "Show the history of this item",
    ]


def _html(response: Any) -> str:
    """A page's HTML; a download (PDF, spreadsheet, CSV) is not a page and reads as empty."""
    if "html" not in response.get("Content-Type", "") or response.streaming:
        return ""
    return response.content.decode()


def _pages(browser: Client, world: dict) -> list[str]:
    urls = []
    for pattern in walk():
        if pattern.name is None or pattern.name not in URLS:
            continue
        urls.append(url_for(pattern, URLS[pattern.name], world))
    return urls


def test_every_page_every_persona_reaches_is_latvian(personas, dpo, world) -> None:
    sources = _english_sources()
    english: dict[str, set[str]] = {}
    read: set[str] = set()
    for label, user in {"anonymous": None, **personas, "dpo": dpo}.items():
        browser = Client(**LV)
        if user is not None:
            browser.force_login(user)
        starts = ["/", *_pages(browser, world)]
        for url, text in crawl(browser, starts, read=_html):
            if url.startswith(("POST ", "/admin/")) or not text:
                continue
            read.add(url)
            for phrase in english_in(text, sources):
                english.setdefault(phrase, set()).add(f"{url} ({label})")
    # The crawler reaches the pages, and the check reads them: the same pages in English fail.
    assert len(read) > 150, len(read)
    head = Client(HTTP_ACCEPT_LANGUAGE="en")
    head.force_login(personas["head"])
    assert english_in(_html(head.get(f"/complaints/{world['item'].pk}/")), sources)
    assert not english, "English on Latvian pages:\n" + "\n".join(
        f"{phrase!r} on {sorted(where)[:3]}" for phrase, where in sorted(english.items())
    )


def test_the_review_screen_is_latvian_in_every_state_of_an_item(register, head) -> None:
    """The reviewer's forms change with the item's state (acknowledge, start, decide, reply,
    close, appeal): each state's page is read as the head who reviews it."""
    sources = _english_sources()
    browser = Client(**LV)
    browser.force_login(head)
    item = register()
    if item.state == State.REGISTERED:
        item = workflow.feedback_acknowledge(actor=head, item=item, expected_version=item.version)
    url = f"/complaints/{item.pk}/"
    steps = [
        lambda i: workflow.feedback_start_review(actor=head, item=i, expected_version=i.version),
        lambda i: workflow.feedback_decide(
            actor=head,
            item=i,
            expected_version=i.version,
            outcome=Outcome.UPHELD,
            decision_text="Sūdzība pamatota.",
        ),
        lambda i: workflow.feedback_answer(
            actor=head, item=i, expected_version=i.version, reply_text="Atvainojamies."
        ),
        lambda i: workflow.feedback_close(actor=head, item=i, expected_version=i.version),
    ]
    english: dict[str, list[str]] = {}
    states = []
    for step in [None, *steps]:
        if step is not None:
            item = step(item)
        states.append(item.state)
        response = browser.get(url)
        assert response.status_code == 200
        english[item.state] = english_in(_html(response), sources)
    assert len(set(states)) == len(states)  # every step reached a state of its own
    assert not any(english.values()), english
