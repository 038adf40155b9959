"""Satisfaction surveys (clause 3.5.1): one e-mail after a closed item or a
contact, never twice, never after an opt-out; a one-click rating; a kiosk at the reception
desk; a low rating with a comment becomes a feedback item (4.11)."""

from __future__ import annotations

import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from cases.models import Channel as ContactChannel
from cases.services import contact_log
from complaints.models import (
    Channel,
    FeedbackItem,
    Kind,
    Outcome,
    SurveyInvitation,
    SurveyOptOut,
    SurveyResponse,
)
from complaints.register.services import workflow
from complaints.voice.services import surveys
from complaints.voice.views.public import KIOSK_COOKIE
from servicedesk.models import Notification
from servicedesk.services.notifications import message_id_for, notification_deliver


def close(item, head):
    if item.state == "registered":  # no e-mail address: acknowledged by letter or phone
        item = workflow.feedback_acknowledge(actor=head, item=item, expected_version=item.version)
    item = workflow.feedback_start_review(actor=head, item=item, expected_version=item.version)
    item = workflow.feedback_decide(
        actor=head,
        item=item,
        expected_version=item.version,
        outcome=Outcome.UPHELD,
        decision_text="Konteiners iztukšots.",
    )
    item = workflow.feedback_answer(
        actor=head, item=item, expected_version=item.version, reply_text="Paldies, izlabots."
    )
    return workflow.feedback_close(actor=head, item=item, expected_version=item.version)


NOT_SENT = (
    "No survey was sent: the client has no e-mail address, has already been asked "
    "about this contact, or does not want surveys."
)


def lv(text):
    """The Latvian a user reads for an English msgid."""
    with translation.override("lv"):
        return gettext(text)


def invitations_to(email):
    return Notification.objects.filter(kind="survey_invitation", email=email)


def sent_body(notification):
    """The e-mail as the client gets it: the stored body holds the links sealed, the worker
    makes them when it sends (servicedesk.sealed_links)."""
    notification_deliver(notification_id=notification.pk)  # no-op once sent
    (message,) = [
        m for m in mail.outbox if m.extra_headers["Message-ID"] == message_id_for(notification)
    ]
    return message.body


def rate_links(notification):
    return {
        int(n): url.removeprefix("http://127.0.0.1:8000")
        for n, url in re.findall(r"^(\d): (\S+)$", sent_body(notification), re.MULTILINE)
    }


@pytest.mark.rule("3.5.1")
def test_closing_an_item_sends_one_survey_e_mail_with_five_links(register, head):
    item = close(register(), head)
    (notification,) = invitations_to("anna@example.lv")
    assert set(rate_links(notification)) == {1, 2, 3, 4, 5}
    assert "/opt-out/" in sent_body(notification)
    assert SurveyInvitation.objects.get().item == item


@pytest.mark.rule("3.5.1")
def test_never_twice_for_the_same_item(register, head, reception):
    item = close(register(), head)
    item = workflow.feedback_appeal(
        actor=reception, item=item, expected_version=item.version, reason="Nepiekrītu."
    )
    surveys.survey_offer_for_item(item=item)
    assert invitations_to("anna@example.lv").count() == 1
    assert SurveyInvitation.objects.count() == 1


@pytest.mark.rule("3.5.1")
def test_an_opted_out_address_gets_no_survey(register, head):
    SurveyOptOut.objects.create(email="anna@example.lv")
    close(register(client_email="Anna@Example.lv"), head)
    assert not SurveyInvitation.objects.exists()


@pytest.mark.rule("3.5.1")
def test_anonymous_items_get_no_survey(register, head):
    close(register(is_anonymous=True), head)
    assert not SurveyInvitation.objects.exists()


