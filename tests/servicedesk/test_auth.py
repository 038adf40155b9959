"""Login, logout, password reset and lock-out."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

LOCKED_OUT_HEADING = "Too many failed login attempts"


def _login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_right_password_logs_in_and_lands_on_the_start_page(reception):
    client = Client()

    response = _login(client, "reception", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert "Laura Kalniņa" in home.content.decode()


def test_wrong_password_shows_the_form_again_without_logging_in(reception):
    client = Client()

    response = _login(client, "reception", "not-the-password")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(reverse("home")).status_code == 302


def test_five_failed_logins_lock_the_account_even_for_the_right_password(reception, settings):
    settings.LANGUAGE_CODE = "en"
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "reception", "wrong").status_code == 200

    fifth = _login(client, "reception", "wrong")
    after = _login(client, "reception", PASSWORD)

    assert LOCKED_OUT_HEADING in fifth.content.decode()
    assert after.status_code != 302
    assert LOCKED_OUT_HEADING in after.content.decode()
    assert client.get(reverse("home")).status_code == 302  # still not logged in


def test_lock_out_is_per_user_name(reception, reception2, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "reception", "wrong")

    assert _login(client, "reception2", PASSWORD).status_code == 302


def test_password_reset_mails_a_link_that_sets_a_new_password(reception):
    client = Client()

    response = client.post(reverse("password_reset"), {"email": reception.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [reception.email]
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    new_password = "Jauna-parole-2026!"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")

    assert _login(Client(), "reception", new_password)["Location"] == reverse("home")
    assert _login(Client(), "reception", PASSWORD).status_code == 200


def test_password_reset_for_an_unknown_address_sends_nothing(db):
    response = Client().post(reverse("password_reset"), {"email": "nobody@example.lv"})

    assert response.status_code == 302  # the same answer: addresses are not disclosed
    assert mail.outbox == []


def test_logout_is_a_post(reception, client_for):
    client = client_for(reception)

    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.rule("2.1.6.1")
@pytest.mark.parametrize(
    "url_name", ["home", "directory", "inbox", "rules_acknowledge", "badges_print"]
)
def test_staff_pages_send_an_anonymous_visitor_to_login(db, url_name):
    url = reverse(url_name)

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("url_name", ["login", "password_reset", "public_home", "healthz"])
def test_public_pages_need_no_login(db, url_name):
    response = Client().get(reverse(url_name))

    assert response.status_code in (200, 503)  # healthz answers 503 only without a database
    assert "Location" not in response
