"""Shared desk PCs (2.1.6.1): nothing a signed-in user is shown may stay in the browser's or a
proxy's cache (``Cache-Control: private, no-store``, servicedesk/middleware.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.cache import get_max_age

from servicedesk.access import URLS
from tests.security.world import walk

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",") if d}


def assert_not_stored(response, where: str) -> None:
    found = directives(response)
    assert {"no-store", "private"} <= found, f"{where}: Cache-Control {found or 'missing'}"
    assert "public" not in found, where


@pytest.mark.rule("2.1.6.1")
def test_pages_with_personal_data_are_not_stored(reception, head, make_client, client_for, world):
    client = make_client()
    desk, reviewer = client_for(reception), client_for(head)
    item = world["item"]
    pages = [
        (desk, "/"),
        (desk, f"/cases/clients/{client.pk}/"),
        (desk, "/cases/clients/?q=Anna"),
        (reviewer, f"/complaints/{item.pk}/"),
        (reviewer, f"/complaints/{item.pk}/attachments/{item.attachments.get().pk}/"),
        (reviewer, reverse("complaints:register_export", args=["all", "csv"])),
        (reviewer, reverse("complaints:register_export", args=["all", "xlsx"])),
    ]
    for browser, url in pages:
        response = browser.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response, url)


def test_every_page_a_signed_in_user_gets_is_not_stored(personas, dpo, world):
    """Every URL pattern of the project (the world fills in the records), as each persona,
    and the admin's index: each 200 answer says private, no-store."""
    checked = 0
    for label, user in {**personas, "dpo": dpo}.items():
        browser = Client()
        browser.force_login(user)
        for pattern in walk():
            access = URLS.get(pattern.name or "")
            if access is None:
                continue
            kwargs = {n: world["values"][k] for n, k in access.params.items()}
            url = reverse(pattern.name, kwargs=kwargs)
            response = browser.get(url)
            if response.status_code == 200:
                assert_not_stored(response, f"{url} as {label}")
                checked += 1
        admin_index = browser.get("/admin/")
        if admin_index.status_code == 200:
            assert_not_stored(admin_index, f"/admin/ as {label}")
    assert checked > 100


def test_public_pages_for_visitors_and_static_files_keep_their_caching(reception, client_for):
    assert "no-store" not in directives(Client().get("/public/hours/"))
    # Static files never reach the middleware (whitenoise answers above it), signed in or not.
    response = client_for(reception).get("/static/css/desk.css")
    assert response.status_code == 200
    assert "no-store" not in directives(response)
    assert get_max_age(response) is not None and get_max_age(response) > 0
