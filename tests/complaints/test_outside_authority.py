"""Reviewing authorities outside the desk (docs/submissions-law.md): an item routed to the
municipal executive director (7.2) or the municipal Ethics Commission (7.3) when they work
outside the desk is forwarded to them formally, the submitter is told, the history says so,
and the forwarding is read through the item's gate."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cases.models import Dispatch
from cases.selectors.dispatch import dispatches_visible_to
from complaints.models import FeedbackItem, HistoryEntry, SubjectKind
from complaints.register.services.notifying import HEAD_NOTICE_KIND
from servicedesk.models import Notification, ReviewAuthority

pytestmark = pytest.mark.django_db

Authority = ReviewAuthority.Kind
ADDRESS = "Rīgas iela 1, Daugavpils, LV-5401"


def _outside(review_authorities, kind, *, postal_address=ADDRESS):
    authority = review_authorities[kind]
    authority.works_in_desk = False
    authority.postal_address = postal_address
    authority.save()
    return authority


def _dispatches(item, kind):
    return Dispatch.objects.filter(object_id=str(item.pk), kind=kind)


def _about_head(register, **overrides):
    values = {
        "subject_kind": SubjectKind.HEAD,
        "subject_description": "",
        "text": "Valdes loceklis neatbildēja uz vēstuli.",
    }
    return register(**(values | overrides))


@pytest.mark.rule("7.2")
def test_an_authority_in_the_desk_is_told_in_the_desk_and_nothing_is_forwarded(
    register, head, director
):
    item = _about_head(register)
    assert item.authority.kind == Authority.EXECUTIVE_DIRECTOR
    assert Notification.objects.filter(kind="complaint_registered", recipient=director).exists()
    assert not Dispatch.objects.filter(kind=Dispatch.Kind.FORMAL_FORWARDING).exists()
    assert not item.history.filter(event=HistoryEntry.Event.FORMALLY_FORWARDED).exists()


@pytest.mark.rule("7.2")
def test_complaint_about_the_head_goes_formally_to_a_director_outside_the_desk(
    register, head, director, review_authorities
):
    authority = _outside(review_authorities, Authority.EXECUTIVE_DIRECTOR)
    item = _about_head(register)
    formal = _dispatches(item, Dispatch.Kind.FORMAL_FORWARDING).get()
    notice = _dispatches(item, Dispatch.Kind.FORWARDING_NOTICE).get()
    # The item itself goes to the authority's e-mail, with its content and number.
    assert formal.channel == "email" and formal.notification.email == authority.email
    assert item.text in formal.body and item.register_number in formal.body
    # The submitter is told where it went, without the content.
    assert notice.notification.email == "anna@example.lv"
    assert authority.name in notice.body and item.text not in notice.body
    # Both carry the item's scope, and the history says what was done.
    assert {formal.scope_id, notice.scope_id} == {item.pk}
    entry = item.history.get(event=HistoryEntry.Event.FORMALLY_FORWARDED)
    assert entry.clause == "7.2" and formal.number in entry.note and notice.number in entry.note
    # It stays in the register; the members are not told in the desk.
    assert FeedbackItem.objects.get(pk=item.pk).authority == authority
    assert not Notification.objects.filter(kind="complaint_registered").exists()


@pytest.mark.rule("7.3", "4.11")
def test_ethics_complaint_goes_to_the_commission_outside_and_the_head_is_told_at_once(
    register, head, ethics, review_authorities
):
    authority = _outside(review_authorities, Authority.ETHICS_COMMISSION)
    item = register(
        subject_kind=SubjectKind.ETHICS,
        subject_description="",
        text="Darbinieks pieņēma dāvanu no klienta.",
    )
    assert item.authority == authority and item.routing_clause == "7.3"
    formal = _dispatches(item, Dispatch.Kind.FORMAL_FORWARDING).get()
    assert item.text in formal.body
    entry = item.history.get(event=HistoryEntry.Event.FORMALLY_FORWARDED)
    assert entry.clause == "7.3"
    # 4.11: the head is told at once that an item was registered, and where it went.
    assert Notification.objects.filter(kind=HEAD_NOTICE_KIND, recipient=head).exists()


@pytest.mark.rule("7.2", "2.1.4.4")
def test_only_those_the_gate_lets_in_see_the_formal_forwarding(
    register, head, director, outsider, review_authorities
):
    _outside(review_authorities, Authority.EXECUTIVE_DIRECTOR)
    item = _about_head(register)
    formal = _dispatches(item, Dispatch.Kind.FORMAL_FORWARDING).get()
    assert formal in dispatches_visible_to(director)
    assert formal not in dispatches_visible_to(outsider)
    assert formal not in dispatches_visible_to(head)  # the head is the subject


@pytest.mark.rule("7.2")
def test_restricted_content_goes_by_letter_when_there_is_a_postal_address(
    register, head, review_authorities
):
    _outside(review_authorities, Authority.EXECUTIVE_DIRECTOR)
    item = _about_head(register, is_restricted=True)
    formal = _dispatches(item, Dispatch.Kind.FORMAL_FORWARDING).get()
    assert (formal.channel, formal.state) == ("letter", Dispatch.State.TO_PRINT)
    assert formal.postal_address == ADDRESS and item.text in formal.body


@pytest.mark.rule("7.2")
def test_restricted_content_is_never_emailed_to_an_authority_without_an_address(
    register, head, review_authorities
):
    _outside(review_authorities, Authority.EXECUTIVE_DIRECTOR, postal_address="")
    item = _about_head(register, is_restricted=True)
    formal = _dispatches(item, Dispatch.Kind.FORMAL_FORWARDING).get()
    assert formal.channel == "email" and item.text not in formal.body


@pytest.mark.rule("7.2")
def test_an_anonymous_submitter_gets_no_notice_and_the_history_says_so(
    register, head, review_authorities
):
    _outside(review_authorities, Authority.EXECUTIVE_DIRECTOR)
    item = _about_head(register, is_anonymous=True)
    assert _dispatches(item, Dispatch.Kind.FORMAL_FORWARDING).exists()
    assert not _dispatches(item, Dispatch.Kind.FORWARDING_NOTICE).exists()
    assert item.history.filter(event=HistoryEntry.Event.FORMALLY_FORWARDED).exists()


def test_an_authority_outside_the_desk_needs_an_address(review_authorities):
    authority = review_authorities[Authority.EXECUTIVE_DIRECTOR]
    authority.works_in_desk, authority.email, authority.postal_address = False, "", ""
    with pytest.raises(ValidationError):
        authority.full_clean()
    authority.postal_address = ADDRESS
    authority.full_clean()


def test_the_administrator_configures_an_authority_outside_the_desk(
    admin, client_for, review_authorities
):
    authority = review_authorities[Authority.ETHICS_COMMISSION]
    url = f"/admin/servicedesk/reviewauthority/{authority.pk}/change/"
    page = client_for(admin).get(url)
    assert page.status_code == 200
    assert 'name="works_in_desk"' in page.content.decode()
    assert 'name="postal_address"' in page.content.decode()
