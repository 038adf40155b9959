"""A feedback item linked to the client's card and the contact it came from: the front desk
finds the client by look-up instead of typing them again, "our error" opens the registration
form filled in from the contact (2.1.1.2), the client's card shows the items through the
gate (2.1.4.4, 7.3), and the client's data export and erasure include them (2.1.6.1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases import timeline as cases_timeline
from cases.models import Channel as ContactChannel
from cases.privacy import client_identity
from complaints import timeline
from complaints.models import FeedbackItem, SubjectKind
from complaints.privacy import ComplaintsSource, items_of
from complaints.register.services import anonymising
from servicedesk.services.privacy import scrubber

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(reception):
    return services.client_create(
        actor=reception,
        name="Zelma Kociņa",
        phones=["26 555 123"],
        email="zelma@example.lv",
        contract_number="L-4471",
        service_address="Rīgas iela 5, Valmiera",
    )


@pytest.fixture
def error_contact(reception, card):
    return services.contact_log(
        actor=reception,
        channel=ContactChannel.PHONE_IN,
        client=card,
        started_at=timezone.now() - timedelta(minutes=5),
        summary="Rēķinā divreiz ieskaitīta viena izvešana.",
        our_error=True,
        apologised=True,
        told_right_to_complain=True,
        remedy=services.RemedyPlan(
            "Pārrēķināt rēķinu", reception, timezone.localdate() + timedelta(days=3)
        ),
    )


def _posted(**more):
    return {
        "kind": "complaint",
        "channel": "phone",
        "received_on": timezone.localdate().isoformat(),
        "text": "Rēķinā divreiz ieskaitīta viena izvešana.",
        "subject_kind": "service",
        "subject_description": "Rēķini",
        **more,
    }


def test_the_front_desk_finds_the_client_and_choosing_fills_the_form(
    reception, head, card, client_for
):
    browser = client_for(reception)
    typed = _posted(client_q="L-4471", find_client="1")
    found = browser.post(reverse("complaints:new"), typed).content.decode()
    assert f'name="pick_client" value="{card.pk}"' in found
    assert "Rēķinā divreiz ieskaitīta viena izvešana." in found  # what was typed stays
    assert not FeedbackItem.objects.exists()

    chosen = browser.post(reverse("complaints:new"), _posted(pick_client=str(card.pk)))
    page = chosen.content.decode()
    assert 'value="zelma@example.lv"' in page and 'value="Zelma Kociņa"' in page
    assert 'value="Rīgas iela 5, Valmiera"' in page and "26 555 123" in page
    assert f'name="client" value="{card.pk}"' in page
    assert "Rēķinā divreiz ieskaitīta viena izvešana." in page
    assert "is-invalid" not in page  # the step marks nothing as an error


def test_registering_with_the_chosen_card_links_the_item(reception, head, card, client_for):
    response = client_for(reception).post(
        reverse("complaints:new"),
        _posted(client=card.pk, client_name="Zelma Kociņa", client_email="zelma@example.lv"),
    )
    item = FeedbackItem.objects.get()
    assert response.status_code == 302
    assert item.client == card and item.contact is None


def test_a_client_typed_by_hand_is_registered_without_a_card(reception, head, client_for):
    response = client_for(reception).post(
        reverse("complaints:new"), _posted(client_name="Kārlis Vanags")
    )
    item = FeedbackItem.objects.get()
    assert response.status_code == 302
    assert item.client is None and item.client_name == "Kārlis Vanags"


def test_an_anonymous_item_keeps_no_card_nor_contact(register, card, error_contact):
    item = register(is_anonymous=True, client_name="", client_email="", client=card)
    assert item.client is None and item.contact is None


@pytest.mark.rule("2.1.1.2")
def test_our_error_opens_the_registration_filled_in_from_the_contact(
    reception, head, card, error_contact, client_for
):
    browser = client_for(reception)
    contact_page = browser.get(reverse("cases:contact_detail", args=[error_contact.pk]))
    link = f"{reverse('complaints:new')}?contact={error_contact.pk}"
    assert link in contact_page.content.decode()

    form = browser.get(link).content.decode()
    assert "Rēķinā divreiz ieskaitīta viena izvešana." in form
    assert 'value="Zelma Kociņa"' in form and 'value="zelma@example.lv"' in form
    assert f'name="contact" value="{error_contact.pk}"' in form
    assert '<option value="phone" selected>' in form

    response = browser.post(
        reverse("complaints:new"),
        _posted(
            contact=error_contact.pk,
            client=card.pk,
            client_name="Zelma Kociņa",
            client_email="zelma@example.lv",
        ),
    )
    item = FeedbackItem.objects.get()
    assert response.status_code == 302
    assert item.contact == error_contact and item.client == card

    page = browser.get(reverse("complaints:detail", args=[item.pk])).content.decode()
    assert reverse("cases:client_detail", args=[card.pk]) in page
    assert reverse("cases:contact_detail", args=[error_contact.pk]) in page


def test_a_contact_alone_links_its_client_too(register, card, error_contact):
    item = register(contact=error_contact, client_name="Zelma Kociņa")
    assert item.client == card


def test_a_contact_with_another_client_is_refused(register, reception, card, error_contact):
    from django.core.exceptions import ValidationError

    other = services.client_create(actor=reception, name="Cits Klients", phones=[])
    with pytest.raises(ValidationError):
        register(contact=error_contact, client=other)


# --- The client's timeline: the items through the gate (2.1.4.4, 7.3) ---------------------


def _card_page(browser, card):
    return browser.get(reverse("cases:client_detail", args=[card.pk])).content.decode()


@pytest.mark.rule("2.1.4.4")
def test_the_card_shows_the_clients_complaints_to_whoever_may_see_them(
    register, reception, card, client_for
):
    item = register(client=card, text="Konteiners netika iztukšots, marķieris-A.")
    page = _card_page(client_for(reception), card)
    assert item.register_number in page and "marķieris-A" in page
    assert reverse("complaints:detail", args=[item.pk]) in page


@pytest.mark.rule("2.1.4.4")
def test_a_complaint_about_the_viewer_is_not_on_their_timeline(
    register, reception, reception2, head, card, client_for
):
    about_reception = register(
        actor=reception2,
        client=card,
        subject_kind=SubjectKind.EMPLOYEE,
        subject_employee=reception.employee,
        subject_description="",
        text="Darbiniece bija nepieklājīga, marķieris-B.",
    )
    about_head = register(
        actor=reception,
        client=card,
        subject_kind=SubjectKind.HEAD,
        subject_description="",
        text="Valdes loceklis neatbildēja, marķieris-C.",
    )
    for_reception = _card_page(client_for(reception), card)
    assert about_reception.register_number not in for_reception
    assert "marķieris-B" not in for_reception
    assert "marķieris-C" in for_reception  # she registered it and it is not about her
    for_head = _card_page(client_for(head), card)
    assert about_head.register_number not in for_head and "marķieris-C" not in for_head
    assert "marķieris-B" in for_head  # the head reviews it


@pytest.mark.rule("7.3")
def test_an_ethics_complaint_is_shown_without_its_content_to_whoever_may_not_read_it(
    register, reception, reception2, head, admin, ethics, card, client_for
):
    item = register(
        actor=reception2,
        client=card,
        subject_kind=SubjectKind.ETHICS,
        subject_description="",
        text="Darbinieks pieņēma dāvanu, marķieris-D.",
    )
    assert "marķieris-D" not in _card_page(client_for(head), card)
    assert item.register_number not in _card_page(client_for(head), card)
    # An administrator knows of it (the register) but does not read it.
    [entry] = timeline.entries(admin, card, limit=10)
    assert entry.withheld and "marķieris-D" not in entry.detail
    [entry] = timeline.entries(ethics, card, limit=10)
    assert not entry.withheld and "marķieris-D" in entry.detail


def test_an_item_linked_to_a_merged_duplicate_stays_on_the_kept_card(
    register, reception, card, client_for
):
    duplicate = services.client_create(actor=reception, name="Zelma Kocina", phones=[])
    item = register(client=duplicate, text="Dublikāta kartītes sūdzība, marķieris-E.")
    services.client_merge(actor=reception, keep=card, duplicate=duplicate)
    page = _card_page(client_for(reception), card)
    assert item.register_number in page and "marķieris-E" in page


def test_the_timeline_costs_the_same_queries_however_many_items(
    register, reception, card, client_for, django_assert_max_num_queries
):
    browser = client_for(reception)
    register(client=card)
    _card_page(browser, card)  # warm the session and the caches
    with django_assert_max_num_queries(60) as one:
        _card_page(browser, card)
    for _ in range(5):
        register(client=card)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = _card_page(browser, card)
    assert page.count('data-kind="feedback"') == 6


def test_the_timeline_source_is_registered_by_the_complaints_app():
    assert cases_timeline._sources["complaints"] is timeline.entries


# --- The client's data: export and erasure (2.1.6.1) -----------------------------------------


@pytest.mark.rule("2.1.6.1")
def test_the_clients_export_includes_items_linked_to_the_card(register, admin, card):
    linked = register(client=card, client_email="cits@example.lv", client_name="Z. K.")
    unrelated = register(client_email="cits2@example.lv")
    identity = client_identity(card)
    assert set(items_of(identity)) == {linked}
    [section, *_] = ComplaintsSource().export(identity, actor=admin)
    assert linked.register_number in str(section.rows)
    assert unrelated.register_number not in str(section.rows)


@pytest.mark.rule("2.1.6.1")
def test_anonymising_an_item_drops_its_links_and_the_card_can_still_be_anonymised(
    register, reception, card, error_contact
):
    from cases.services import client_anonymise

    item = register(contact=error_contact, client_name="Zelma Kociņa")
    item = anonymising.feedback_anonymise(
        actor=None, item=item, scrub=scrubber(client_identity(card)), reason="request"
    )
    item.refresh_from_db()
    assert item.client is None and item.contact is None
    other = register(client=card)
    client_anonymise(
        actor=None, pk=card.pk, scrub=scrubber(client_identity(card)), reason="request"
    )
    other.refresh_from_db()
    assert other.client_id == card.pk  # the card is kept, naming nobody
    card.refresh_from_db()
    assert "Zelma" not in card.name
