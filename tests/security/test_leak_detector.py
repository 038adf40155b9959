"""The leak detector (2.1.4.4, 2.1.6.1, 7.2, 7.3): confidentiality follows the data.

A unique marker is planted in a complaint about each persona who can be the subject of one
and in an ethics complaint about the head. Every step of the items' lives is driven through
the services (review, decision, reply, close, a low survey answer quoting the marker, an
internal note, appeal, re-routing, a data-subject export and an erasure). Then, as each
persona, the test crawls every page it can reach: links from the start page, the Django
admin (index, every changelist and change page, history), the inbox, the registers and their
exports (XLSX unzipped, PDF read as text), each item's page and each client's data-protection
page, and reads the e-mails addressed to the persona and to the mailboxes of the authorities
they belong to. A marker (or the register number of an item) about a persona must never
appear anywhere that persona can read; the ethics text never reaches the administrator.

Nothing here lists pages by hand: a page added tomorrow is crawled as soon as a link reaches
it. The positive controls (the reviewers do read the markers) show that the crawler gets to
the content at all.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from complaints.models import (
    Channel,
    FeedbackItem,
    Kind,
    Outcome,
    State,
    SubjectKind,
    SurveyInvitation,
)
from complaints.register.services import registration, workflow
from complaints.selectors import is_reviewer
from complaints.voice.services.surveys import survey_comment, survey_rate
from servicedesk.models import ReviewAuthority
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

#: Pages the crawler does not open: they change state on GET-less forms anyway, or end the
#: session, or switch the language.
SKIP = re.compile(r"/logout/|/delete/|/i18n/|/static/|^mailto:|^tel:|^javascript:|/password")
HREF = re.compile(r"""href\s*=\s*["']([^"'#]+)""")
#: Forms that download an export by POST (a data-subject export): the crawler submits them.
EXPORT_FORM = re.compile(
    r"""<form[^>]*method=["']post["'][^>]*action=["']([^"']*export[^"']*)["']"""
)
PAGE_LIMIT = 700
QUERY_VARIANTS = 6


def _text(response: Any) -> str:
    """What a person reads in a response: HTML/JSON/CSV as text, an XLSX unzipped, a PDF's
    text."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type or body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    if "pdf" in content_type:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    return html.unescape(body.decode("utf-8", "replace"))


def crawl(
    browser: Client, starts: list[str], read: Callable[[Any], str] = _text
) -> Iterator[tuple[str, str]]:
    """Breadth-first over every same-site link reachable from ``starts``; ``read`` turns a
    response into the text checked (every download, by default)."""
    seen: set[str] = set()
    variants: dict[str, int] = {}
    queue = deque(starts)
    while queue and len(seen) < PAGE_LIMIT:
        url = queue.popleft()
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        response = browser.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if response.status_code != 200:
            continue
        text = read(response)
        yield url, text
        if url.startswith("/admin/") and "/history/" in url:
            continue  # a history page's links lead back to the change page
        if "html" in response.get("Content-Type", ""):
            for action in EXPORT_FORM.findall(text):
                if action not in seen:
                    seen.add(action)
                    exported = browser.post(action)
                    if exported.status_code == 200:
                        yield f"POST {action}", read(exported)
            for href in HREF.findall(text):
                target = urljoin(url, html.unescape(href).strip())
                parts = urlsplit(target)
                if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                    continue
                # The admin's filter and sort links show subsets of the same rows; other
                # pages' query strings (register filters, pages) are followed a few per page.
                query = "" if parts.path.startswith("/admin/") else parts.query
                variants[parts.path] = variants.get(parts.path, 0) + bool(query)
                if query and variants[parts.path] > QUERY_VARIANTS:
                    continue
                local = parts.path + (f"?{query}" if query else "")
                if local not in seen:
                    queue.append(local)


def _number_pattern(number: str) -> re.Pattern[str]:
    return re.compile(re.escape(number) + r"(?!\d)")


@pytest.fixture
def planted(personas, dpo, review_authorities, make_client, media_root):
    """The items, their markers and who must never read which."""
    reception2, head, director, ethics, admin = (
        personas["reception2"],
        personas["head"],
        personas["director"],
        personas["ethics"],
        personas["admin"],
    )
    EmployeeFactory(user=admin, position="Sistēmas administrators")
    for n, authority in enumerate(review_authorities.values()):
        authority.email = f"iestade-{n}@example.lv"
        authority.save(update_fields=["email"])

    def register(label: str, **fields: Any) -> dict[str, Any]:
        marker = f"NOPLUDE{label.upper()}X"
        email = f"klients-{label}@example.lv"
        make_client(name=f"Klients {label.capitalize()}", phones=(), email=email)
        item = registration.feedback_register(
            actor=reception2,
            data=registration.FeedbackInput(
                kind=Kind.COMPLAINT,
                channel=Channel.VISIT,
                text=f"{marker} sūdzības teksts",
                client_name=f"Klients {label.capitalize()}",
                client_email=email,
                **fields,
            ),
        )
        return {"label": label, "marker": marker, "item": item}

    plants = []
    for label in ("reception", "unithead", "expert", "admin", "dpo"):
        person = dpo if label == "dpo" else personas[label]
        plants.append(
            register(
                label,
                subject_kind=SubjectKind.EMPLOYEE,
                subject_employee=person.employee,
            )
            | {"subjects": {label}}
        )
    plants.append(register("head", subject_kind=SubjectKind.HEAD) | {"subjects": {"head"}})
    plants.append(
        register(
            "ethics",
            subject_kind=SubjectKind.ETHICS,
            subject_employee=head.employee,
        )
        # The head is its subject; the administrator never reads ethics content.
        | {"subjects": {"head"}, "content_hidden_from": {"admin"}}
    )
    # A second complaint about the administrator, whose client's data is erased below.
    plants.append(
        register(
            "erased",
            subject_kind=SubjectKind.EMPLOYEE,
            subject_employee=admin.employee,
        )
        | {"subjects": {"admin"}}
    )
    users = {**personas, "dpo": dpo}
    reviewers = [head, director, ethics]
    for plant in plants:
        _live(plant, users, reviewers, reception2)
    return {"plants": plants, "users": users}


def _reviewer(item: FeedbackItem, reviewers: list[Any]) -> Any:
    item.refresh_from_db()
    return next(user for user in reviewers if is_reviewer(user, item))


def _live(plant: dict[str, Any], users: dict[str, Any], reviewers: list[Any], desk: Any) -> None:
    """Review, decide, reply, close, a low survey answer, a note, appeal, re-routing."""
    marker, item = plant["marker"], plant["item"]
    reviewer = _reviewer(item, reviewers)
    if item.state == State.REGISTERED:
        item = workflow.feedback_acknowledge(
            actor=reviewer, item=item, expected_version=item.version
        )
    item = workflow.feedback_start_review(actor=reviewer, item=item, expected_version=item.version)
    workflow.review_note_add(actor=reviewer, item=item, text=f"{marker} piezīme")
    item = workflow.feedback_decide(
        actor=reviewer,
        item=item,
        expected_version=item.version,
        outcome=Outcome.UPHELD,
        decision_text=f"{marker} lēmums",
    )
    item = workflow.feedback_answer(
        actor=reviewer, item=item, expected_version=item.version, reply_text=f"{marker} atbilde"
    )
    item = workflow.feedback_close(actor=reviewer, item=item, expected_version=item.version)
    invitation = SurveyInvitation.objects.get(item=item)
    response = survey_rate(invitation=invitation, rating=1)
    response = survey_comment(response=response, comment=f"{marker} aptaujas komentārs")
    assert response.feedback_item is not None, "a low rating with a comment becomes an item"
    plant["derived"] = response.feedback_item
    item = workflow.feedback_appeal(
        actor=desk, item=item, expected_version=item.version, reason=f"{marker} pārsūdzība"
    )
    # Every re-routing a reviewer may try; those that would reach a subject are refused.
    for kind in ReviewAuthority.Kind:
        item.refresh_from_db()
        try:
            item = workflow.feedback_reroute(
                actor=_reviewer(item, reviewers),
                item=item,
                expected_version=item.version,
                authority_kind=kind,
                reason=f"{marker} pārsūtīšana",
            )
        except (ValidationError, PermissionDenied):
            continue
    item.refresh_from_db()
    plant["item"] = item


def _forbidden(plants: list[dict[str, Any]], persona: str) -> dict[str, re.Pattern[str]]:
    """What ``persona`` must never read: the markers and register numbers of items about
    them (and of the items derived from those), and the markers of content hidden from them."""
    found: dict[str, re.Pattern[str]] = {}
    for plant in plants:
        if persona in plant["subjects"]:
            found[plant["marker"]] = re.compile(plant["marker"])
            for item in (plant["item"], plant["derived"]):
                found[item.register_number] = _number_pattern(item.register_number)
        if persona in plant.get("content_hidden_from", ()):
            found[plant["marker"]] = re.compile(plant["marker"])
    return found


def _mail_for(user: Any) -> list[str]:
    addresses = {user.email.lower()} | {
        a.email.lower() for a in user.review_authorities.all() if a.email
    }
    texts = []
    for message in mail.outbox:
        if addresses & {address.lower() for address in message.to}:
            bodies = [message.subject, message.body]
            bodies += [content for content, _type in getattr(message, "alternatives", [])]
            texts.append("\n".join(str(b) for b in bodies))
    return texts


def _starts(plants: list[dict[str, Any]]) -> list[str]:
    from cases.models import Client as ClientCard
    from servicedesk.models import DataRequest

    starts = ["/", "/admin/", reverse("inbox"), reverse("complaints:register")]
    for plant in plants:
        starts += [plant["item"].get_absolute_url(), plant["derived"].get_absolute_url()]
    for card in ClientCard.objects.all():
        starts.append(reverse("privacy_client", args=[card.pk]))
    for data_request in DataRequest.objects.all():
        starts.append(reverse("privacy_request", args=[data_request.pk]))
    return starts


@pytest.mark.rule("2.1.4.4", "2.1.6.1", "7.2", "7.3")
def test_no_persona_ever_reads_what_is_about_them(planted):
    from cases.models import Client as ClientCard
    from servicedesk.models import DataRequest
    from servicedesk.services import data_requests

    plants, users = planted["plants"], planted["users"]
    admin = users["admin"]

    def request_about(label: str, kind: str) -> DataRequest:
        card = ClientCard.objects.get(email=f"klients-{label}@example.lv")
        registered = data_requests.data_request_register(
            actor=admin,
            received_on=date.today(),
            kind=kind,
            channel="visit",
            requester_name=card.name,
            subject_type="cases.client",
            subject_id=card.pk,
        )
        return data_requests.data_request_verify_identity(
            actor=admin, data_request=registered, method="document", details="Pase"
        )

    # An access request whose export the crawler downloads from the request's page (the
    # client complained about the administrator), and an erasure by the administrator of
    # another such client, whose report must not name the item.
    request_about("admin", "access")
    erased = next(p for p in plants if p["label"] == "erased")
    action = data_requests.data_request_erase(
        actor=admin, data_request=request_about("erased", "erasure"), note="Pieprasījums"
    )
    report = str(action.report)
    leaks: list[str] = [
        f"the erasure report names {item.register_number}"
        for item in (erased["item"], erased["derived"])
        if _number_pattern(item.register_number).search(report)
    ]

    starts = _starts(plants)
    read_by: dict[str, set[str]] = {}
    exports_read: dict[str, list[str]] = {}
    for label, user in users.items():
        forbidden = _forbidden(plants, label)
        browser = Client()
        browser.force_login(user)
        pages = 0
        for url, text in crawl(browser, starts):
            pages += 1
            if url.startswith("POST "):
                exports_read.setdefault(label, []).append(text)
            for token, pattern in forbidden.items():
                if pattern.search(text):
                    leaks.append(f"{label} reads {token} at {url}")
            for plant in plants:
                if plant["marker"] in text:
                    read_by.setdefault(plant["label"], set()).add(label)
        if label not in ("outsider", "inspector"):  # those two open next to nothing
            assert pages > 20, f"the crawler reached only {pages} pages as {label}"
        for n, text in enumerate(_mail_for(user)):
            for token, pattern in forbidden.items():
                if pattern.search(text):
                    leaks.append(f"{label} reads {token} in e-mail {n}")
    assert not leaks, "\n".join(sorted(set(leaks)))

    # Positive controls: the crawler downloaded the data-subject export (it holds the
    # client's own name), and the reviewers do read the markers, so it reaches content.
    assert any("Klients Admin" in text for text in exports_read.get("admin", []))
    assert "director" in read_by["head"], "the director reviews the complaint about the head"
    assert "ethics" in read_by["ethics"], "the Ethics Commission reads the ethics complaint"
    assert "head" in read_by["expert"], "the head reviews complaints about employees"
    assert "admin" in read_by["reception"], "the administrator reads ordinary complaints"
