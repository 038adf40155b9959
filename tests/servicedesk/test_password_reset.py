"""The password reset request is throttled per address and per e-mail typed (2.1.6.1), and
never tells whether an account has the address."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

URL = "/password-reset/"
THROTTLED = (
    "Too many password reset requests from this connection or for this e-mail address. "
    "Please try again later."
)


def lv(text: str) -> str:
    with translation.override("lv"):
        return gettext(text)


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 3
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 5
    settings.TRUSTED_PROXIES = ["172.28.0.0/16"]


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR="172.28.0.3", HTTP_X_FORWARDED_FOR=address)


def test_the_password_reset_url_is_the_throttled_view():
    assert reverse("password_reset") == URL


def test_requests_for_one_e_mail_are_throttled_with_a_latvian_message(reception):
    for n in range(3):
        response = from_address(f"203.0.113.{n}").post(URL, {"email": reception.email})
        assert response.status_code == 302
    assert len(mail.outbox) == 3

    response = from_address("203.0.113.50").post(URL, {"email": reception.email.upper()})

    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="lv">' in html
    assert lv(THROTTLED) in html
    assert len(mail.outbox) == 3  # nothing more was sent


def test_requests_from_one_address_are_throttled_whatever_the_e_mail(reception):
    browser = from_address("198.51.100.66")
    for n in range(5):
        assert browser.post(URL, {"email": f"kads{n}@example.lv"}).status_code == 302

    assert browser.post(URL, {"email": reception.email}).status_code == 429
    assert mail.outbox == []
    # Someone else behind the same proxy is not affected.
    assert from_address("203.0.113.10").post(URL, {"email": reception.email}).status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.rule("2.1.6.1")
def test_the_answers_do_not_tell_whether_an_account_has_the_address(reception):
    def answers(email: str) -> list[tuple[int, str]]:
        seen = []
        for n in range(4):
            response = from_address(f"203.0.113.{n}").post(URL, {"email": email})
            body = "" if response.status_code == 302 else response.content.decode()
            body = body.replace(email, "ADDRESS")
            seen.append((response.status_code, response.get("Location", ""), body))
        return seen

    known = answers(reception.email)
    unknown = answers("neviens@example.lv")

    assert [status for status, *_ in known] == [302, 302, 302, 429]
    assert [(s, loc) for s, loc, _b in known] == [(s, loc) for s, loc, _b in unknown]
    assert known[-1][2].count(lv(THROTTLED)) == unknown[-1][2].count(lv(THROTTLED)) == 1
