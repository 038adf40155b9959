"""One client, one timeline: the client's card lists, newest first, the contacts, incoming
e-mails, written submissions, callbacks, consultations and remedies of the client, the newest
fifty with a link for more, in a number of queries that does not grow with the entries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases import timeline as cases_timeline
from cases.models import Channel

pytestmark = pytest.mark.django_db


def _page(browser, client, **params):
    return browser.get(reverse("cases:client_detail", args=[client.pk]), params).content.decode()


def _timeline(page: str) -> str:
    start = page.index('id="client-timeline"')
    return page[start : page.index("</section>", start)]


def test_the_card_lists_what_happened_newest_first(
    reception, make_client, make_contact, client_for
):
    client = make_client()
    older = make_contact(
        client=client,
        started_at=timezone.now() - timedelta(days=2),
        summary="Pirmais zvans par grafiku.",
    )
    make_contact(
        client=client,
        channel=Channel.VISIT,
        started_at=timezone.now() - timedelta(hours=1),
        summary="Apmeklējums par rēķinu.",
    )
    make_contact(client=make_client(name="Cits Klients", phones=()), summary="Svešs kontakts.")
    timeline = _timeline(_page(client_for(reception), client))
    assert "Svešs kontakts." not in timeline
    assert timeline.index("Apmeklējums par rēķinu.") < timeline.index("Pirmais zvans")
    assert reverse("cases:contact_detail", args=[older.pk]) in timeline


def test_every_kind_of_record_is_on_the_timeline(
    reception, expert, make_client, make_contact, client_for
):
    client = make_client()
    contact = make_contact(
        client=client,
        channel=Channel.LETTER,
        summary="Vēstule par rēķinu.",
        our_error=True,
        apologised=True,
        told_right_to_complain=True,
        remedy=services.RemedyPlan(
            "Pārrēķināt rēķinu", reception, timezone.localdate() + timedelta(days=3)
        ),
        callback=services.CallbackRequest(
            phone_number="+37126123456",
            question="Kad atbrauks mašīna?",
            due_at=timezone.now() + timedelta(days=1),
            owner=reception,
        ),
    )
    services.consultation_request(
        actor=reception, contact=contact, contact_person=expert, question="Kāds ir tarifs?"
    )
    submission = services.submission_register(
        actor=reception, contact=contact, subject="Rēķina pārrēķins"
    )
    page = _timeline(_page(client_for(reception), client))
    for kind in ("contact", "remedy", "callback", "consultation", "submission"):
        assert f'data-kind="{kind}"' in page, kind
    assert "Kad atbrauks mašīna?" in page and "Kāds ir tarifs?" in page
    assert submission.register_number in page and "Pārrēķināt rēķinu" in page


def test_fifty_entries_then_show_more(
    reception, make_client, make_contact, client_for, django_assert_max_num_queries
):
    client = make_client()
    now = timezone.now()
    for n in range(3):
        make_contact(client=client, started_at=now - timedelta(minutes=n), summary=f"Zvans {n}")
    browser = client_for(reception)
    _page(browser, client)
    with django_assert_max_num_queries(80) as few:
        _page(browser, client)
    for n in range(3, 55):
        make_contact(client=client, started_at=now - timedelta(minutes=n), summary=f"Zvans {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = _timeline(_page(browser, client))
    assert page.count('data-kind="contact"') == 50
    assert "Zvans 49" in page and "Zvans 50" not in page
    assert 'href="?timeline=100#client-timeline"' in page
    more = _timeline(_page(browser, client, timeline="100"))
    assert more.count('data-kind="contact"') == 55 and 'id="timeline-more"' not in more


def test_a_source_registered_by_a_higher_app_joins_the_timeline(reception, make_client):
    client = make_client()
    entry = cases_timeline.Entry(
        at=timezone.now(), kind="probe", label="Probe", title="Zonde", url="/x/"
    )
    cases_timeline.provide("probe", lambda user, client, *, limit: [entry])
    try:
        assert cases_timeline.client_timeline(reception, client).entries == [entry]
    finally:
        cases_timeline._sources.pop("probe")


def test_limit_from_the_address_is_bounded():
    assert cases_timeline.limit_from("") == cases_timeline.PAGE
    assert cases_timeline.limit_from("7") == cases_timeline.PAGE
    assert cases_timeline.limit_from("100") == 100
    assert cases_timeline.limit_from("99999") == cases_timeline.MOST
    assert cases_timeline.limit_from("-1") == cases_timeline.PAGE
