"""The client communications of the review workflow as outgoing correspondence
(docs/correspondence.md, docs/submissions-law.md): the acknowledgement of an item without an
e-mail goes by the client's channel, the screens say what became of each communication, a
re-route or an appeal to an authority outside the desk forwards the item formally, and
anonymising an item forgets its letters and e-mails."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from cases.models import Dispatch
from cases.selectors.dispatch import dispatches_visible_to
from cases.services.dispatch import dispatch_outcome
from complaints.models import HistoryEntry, State
from complaints.register.services import anonymising, workflow
from servicedesk.models import Notification, ReviewAuthority
from servicedesk.services.privacy import placeholder

pytestmark = pytest.mark.django_db

Authority = ReviewAuthority.Kind
ADDRESS = "Rīgas iela 1, Daugavpils, LV-5401"


def _said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _post(browser, item, action, **fields):
    data = {f"{action}-version": item.version} | {f"{action}-{k}": v for k, v in fields.items()}
    return browser.post(f"/complaints/{item.pk}/{action}/", data)


def test_acknowledging_without_e_mail_makes_a_letter_with_the_acknowledgement(
    register, head, client_for
):
    item = register(client_email="", client_address=ADDRESS)
    response = _post(client_for(head), item, "acknowledge", note="")
    assert response.status_code == 302
    letter = Dispatch.objects.get(kind=Dispatch.Kind.ACKNOWLEDGEMENT)
    assert (letter.channel, letter.state) == (Dispatch.Channel.LETTER, Dispatch.State.TO_PRINT)
    assert letter.postal_address == ADDRESS and item.register_number in letter.body
    assert not Notification.objects.filter(kind="complaint_acknowledgement").exists()
    entry = item.history.get(to_state=State.ACKNOWLEDGED)
    assert letter.number in entry.note
    said = _said(response)
    assert dispatch_outcome(letter) in said and "e-mail" not in said.lower()


def test_acknowledging_without_any_address_is_to_hand_over(register, head):
    item = register(client_email="")
    workflow.feedback_acknowledge(actor=head, item=item, expected_version=item.version)
    ack = Dispatch.objects.get(kind=Dispatch.Kind.ACKNOWLEDGEMENT)
    assert (ack.channel, ack.state) == (Dispatch.Channel.IN_PERSON, Dispatch.State.TO_HAND)
    assert ack.recipient_name == "Anna Bērziņa"


def test_an_anonymous_item_is_acknowledged_without_a_dispatch(register, head):
    item = register(is_anonymous=True, client_name="", client_email="")
    workflow.feedback_acknowledge(actor=head, item=item, expected_version=item.version)
    assert not Dispatch.objects.exists()


def test_the_answer_and_extension_screens_say_what_became_of_the_letter(register, head, client_for):
    item = register(client_email="", client_address=ADDRESS)
    browser = client_for(head)
    _post(browser, item, "acknowledge", note="")
    item.refresh_from_db()
    response = _post(browser, item, "extend", reason="Jāsaņem ziņas no pašvaldības.")
    notice = Dispatch.objects.get(kind=Dispatch.Kind.EXTENSION_NOTICE)
    said = _said(response)
    assert dispatch_outcome(notice) in said and notice.get_kind_display() in said
    item.refresh_from_db()
    item = workflow.feedback_start_review(actor=head, item=item, expected_version=item.version)
    item = workflow.feedback_decide(
        actor=head,
        item=item,
        expected_version=item.version,
        outcome="rejected",
        decision_text="Nav pamata.",
    )
    response = _post(browser, item, "answer", reply_text="Jūsu sūdzība nav pamatota.")
    reply = Dispatch.objects.get(kind=Dispatch.Kind.COMPLAINT_REPLY)
    said = _said(response)
    assert reply.state == Dispatch.State.TO_PRINT and dispatch_outcome(reply) in said
    assert "sent" not in said.lower().replace(reply.get_kind_display().lower(), "")


def _outside(review_authorities, kind):
    authority = review_authorities[kind]
    authority.works_in_desk = False
    authority.postal_address = ADDRESS
    authority.save()
    return authority


@pytest.mark.rule("7.3")
def test_rerouting_to_an_authority_outside_the_desk_forwards_it_formally(
    about_expert, head, ethics, review_authorities, outsider
):
    authority = _outside(review_authorities, Authority.ETHICS_COMMISSION)
    item = workflow.feedback_reroute(
        actor=head,
        item=about_expert,
        expected_version=about_expert.version,
        authority_kind=Authority.ETHICS_COMMISSION,
        reason="Tas ir ētikas jautājums.",
    )
    assert item.authority == authority
    formal = Dispatch.objects.get(kind=Dispatch.Kind.FORMAL_FORWARDING)
    notice = Dispatch.objects.get(kind=Dispatch.Kind.FORWARDING_NOTICE)
    assert formal.object_id == str(item.pk) and item.text in formal.body
    assert notice.email == "anna@example.lv" and authority.name in notice.body
    assert item.history.filter(event=HistoryEntry.Event.FORMALLY_FORWARDED).exists()
    assert not Notification.objects.filter(kind="complaint_routed").exists()
    # Read through the item's gate: an outsider does not even know of them.
    assert not dispatches_visible_to(outsider).exists()


@pytest.mark.rule("7.2")
def test_an_appeal_to_a_director_outside_the_desk_forwards_it_formally(
    about_expert, head, director, reception, review_authorities
):
    authority = _outside(review_authorities, Authority.EXECUTIVE_DIRECTOR)
    item = workflow.feedback_start_review(
        actor=head, item=about_expert, expected_version=about_expert.version
    )
    item = workflow.feedback_decide(
        actor=head,
        item=item,
        expected_version=item.version,
        outcome="rejected",
        decision_text="Nē.",
    )
    item = workflow.feedback_answer(
        actor=head, item=item, expected_version=item.version, reply_text="Atbilde."
    )
    item = workflow.feedback_appeal(
        actor=reception, item=item, expected_version=item.version, reason="Nepiekrītu."
    )
    assert item.authority == authority
    formal = Dispatch.objects.get(kind=Dispatch.Kind.FORMAL_FORWARDING)
    assert formal.postal_address == ADDRESS or formal.email == authority.email
    assert Dispatch.objects.filter(kind=Dispatch.Kind.FORWARDING_NOTICE).count() == 1


@pytest.mark.rule("2.1.6.1")
def test_anonymising_an_item_clears_its_letters_and_e_mails(register, head):
    item = register(client_email="", client_address=ADDRESS)
    item = workflow.feedback_acknowledge(actor=head, item=item, expected_version=item.version)
    anonymising.feedback_anonymise(
        actor=None, item=item, scrub=lambda text: text.replace("Anna", ""), reason="request"
    )
    letter = Dispatch.objects.get(kind=Dispatch.Kind.ACKNOWLEDGEMENT)
    assert (letter.recipient_name, letter.postal_address, letter.email) == ("", "", "")
    assert letter.body == placeholder() and letter.number
