"""The reviewer's screen speaks Latvian: its headings, buttons and messages were once marked
under a gettext alias that makemessages does not extract, and reviewers read English."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_review_actions_and_their_message_are_latvian(register, head, client_for):
    item = register(client_email="")
    browser = client_for(head)
    page = browser.get(reverse("complaints:detail", args=[item.pk])).content.decode()
    assert "Apliecināt saņemšanu" in page
    assert "Acknowledge receipt" not in page
    response = browser.post(
        reverse("complaints:act", args=[item.pk, "acknowledge"]),
        {"acknowledge-version": item.version, "acknowledge-note": ""},
        follow=True,
    )
    assert "Saņemšana atzīmēta kā apliecināta." in response.content.decode()
