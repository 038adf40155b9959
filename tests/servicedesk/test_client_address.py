"""The one place that decides a request's address (audit trail, rate limits, the login
lock-out, rules signature): ``X-Forwarded-For`` counts only from a trusted proxy, read from
the right."""

import pytest
from django.test import RequestFactory

from servicedesk.http import client_address

PROXY = "172.28.0.5"


def _request(remote=PROXY, **meta):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **meta)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["172.28.0.0/16", "10.9.9.9"]


def test_without_trusted_proxies_the_connection_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == PROXY


def test_a_forwarded_header_from_an_untrusted_sender_is_ignored(behind_proxy):
    spoofed = _request(remote="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(spoofed) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_hop_it_added_counts_not_what_the_client_wrote(behind_proxy):
    forged_then_real = "198.51.100.1, 203.0.113.9"
    assert client_address(_request(HTTP_X_FORWARDED_FOR=forged_then_real)) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_skipped_from_the_right(behind_proxy):
    chain = "198.51.100.1, 203.0.113.9, 10.9.9.9, 172.28.0.7"
    assert client_address(_request(HTTP_X_FORWARDED_FOR=chain)) == "203.0.113.9"


def test_a_proxy_without_the_header_is_its_own_client(behind_proxy):
    assert client_address(_request()) == PROXY


def test_only_proxies_in_the_chain_give_the_furthest_one(behind_proxy):
    assert client_address(_request(HTTP_X_FORWARDED_FOR="10.9.9.9, 172.28.0.7")) == "10.9.9.9"


def test_ports_brackets_and_ipv4_in_ipv6_are_read_as_addresses(behind_proxy):
    assert client_address(_request(HTTP_X_FORWARDED_FOR="203.0.113.9:51234")) == "203.0.113.9"
    assert client_address(_request(HTTP_X_FORWARDED_FOR="[2001:db8::1]:443")) == "2001:db8::1"
    mapped = _request(remote="::ffff:172.28.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(mapped) == "203.0.113.9"


def test_garbage_is_not_an_address(behind_proxy):
    assert client_address(_request(HTTP_X_FORWARDED_FOR="<script>")) is None
    assert client_address(_request(remote="not-an-address")) is None
