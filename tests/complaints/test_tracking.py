"""The receipt and the private tracking link (clause 3.4): register number,
reply date and the state without logging in, and the reply once sent; never internal notes,
the decision's reasons or anyone's name."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.cache import cache
from django.test import Client

from complaints.models import (
    FeedbackItem,
    Kind,
    Outcome,
    PublicSubmission,
    ReplyChannel,
    SubjectKind,
)
from complaints.register.services import workflow

TEXT = "Darbinieks pie letes bija nepieklājīgs un nepaskaidroja rēķinu."


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


@pytest.fixture
def submitted(review_authorities, head, expert, django_capture_on_commit_callbacks):
    """A client's complaint about ``expert`` through the public form; returns the browser
    (holding the receipt in its session), the item and the tracking URL's path."""
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            "/p/",
            {
                "kind": Kind.COMPLAINT,
                "subject_kind": SubjectKind.EMPLOYEE,
                "subject_employee": expert.employee.pk,
                "text": TEXT,
                "client_name": "Anna Bērziņa",
                "client_email": "anna@example.lv",
                "reply_channel": ReplyChannel.EMAIL,
                "privacy_accepted": "on",
            },
        )
    assert response.status_code == 302
    receipt = browser.get("/p/receipt/")
    path = re.search(
        r'id="tracking-link" href="http://testserver(/p/track/[^"]+/)"', receipt.content.decode()
    )
    assert path, "the receipt shows the tracking link"
    return browser, FeedbackItem.objects.get(), path.group(1), receipt


def _decide_and_answer(item, head, reply="Atvainojamies; darbinieks ir instruēts."):
    item = workflow.feedback_start_review(actor=head, item=item, expected_version=item.version)
    item = workflow.feedback_decide(
        actor=head,
        item=item,
        expected_version=item.version,
        outcome=Outcome.UPHELD,
        decision_text="Iekšējais pamatojums: Pēteris Vītols atzina kļūdu.",
    )
    workflow.review_note_add(actor=head, item=item, text="SLEPENA PIEZĪME vadītājam")
    return workflow.feedback_answer(
        actor=head, item=item, expected_version=item.version, reply_text=reply
    )


@pytest.mark.rule("3.4")
def test_the_receipt_gives_number_reply_date_and_tracking_link(submitted):
    _browser, item, path, receipt = submitted
    html = receipt.content.decode()
    assert item.register_number in html
    assert item.reply_due.strftime("%d.%m.%Y.") in html
    assert path.startswith("/p/track/")
    assert receipt["Cache-Control"] == "private, no-store"


def test_the_receipt_needs_the_session_that_sent_the_form(submitted, review_authorities):
    assert Client().get("/p/receipt/")["Location"] == "/p/"


@pytest.mark.rule("3.4")
def test_the_acknowledgement_e_mail_carries_the_number_and_the_tracking_link(submitted, mailoutbox):
    _browser, item, path, _receipt = submitted
    to_client = [m for m in mailoutbox if m.to == ["anna@example.lv"]]
    assert len(to_client) == 1
    assert item.register_number in to_client[0].body
    assert path in to_client[0].body


@pytest.mark.rule("3.4")
def test_the_tracking_link_shows_state_and_date_without_login(submitted):
    _browser, item, path, _receipt = submitted
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert item.register_number in html
    assert item.reply_due.strftime("%d.%m.%Y.") in html
    assert 'id="client-state"' in html
    assert 'id="reply"' not in html  # no reply yet
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.rule("3.4", "2.1.4.4")
def test_the_reply_shows_once_sent_but_never_notes_reasons_or_names(submitted, head, expert):
    _browser, item, path, _receipt = submitted
    _decide_and_answer(item, head)
    html = Client().get(path).content.decode()
    assert "Atvainojamies; darbinieks ir instruēts." in html
    assert "SLEPENA PIEZĪME" not in html  # internal note
    assert "Iekšējais pamatojums" not in html  # the decision's reasons
    for name in (head.last_name, expert.last_name, expert.employee.position):
        assert name not in html  # neither the reviewer nor the subject


def test_a_restricted_item_keeps_its_reply_off_the_tracking_page(submitted, head):
    _browser, item, path, _receipt = submitted
    _decide_and_answer(item, head, reply="Ierobežotas pieejamības informācija.")
    FeedbackItem.objects.filter(pk=item.pk).update(is_restricted=True)
    html = Client().get(path).content.decode()
    assert "Ierobežotas pieejamības informācija." not in html
    assert 'id="reply"' in html  # says the reply went by the chosen channel


def test_the_token_is_unguessable_and_stored_only_hashed(submitted):
    _browser, item, path, _receipt = submitted
    token = path.removeprefix("/p/track/").rstrip("/")
    assert len(token) >= 43  # secrets.token_urlsafe(32)
    stored = PublicSubmission.objects.get(item=item).tracking_token_hash
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored
    assert Client().get(f"/p/track/{token[:-1]}x/").status_code == 404
    assert Client().get(f"/p/track/{stored}/").status_code == 404
