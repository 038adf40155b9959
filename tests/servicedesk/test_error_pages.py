"""Error pages speak the user's language: a Latvian user who follows a dead link, opens a page
their role does not allow, submits an expired form or meets a server error reads Latvian, not
Django's English defaults."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

LV = {"HTTP_ACCEPT_LANGUAGE": "lv"}


@pytest.fixture(autouse=True)
def _production_errors(settings):
    # In development Django shows its technical pages instead; users see these.
    settings.DEBUG = False


def test_a_dead_link_shows_a_latvian_page() -> None:
    response = Client().get("/nav-tadas-lapas/", **LV)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Lapa nav atrasta" in page
    assert '<html lang="lv">' in page
    assert "Not Found" not in page
    assert "favicon.svg" in page
    assert "style=" not in page  # the content security policy forbids inline styles


def test_a_page_the_role_does_not_allow_is_refused_in_latvian(reception, client_for) -> None:
    response = client_for(reception).get("/privacy/breaches/", **LV)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Piekļuve liegta" in page
    assert "administrator" in page  # tells whom to ask
    assert "Forbidden" not in page


def test_an_expired_form_says_what_to_do_in_latvian(reception) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "reception"}, **LV)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Veidlapa ir novecojusi" in page
    assert "CSRF verification failed" not in page


def test_a_server_error_page_needs_no_request_context_and_is_latvian() -> None:
    with translation.override("lv"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Mūsu pusē radās kļūda" in page
    assert "Server Error" not in page
