"""The access matrix (2.1.6.1, 2.1.4.4): every URL pattern of the project, found by walking
the resolver (not a hand list), requested with GET as every persona and as an anonymous
visitor; the expected status of each is declared next to the URLs in servicedesk/access.py.
A URL without a declaration fails."""

from __future__ import annotations

import pytest
from django.contrib import admin as django_admin
from django.test import Client, RequestFactory
from django.urls import reverse

from servicedesk.access import UNNAMED_DEVELOPMENT_PATTERNS, URLS, Access
from servicedesk.roles import can
from tests.security.world import walk

pytestmark = pytest.mark.django_db


def _declared() -> list:
    return [p for p in walk() if p.name is not None]


def test_every_url_pattern_is_declared():
    missing = [
        p.name or p.route
        for p in walk()
        if p.name not in URLS
        and not (p.name is None and p.route.startswith(UNNAMED_DEVELOPMENT_PATTERNS))
    ]
    assert not missing, f"Declare who may open these URLs in servicedesk/access.py: {missing}"
    stale = set(URLS) - {p.name for p in walk()}
    assert not stale, f"servicedesk/access.py declares URLs that no longer exist: {stale}"


def expected(access: Access, user, world) -> int:
    if user is None:
        return access.ok if access.public else 302
    if access.public:
        return access.ok
    if access.action is not None and not can(user, access.action):
        return access.denied
    if access.hidden is not None:
        for kind in access.params.values():
            gate = world["gates"].get(kind)
            if gate is not None and not gate(user):
                return access.hidden
    return access.ok


def url_for(pattern, access: Access, world) -> str:
    missing = set(pattern.params) - set(access.params)
    assert not missing, f"{pattern.name}: say in servicedesk/access.py what fills {missing}"
    kwargs = {name: world["values"][kind] for name, kind in access.params.items()}
    return reverse(pattern.name, kwargs=kwargs)


@pytest.mark.rule("2.1.6.1", "2.1.4.4")
def test_every_url_answers_each_persona_as_declared(personas, dpo, world):
    users = {"anonymous": None, **personas, "dpo": dpo}
    browsers = {}
    for label, user in users.items():
        browser = Client()
        if user is not None:
            browser.force_login(user)
        browsers[label] = browser
    wrong = []
    for pattern in _declared():
        access = URLS[pattern.name]
        url = url_for(pattern, access, world)
        for label, user in users.items():
            status = browsers[label].get(url).status_code
            want = expected(access, user, world)
            if status != want:
                wrong.append(f"{pattern.name} {url} as {label}: {status}, declared {want}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.rule("2.1.6.1")
def test_the_admin_index_and_every_changelist(personas, dpo):
    factory = RequestFactory()
    for label, user in {"anonymous": None, **personas, "dpo": dpo}.items():
        browser = Client()
        if user is not None:
            browser.force_login(user)
        index = browser.get("/admin/").status_code
        staff = user is not None and user.is_active and user.is_staff
        assert index == (200 if staff else 302), label
        for model, model_admin in django_admin.site._registry.items():
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            status = browser.get(url).status_code
            if not staff:
                assert status == 302, (label, url, status)
                continue
            request = factory.get(url)
            request.user = user
            allowed = model_admin.has_view_or_change_permission(request)
            assert status == (200 if allowed else 403), (label, url, status)