@pytest.mark.rule("3.5.1")
def test_the_link_asks_to_confirm_and_the_button_records_the_rating(register, head):
    close(register(), head)
    links = rate_links(invitations_to("anna@example.lv").get())
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(links[4])
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(rf'<form method="post" action="{re.escape(links[4])}"', html)
    assert "csrfmiddlewaretoken" in html
    assert lv("Confirm the rating") in html
    assert not SurveyResponse.objects.exists()  # opening the link records nothing
    csrf = browser.cookies["csrftoken"].value
    assert browser.post(links[4], HTTP_X_CSRFTOKEN=csrf).status_code == 200
    assert SurveyResponse.objects.get().rating == 4
    browser.post(links[5], HTTP_X_CSRFTOKEN=csrf)
    response = SurveyResponse.objects.get()
    assert (response.rating, response.via) == (5, SurveyResponse.Via.EMAIL)


@pytest.mark.rule("3.5.1")
def test_a_mail_scanner_following_every_link_votes_nothing(register, head):
    close(register(), head)
    links = rate_links(invitations_to("anna@example.lv").get())
    scanner = Client()
    for link in links.values():
        assert scanner.get(link).status_code == 200
        assert scanner.head(link).status_code == 200
    assert not SurveyResponse.objects.exists()


def test_the_rating_button_needs_the_csrf_token(register, head):
    close(register(), head)
    link = rate_links(invitations_to("anna@example.lv").get())[1]
    assert Client(enforce_csrf_checks=True).post(link).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_a_tampered_survey_link_is_refused(register, head):
    close(register(), head)
    link = rate_links(invitations_to("anna@example.lv").get())[3]
    token = link.split("/")[3]
    forged = signing.dumps(999999, salt=surveys.SURVEY_SALT)
    assert Client().get(link.replace(token, token[:-2] + "xx")).status_code == 404
    assert Client().get(link.replace(token, forged)).status_code == 404
    assert Client().get(link.replace("/rate/3/", "/rate/9/")).status_code == 404
    assert Client().post(link.replace(token, forged)).status_code == 404
    assert Client().post(link.replace("/rate/3/", "/rate/9/")).status_code == 404
    assert not SurveyResponse.objects.exists()


@pytest.mark.rule("3.5.1", "4.11")
def test_a_low_rating_with_a_comment_becomes_a_feedback_item(register, head):
    close(register(), head)
    links = rate_links(invitations_to("anna@example.lv").get())
    browser = Client()
    browser.post(links[2])
    token = links[2].split("/")[3]
    response = browser.post(f"/p/survey/{token}/comment/", {"comment": "Atbilde nāca par vēlu."})
    assert response.status_code == 200
    answer = SurveyResponse.objects.get()
    item = answer.feedback_item
    assert item is not None
    assert (item.kind, item.channel) == (Kind.FEEDBACK, Channel.SURVEY)
    assert "Atbilde nāca par vēlu." in item.text
    assert item.client_email == "anna@example.lv"
    assert Notification.objects.filter(
        recipient=head, kind="complaint_registered", object_id=item.pk
    ).exists()
    # Closing the item born from a survey sends no survey about the survey.
    close(FeedbackItem.objects.get(pk=item.pk), head)
    assert SurveyInvitation.objects.count() == 1


@pytest.mark.rule("3.5.1")
def test_a_changed_rating_counts_and_the_reviewer_sees_the_change(register, head):
    """The page says the last confirmed rating counts; it does, also after a comment."""
    close(register(), head)
    links = rate_links(invitations_to("anna@example.lv").get())
    browser = Client()
    browser.post(links[1])
    token = links[1].split("/")[3]
    browser.post(f"/p/survey/{token}/comment/", {"comment": "Neviens neatzvanīja."})
    item = SurveyResponse.objects.get().feedback_item
    browser.post(links[3])
    assert SurveyResponse.objects.get().rating == 3
    with translation.override("lv"):
        notes = [str(h.note) for h in item.history.all()]
    assert "Klients mainīja vērtējumu no 1 uz 3." in notes
    assert FeedbackItem.objects.count() == 2  # the closed item and the one the comment made


@pytest.mark.rule("3.5.1", "4.11")
def test_a_comment_left_with_a_good_rating_that_is_then_lowered_reaches_the_reviewer(
    register, head
):
    close(register(), head)
    links = rate_links(invitations_to("anna@example.lv").get())
    browser = Client()
    browser.post(links[4])
    browser.post(f"/p/survey/{links[4].split('/')[3]}/comment/", {"comment": "Kavējās."})
    assert SurveyResponse.objects.get().feedback_item is None
    browser.post(links[2])
    item = SurveyResponse.objects.get().feedback_item
    assert item is not None and "Kavējās." in item.text
    assert Notification.objects.filter(
        recipient=head, kind="complaint_registered", object_id=item.pk
    ).exists()


