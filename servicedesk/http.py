"""Facts about the request that several apps need, decided in one place."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def trusted_proxies() -> tuple[IPNetwork, ...]:
    """The networks of ``TRUSTED_PROXIES`` (validated when the settings load)."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _parse(text: str) -> IPAddress | None:
    """An address as a header or ``REMOTE_ADDR`` writes it; an IPv4 address mapped into IPv6
    (a server listening on ``::``) counts as the IPv4 one. None when it is not an address."""
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.9:51234"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, networks: Iterable[IPNetwork]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_address(request: HttpRequest | None) -> str | None:
    """The address of the person behind a request: the audit trail, the public form's rate
    limit, the password reset throttle and django-axes' lock-out all take this one.

    1. The connection's address (``REMOTE_ADDR``) is the client's, unless it is one of the
       ``TRUSTED_PROXIES``.
    2. From a trusted proxy, ``X-Forwarded-For`` is read from the right: each proxy appends
       the address it was connected from, so the right-most address that is not itself a
       trusted proxy is the client. Whatever stands left of it the client wrote, and a forged
       address there is never taken.
    3. Only proxies in the chain: the left-most of them. An entry that is not an address:
       None (the chain cannot be followed; callers treat it as one unknown client).
    """
    if request is None:
        return None
    remote = _parse(str(request.META.get("REMOTE_ADDR", "")))
    if remote is None:
        return None
    networks = trusted_proxies()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    client = remote
    for entry in reversed([e for e in forwarded.split(",") if e.strip()]):
        address = _parse(entry)
        if address is None:
            return None
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
