"""Outgoing correspondence: the channel a text goes by, the refusals, 4.1.3 and the outgoing
register number (cases.services.dispatch)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases import services
from cases.dispatch.base import Transport
from cases.models import ClientChannel, Dispatch
from cases.services.dispatch import dispatch_outcome, effective_state, reply_note
from servicedesk.models import Notification

Kind = Dispatch.Kind
Way = Dispatch.Channel
State = Dispatch.State


def send(actor, **fields):
    fields.setdefault("kind", Kind.OTHER)
    fields.setdefault("target", None)
    fields.setdefault("subject", "Par izvešanas grafiku")
    fields.setdefault("body", "Labdien! Grafiks ir mainīts.")
    return services.dispatch_to_client(actor=actor, **fields)


def test_a_client_who_chose_letters_gets_a_letter_to_print(reception, make_client):
    client = make_client(preferred_channel=ClientChannel.LETTER, service_address="Rīgas iela 1")
    dispatch = send(reception, client=client)
    assert (dispatch.channel, dispatch.state) == (Way.LETTER, State.TO_PRINT)
    assert dispatch.recipient_name == "Anna Bērziņa"
    assert dispatch.postal_address == "Rīgas iela 1"
    assert dispatch_outcome(dispatch) == _("Letter %(number)s ready to print.") % {
        "number": dispatch.number
    }
    assert not Notification.objects.exists()


def test_a_client_who_chose_e_mail_is_e_mailed_through_the_outbox(reception, make_client):
    client = make_client(preferred_channel=ClientChannel.EMAIL, email="anna@example.lv")
    dispatch = send(reception, client=client)
    assert (dispatch.channel, dispatch.state) == (Way.EMAIL, State.QUEUED)
    mail = dispatch.notification
    assert mail.email == "anna@example.lv" and mail.language == "lv"
    assert "Grafiks ir mainīts" in mail.body and mail.message_id
    assert dispatch.number in mail.body
    # Queued, not yet accepted by the mail server: the screen does not say "sent".
    assert dispatch_outcome(dispatch) == _(
        "E-mail to %(email)s queued for sending (%(number)s)."
    ) % {
        "email": "anna@example.lv",
        "number": dispatch.number,
    }


def test_the_outbox_decides_whether_the_e_mail_went(reception, make_client):
    client = make_client(preferred_channel=ClientChannel.EMAIL, email="anna@example.lv")
    dispatch = send(reception, client=client)
    Notification.objects.filter(pk=dispatch.notification_id).update(status="failed")
    dispatch.refresh_from_db()
    assert effective_state(dispatch) == State.FAILED
    assert dispatch_outcome(dispatch) == _(
        "The e-mail to %(email)s could not be delivered (%(number)s)."
    ) % {"email": "anna@example.lv", "number": dispatch.number}


def test_a_visitor_gets_it_in_person(reception, make_client):
    client = make_client(preferred_channel=ClientChannel.VISIT, email="anna@example.lv")
    dispatch = send(reception, client=client)
    assert (dispatch.channel, dispatch.state) == (Way.IN_PERSON, State.TO_HAND)


def test_a_phone_cannot_carry_a_reply_so_it_falls_back_and_says_why(reception, make_client):
    client = make_client(preferred_channel=ClientChannel.PHONE, service_address="Rīgas iela 1")
    dispatch = send(reception, client=client)
    assert dispatch.channel == Way.LETTER
    assert client.get_preferred_channel_display() in dispatch.channel_note
    with_mail = make_client(name="Jānis Ozols", email="janis@example.lv")
    assert send(reception, client=with_mail).channel == Way.EMAIL
    nothing = make_client(name="Ieva Kalna")
    assert send(reception, client=nothing).channel == Way.IN_PERSON


def test_without_a_client_the_address_given_decides(reception):
    assert send(reception, email="a@example.lv").channel == Way.EMAIL
    assert send(reception, address="Rīgas iela 1").channel == Way.LETTER
    assert send(reception, name="Anna").channel == Way.IN_PERSON


def test_the_e_address_waits_for_a_person(reception, make_client):
    client = make_client(preferred_channel=ClientChannel.E_ADDRESS, has_e_address=True)
    dispatch = send(reception, client=client)
    assert (dispatch.channel, dispatch.state) == (Way.E_ADDRESS, State.TO_SEND)
    assert not Notification.objects.exists()
    done = services.dispatch_mark_sent_by_hand(actor=reception, dispatch=dispatch)
    assert done.state == State.SENT and done.done_by == reception


@pytest.mark.parametrize(
    ("channel", "fields"),
    [(Way.LETTER, {"email": "a@example.lv"}), (Way.EMAIL, {"address": "Rīgas iela 1"})],
)
def test_a_channel_without_its_address_is_refused(reception, channel, fields):
    with pytest.raises(ValidationError) as refusal:
        send(reception, channel=channel, **fields)
    assert "channel" in refusal.value.message_dict
    assert not Dispatch.objects.exists()


@pytest.mark.rule("4.1.3")
def test_a_restricted_reply_is_never_e_mailed(reception, make_contact, make_client):
    client = make_client(preferred_channel=ClientChannel.EMAIL, email="anna@example.lv")
    contact = make_contact(client=client)
    contact.is_restricted = True  # any target carrying the flag
    dispatch = send(reception, kind=Kind.COMPLAINT_REPLY, target=contact, client=client)
    assert dispatch.channel == Way.IN_PERSON
    assert "4.1.3" in dispatch.channel_note
    assert not Notification.objects.exists()
    with pytest.raises(ValidationError):
        send(reception, kind=Kind.COMPLAINT_REPLY, target=contact, client=client, channel="email")


def test_numbers_are_consecutive_per_year(reception, settings):
    first = send(reception, address="Rīgas iela 1")
    second = send(reception, address="Rīgas iela 2")
    year = first.dated.year
    assert first.number == f"AADSO/I/{year}/1"
    assert second.number == f"AADSO/I/{year}/2"
    assert (first.seq, second.seq) == (1, 2)


def test_the_signer_is_the_employee(reception):
    dispatch = send(reception, address="Rīgas iela 1")
    assert dispatch.signer_name == "Laura Kalniņa"
    assert dispatch.signer_position == "Klientu apkalpošanas speciāliste"


def test_a_letter_is_printed_then_posted_on_a_day(reception):
    dispatch = send(reception, address="Rīgas iela 1")
    with pytest.raises(ValidationError):
        services.dispatch_mark_posted(actor=reception, dispatch=dispatch)
    printed = services.dispatch_mark_printed(actor=reception, dispatch=dispatch)
    assert printed.state == State.PRINTED
    posted = services.dispatch_mark_posted(actor=reception, dispatch=printed)
    assert posted.state == State.POSTED and posted.posted_on == posted.dated
    assert dispatch_outcome(posted) == _("Letter %(number)s posted on %(date)s.") % {
        "number": posted.number,
        "date": date_format(posted.posted_on, "SHORT_DATE_FORMAT"),
    }


def test_handing_over_records_who_received_it(reception):
    dispatch = send(reception, name="Anna Bērziņa")
    done = services.dispatch_mark_handed_over(
        actor=reception, dispatch=dispatch, handed_to="Pilnvarotā Ilze"
    )
    assert done.state == State.HANDED_OVER and done.handed_to == "Pilnvarotā Ilze"
    assert done.done_at is not None


def test_a_reply_note_says_what_was_done(reception):
    letter = send(reception, kind=Kind.COMPLAINT_REPLY, address="Rīgas iela 1")
    assert reply_note(letter) == _("Reply letter %(number)s ready to print.") % {
        "number": letter.number
    }
    by_hand = send(reception, kind=Kind.COMPLAINT_REPLY)
    assert reply_note(by_hand) == _("Reply %(number)s to be handed over in person.") % {
        "number": by_hand.number
    }


def test_a_custom_transport_plugs_in_through_the_setting(reception, settings):
    settings.DISPATCH_TRANSPORTS = {"e_address": "tests.cases.test_dispatch.FakeEAddress"}
    dispatch = send(reception, channel="e_address")
    assert dispatch.state == State.SENT


class FakeEAddress(Transport):
    """Stands for a real e-address transport in this test (none exists)."""

    todo_label = "to do"
    done_label = "done"

    def deliver(self, dispatch, *, outbox=None):
        dispatch.state = State.SENT


@pytest.mark.rule("2.1.6.1")
def test_the_clients_data_export_lists_their_correspondence(reception, make_client):
    from cases.privacy import CasesSource, client_identity

    client = make_client(preferred_channel=ClientChannel.LETTER, service_address="Rīgas iela 1")
    dispatch = send(reception, client=client)
    sections = CasesSource().export(client_identity(client), actor=reception)
    found = [s for s in sections if s.key == "dispatches"]
    assert found, [s.key for s in sections]
    assert dispatch.number in str(found[0].rows)
    assert "Par izvešanas grafiku" in str(found[0].rows)


def test_every_kind_of_dispatch_e_mail_has_an_outbox_label():
    """The administrator's outbox names a dispatch's e-mail by its kind, not by its code."""
    from servicedesk import notification_kinds

    for kind in Dispatch.Kind.values:
        assert f"cases.dispatch_{kind}" in notification_kinds.LABELS