def test_the_comment_box_is_not_marked_required_but_an_empty_one_is_answered(register, head):
    close(register(), head)
    links = rate_links(invitations_to("anna@example.lv").get())
    browser = Client(HTTP_ACCEPT_LANGUAGE="lv")
    page = browser.post(links[4]).content.decode()
    assert "asteriskField" not in page
    assert not re.search(r"<textarea[^>]*\brequired\b", page)
    empty = browser.post(f"/p/survey/{links[4].split('/')[3]}/comment/", {"comment": " "})
    assert "Ierakstiet savu komentāru." in empty.content.decode()
    assert SurveyResponse.objects.get().comment == ""


@pytest.mark.rule("3.5.1")
def test_a_good_rating_with_a_comment_stays_a_survey_answer(register, head):
    close(register(), head)
    links = rate_links(invitations_to("anna@example.lv").get())
    browser = Client()
    browser.post(links[5])
    browser.post(f"/p/survey/{links[5].split('/')[3]}/comment/", {"comment": "Ļoti labi!"})
    answer = SurveyResponse.objects.get()
    assert answer.comment == "Ļoti labi!"
    assert answer.feedback_item is None
    assert FeedbackItem.objects.count() == 1


@pytest.mark.rule("3.5.1")
def test_the_opt_out_link_asks_then_stops_surveys(register, head):
    close(register(), head)
    token = rate_links(invitations_to("anna@example.lv").get())[1].split("/")[3]
    browser = Client()
    assert browser.get(f"/p/survey/{token}/opt-out/").status_code == 200
    assert not SurveyOptOut.objects.exists()  # a mail scanner's GET changes nothing
    browser.post(f"/p/survey/{token}/opt-out/")
    assert surveys.is_opted_out("anna@example.lv")


@pytest.mark.rule("3.5.1")
def test_a_contact_gets_at_most_one_survey(reception):
    contact = contact_log(
        actor=reception,
        channel=ContactChannel.EMAIL_IN,
        started_at=timezone.now(),
        summary="Jautā par grafiku",
        email_address="janis@example.lv",
    )
    first = surveys.survey_offer_for_contact(
        contact_id=contact.pk, email="janis@example.lv", language="en"
    )
    again = surveys.survey_offer_for_contact(
        contact_id=contact.pk, email="janis@example.lv", language="en"
    )
    assert first is not None and again is None
    (notification,) = invitations_to("janis@example.lv")
    assert notification.language == "en"
    SurveyOptOut.objects.create(email="zane@example.lv")
    other = contact_log(
        actor=reception,
        channel=ContactChannel.EMAIL_IN,
        started_at=timezone.now(),
        summary="Cits jautājums",
        email_address="zane@example.lv",
    )
    assert surveys.survey_offer_for_contact(contact_id=other.pk, email="zane@example.lv") is None


# --- The kiosk ---------------------------------------------------------------------------------


@pytest.fixture
def kiosk(reception, client_for):
    """The tablet: a front-desk specialist started the kiosk on it (and was logged out)."""
    tablet = client_for(reception)
    response = tablet.post("/voice/kiosk/start/")
    assert response["Location"] == "/p/kiosk/"
    return tablet


@pytest.mark.rule("3.5.1")
def test_starting_the_kiosk_ends_the_staff_session(kiosk):
    assert kiosk.get("/complaints/").status_code == 302  # to the login page
    assert kiosk.get("/p/kiosk/").status_code == 200


def test_the_kiosk_opens_only_where_it_was_started(review_authorities, outsider, client_for):
    assert Client().get("/p/kiosk/").status_code == 403
    browser = Client()
    browser.cookies[KIOSK_COOKIE] = "forged"
    assert browser.get("/p/kiosk/").status_code == 403
    assert client_for(outsider).post("/voice/kiosk/start/").status_code == 403


