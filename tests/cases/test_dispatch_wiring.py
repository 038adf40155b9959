"""The client's communications go out through the outgoing correspondence: a complaint's
acknowledgement, reply and extension notice, and a written submission's reply; the history
says what was done, never "sent" when nothing was."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext as _

from cases import services
from cases.models import Channel, Dispatch
from cases.services.dispatch import reply_note
from complaints.models import Channel as ItemChannel
from complaints.models import HistoryEntry, Kind, SubjectKind
from complaints.register.services import registration, workflow
from servicedesk.models import Notification

Way = Dispatch.Channel


@pytest.fixture
def register(reception, review_authorities):
    def make(**fields):
        values = {
            "kind": Kind.COMPLAINT,
            "channel": ItemChannel.LETTER,
            "text": "Konteiners netika iztukšots.",
            "client_name": "Anna Bērziņa",
            "subject_kind": SubjectKind.SERVICE,
            "subject_description": "Atkritumu izvešana",
            **fields,
        }
        return registration.feedback_register(
            actor=reception, data=registration.FeedbackInput(**values)
        )

    return make


def answered(item, head, text="Atbilde: konteiners iztukšots."):
    if item.state == "registered":  # no e-mail: the client was told otherwise
        item = workflow.feedback_acknowledge(actor=head, item=item, expected_version=item.version)
    item = workflow.feedback_start_review(actor=head, item=item, expected_version=item.version)
    item = workflow.feedback_decide(
        actor=head,
        item=item,
        expected_version=item.version,
        outcome="upheld",
        decision_text="Pamatota",
    )
    return workflow.feedback_answer(
        actor=head, item=item, expected_version=item.version, reply_text=text
    )


def test_the_acknowledgement_is_e_mailed_as_before_and_registered(register):
    item = register(client_email="anna@example.lv")
    dispatch = Dispatch.objects.get(object_id=str(item.pk))
    assert dispatch.kind == Dispatch.Kind.ACKNOWLEDGEMENT and dispatch.channel == Way.EMAIL
    mail = dispatch.notification
    assert mail is not None
    assert (mail.kind, mail.email) == ("complaint_acknowledgement", "anna@example.lv")
    assert item.register_number in dispatch.subject


def test_a_reply_without_e_mail_becomes_a_letter_and_the_history_says_so(register, head):
    item = register(client_address="Rīgas iela 1, Daugavpils")
    item = answered(item, head)
    dispatch = Dispatch.objects.get(object_id=str(item.pk), kind=Dispatch.Kind.COMPLAINT_REPLY)
    assert dispatch.channel == Way.LETTER and dispatch.state == Dispatch.State.TO_PRINT
    assert "Atbilde: konteiners iztukšots." in dispatch.body
    note = item.history.filter(event=HistoryEntry.Event.TRANSITION).latest("pk").note
    assert note == reply_note(dispatch)
    assert dispatch.number in note
    assert not Notification.objects.filter(kind="complaint_reply").exists()


def test_a_reply_by_e_mail_keeps_its_outbox_message(register, head):
    item = answered(register(client_email="anna@example.lv"), head)
    dispatch = Dispatch.objects.get(object_id=str(item.pk), kind=Dispatch.Kind.COMPLAINT_REPLY)
    mail = dispatch.notification
    assert mail is not None
    assert (mail.kind, mail.body) == ("complaint_reply", "Atbilde: konteiners iztukšots.")
    note = item.history.filter(event=HistoryEntry.Event.TRANSITION).latest("pk").note
    queued = _("Reply to the client queued for e-mail (%(number)s).")
    assert note == queued % {"number": dispatch.number}


@pytest.mark.rule("4.1.3")
def test_a_restricted_reply_goes_by_letter_not_e_mail(register, head):
    item = register(
        client_email="anna@example.lv", client_address="Rīgas iela 1", is_restricted=True
    )
    item = answered(item, head)
    dispatch = Dispatch.objects.get(object_id=str(item.pk), kind=Dispatch.Kind.COMPLAINT_REPLY)
    assert dispatch.channel == Way.LETTER
    assert not Notification.objects.filter(kind="complaint_reply").exists()


def test_the_extension_notice_is_a_dispatch(register, head):
    item = register(client_address="Rīgas iela 1")
    workflow.feedback_extend(
        actor=head, item=item, expected_version=item.version, reason="Vajag ziņas no pašvaldības"
    )
    dispatch = Dispatch.objects.get(object_id=str(item.pk), kind=Dispatch.Kind.EXTENSION_NOTICE)
    assert dispatch.channel == Way.LETTER
    assert "Vajag ziņas no pašvaldības" in dispatch.body


def test_a_submission_reply_goes_by_the_clients_channel(reception, make_client, make_contact):
    client = make_client(preferred_channel="letter", service_address="Saules iela 5")
    contact = make_contact(client=client, channel=Channel.LETTER, summary="Iesniegums")
    submission = services.submission_register(actor=reception, contact=contact, subject="Rēķins")
    services.submission_record_reply(actor=reception, submission=submission, reply="Pārrēķināts")
    dispatch = Dispatch.objects.get(kind=Dispatch.Kind.SUBMISSION_REPLY)
    assert (dispatch.channel, dispatch.client) == (Way.LETTER, client)
    assert dispatch.body == "Pārrēķināts"
    assert submission.register_number in dispatch.subject
