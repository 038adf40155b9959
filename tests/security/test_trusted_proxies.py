"""Behind the proxy every connection comes from the proxy (2.1.6.1). The public form's rate
limit, the login lock-out and the access log must count the citizen or staff member behind
it (``X-Forwarded-For`` from a trusted proxy, read from the right), and nobody else's forged
header (``servicedesk.http.client_address``)."""

from __future__ import annotations

import pytest
from django.test import Client

from complaints.models import FeedbackItem, Kind, ReplyChannel
from servicedesk.models import AccessLog
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "172.28.0.3"  # the proxy's address in the compose network
PROXY_NETWORK = "172.28.0.0/16"
LOCKED_OUT = 429  # django-axes' answer, with registration/locked_out.html


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY_NETWORK]


def through_proxy(client_address: str, *, spoofed: str = "") -> Client:
    """A browser at ``client_address`` whose requests reach the desk through the proxy, which
    appends the address it saw to whatever X-Forwarded-For the browser sent."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def submission(text: str = "Konteiners nav iztukšots.") -> dict[str, str]:
    return {
        "kind": Kind.SUGGESTION,
        "text": text,
        "client_name": "Anna Bērziņa",
        "client_email": "anna@example.lv",
        "reply_channel": ReplyChannel.EMAIL,
        "privacy_accepted": "on",
        "website": "",
    }


def test_two_citizens_behind_the_proxy_are_limited_separately(review_authorities, settings):
    settings.COMPLAINTS_PUBLIC_RATE_LIMIT = 2
    spammer = through_proxy("198.51.100.66")
    for _ in range(2):
        assert spammer.post("/p/", submission()).status_code == 302
    assert spammer.post("/p/", submission()).status_code == 429

    citizen = through_proxy("203.0.113.10")
    assert citizen.post("/p/", submission("Lūdzu, iztukšojiet konteineru.")).status_code == 302
    assert FeedbackItem.objects.count() == 3


def test_a_forged_forwarded_for_through_the_proxy_buys_no_fresh_budget(
    review_authorities, settings
):
    settings.COMPLAINTS_PUBLIC_RATE_LIMIT = 2
    for n in range(2):
        browser = through_proxy("198.51.100.66", spoofed=f"10.0.0.{n}")
        assert browser.post("/p/", submission()).status_code == 302
    forged = through_proxy("198.51.100.66", spoofed="10.0.0.99")
    assert forged.post("/p/", submission()).status_code == 429


def test_a_spoofed_forwarded_for_from_an_untrusted_address_is_ignored(review_authorities, settings):
    settings.COMPLAINTS_PUBLIC_RATE_LIMIT = 2
    for n in range(2):
        direct = Client(REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert direct.post("/p/", submission()).status_code == 302
    again = Client(REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert again.post("/p/", submission()).status_code == 429
    # …and the addresses it claimed are not spent either.
    assert through_proxy("203.0.113.0").post("/p/", submission()).status_code == 302


def _login(browser: Client, password: str):
    return browser.post("/login/", {"username": "reception", "password": password})


def test_a_lock_out_of_one_address_does_not_lock_the_staff_member_out_elsewhere(
    reception, settings
):
    attacker = through_proxy("198.51.100.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "minēta-parole")
    assert _login(attacker, PASSWORD).status_code == LOCKED_OUT  # the guesser is locked out…

    colleague = through_proxy("203.0.113.10")
    response = _login(colleague, PASSWORD)  # …the member of staff at the desk is not
    assert response.status_code == 302
    assert colleague.get("/").status_code == 200


def test_a_guesser_cannot_dodge_the_lock_out_with_a_forged_header(reception, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(through_proxy("198.51.100.66", spoofed=f"10.0.0.{n}"), "minēta-parole")
    direct = Client(REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR="10.0.0.99")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(direct, "minēta-parole")

    forged_again = through_proxy("198.51.100.66", spoofed="10.0.0.42")
    assert _login(forged_again, PASSWORD).status_code == LOCKED_OUT
    assert _login(direct, PASSWORD).status_code == LOCKED_OUT


@pytest.mark.rule("2.1.6.1")
def test_the_access_log_records_the_address_behind_the_proxy(reception, make_client):
    client = make_client()
    browser = through_proxy("203.0.113.10", spoofed="10.6.6.6")
    browser.force_login(reception)

    assert browser.get(f"/cases/clients/{client.pk}/").status_code == 200
    entry = AccessLog.objects.get(record_type="cases.client", record_id=client.pk)
    assert entry.ip_address == "203.0.113.10"