@pytest.mark.rule("3.5.1")
def test_a_kiosk_tap_records_an_anonymous_rating(kiosk):
    html = kiosk.get("/p/kiosk/").content.decode()
    assert html.count('name="rating"') == 5
    assert 'href="/complaints/' not in html  # no way into the desk from the tablet
    response = kiosk.post("/p/kiosk/", {"rating": "4"})
    assert response.status_code == 302
    answer = SurveyResponse.objects.get()
    assert (answer.rating, answer.via, answer.invitation) == (4, SurveyResponse.Via.KIOSK, None)
    thanks = kiosk.get(response["Location"]).content.decode()
    assert 'data-reset-seconds="' in thanks and 'data-home="/p/kiosk/"' in thanks
    assert "/static/js/kiosk.js" in thanks


@pytest.mark.rule("3.5.1", "4.11")
def test_a_low_kiosk_rating_with_a_comment_becomes_an_anonymous_item(kiosk, head):
    thanks = kiosk.post("/p/kiosk/", {"rating": "1"})["Location"]
    kiosk.post(thanks, {"comment": "Rinda bija pusstundu gara."})
    answer = SurveyResponse.objects.get()
    item = answer.feedback_item
    assert item is not None
    assert item.is_anonymous and item.channel == Channel.SURVEY
    assert (item.client_name, item.client_email) == ("", "")
    assert Notification.objects.filter(
        recipient=head, kind="complaint_registered", object_id=item.pk
    ).exists()


def test_a_kiosk_thanks_link_cannot_name_another_answer(kiosk):
    SurveyResponse.objects.create(via=SurveyResponse.Via.EMAIL, rating=1)
    email_answer = SurveyResponse.objects.get()
    token = signing.dumps(email_answer.pk, salt="complaints.kiosk")  # wrong salt
    assert kiosk.get(f"/p/kiosk/thanks/{token}/").status_code == 302
    assert kiosk.post(f"/p/kiosk/thanks/{token}/", {"comment": "x"}).status_code == 302
    assert SurveyResponse.objects.get().comment == ""


# --- Offered from the contact screen ------------------------------------------------------------


@pytest.mark.rule("3.5.1")
def test_the_front_desk_sends_the_survey_from_the_contact_once(reception, client_for, outsider):
    contact = contact_log(
        actor=reception,
        channel=ContactChannel.VISIT,
        started_at=timezone.now(),
        summary="Jautā par konteineru",
        email_address="ilze@example.lv",
    )
    desk = client_for(reception)
    page = desk.get(f"/cases/{contact.pk}/")
    assert f"/voice/contacts/{contact.pk}/survey/" in page.text

    sent = desk.post(f"/voice/contacts/{contact.pk}/survey/", follow=True)
    assert lv("The satisfaction survey was sent to the client.") in sent.text
    assert invitations_to("ilze@example.lv").count() == 1

    again = desk.post(f"/voice/contacts/{contact.pk}/survey/", follow=True)
    assert lv(NOT_SENT) in again.text
    assert invitations_to("ilze@example.lv").count() == 1  # never twice for the same contact

    assert client_for(outsider).post(f"/voice/contacts/{contact.pk}/survey/").status_code == 403
    assert invitations_to("ilze@example.lv").count() == 1


@pytest.mark.rule("3.5.1")
def test_no_survey_button_without_an_address_and_none_after_opt_out(reception, client_for):
    silent = contact_log(
        actor=reception,
        channel=ContactChannel.VISIT,
        started_at=timezone.now(),
        summary="Bez e-pasta",
    )
    desk = client_for(reception)
    assert f"/voice/contacts/{silent.pk}/survey/" not in desk.get(f"/cases/{silent.pk}/").text

    SurveyOptOut.objects.create(email="opt@example.lv")
    opted = contact_log(
        actor=reception,
        channel=ContactChannel.VISIT,
        started_at=timezone.now(),
        summary="Atteicies no aptaujām",
        email_address="opt@example.lv",
    )
    refused = desk.post(f"/voice/contacts/{opted.pk}/survey/", follow=True)
    assert lv(NOT_SENT) in refused.text
    assert not invitations_to("opt@example.lv").exists()
