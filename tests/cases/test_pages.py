"""Every page of the cases app renders for a front-desk specialist and is closed to others."""

from __future__ import annotations

import pytest

from cases import services
from cases.models import Callback, Channel

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("channel", Channel.values)
def test_contact_page_renders_for_every_channel(reception, client_for, make_contact, channel):
    contact = make_contact(channel=channel)
    response = client_for(reception).get(f"/cases/{contact.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ('id="act-refusal"' in html) == (channel == "email_in")  # 4.12.3
    assert ('id="act-warning"' in html) == (channel in ("phone_in", "phone_out"))  # 4.12.2
    assert ('id="act-conflict"' in html) == (channel == "visit")  # 4.12.1


def test_staff_pages_render(reception, client_for, make_client, make_contact):
    client = make_client()
    make_contact(
        client=client,
        callback=services.CallbackRequest(
            phone_number="26 123 456",
            question="?",
            due_at=make_contact().started_at,
            owner=reception,
        ),
    )
    callback = Callback.objects.get()
    user_client = client_for(reception)
    for url in (
        "/cases/",
        "/cases/new/",
        "/cases/new/?channel=email_in",
        f"/cases/new/?client={client.pk}",
        "/cases/clients/",
        "/cases/clients/new/",
        f"/cases/clients/{client.pk}/edit/",
        "/cases/callbacks/",
        f"/cases/callbacks/{callback.pk}/",
        "/cases/consultations/",
        "/cases/submissions/",
        "/cases/kb/",
    ):
        assert user_client.get(url).status_code == 200, url


@pytest.mark.parametrize("url", ["/cases/", "/cases/new/", "/cases/callbacks/", "/cases/kb/"])
def test_people_without_a_desk_role_are_refused(outsider, ethics, client_for, url):
    assert client_for(outsider).get(url).status_code == 403
    assert client_for(ethics).get(url).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get("/cases/")
    assert response.status_code == 302 and "/login/" in response.url
