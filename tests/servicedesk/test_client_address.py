"""The one place that decides a request's address (audit trail, rate limit, rules signature)."""

from django.test import RequestFactory

from servicedesk.http import client_address


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", **meta)


def test_forwarded_header_is_ignored_without_a_trusted_proxy(settings):
    settings.TRUST_X_FORWARDED_FOR = False
    assert client_address(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "10.0.0.5"


def test_behind_a_trusted_proxy_the_hop_it_added_counts_not_what_the_client_wrote(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    forged_then_real = "198.51.100.1, 203.0.113.9"
    assert client_address(_request(HTTP_X_FORWARDED_FOR=forged_then_real)) == "203.0.113.9"


def test_garbage_is_not_an_address(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    assert client_address(_request(HTTP_X_FORWARDED_FOR="<script>")) is None
