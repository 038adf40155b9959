"""The outgoing correspondence screens: who may open them, what is to do first, marking a
letter printed and posted, the day's dispatch list, the start page's panel, and a dispatch of
a complaint kept behind the complaint's gate (2.1.4.4)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases import services
from cases.models import Dispatch
from cases.start_panels import outgoing_panel
from complaints.models import Channel, Kind, SubjectKind
from complaints.register.services import registration

State = Dispatch.State


def counts_of(user) -> dict[str, int]:
    """The start page panel's figures by state."""
    panel = outgoing_panel(user)
    assert panel is not None
    return {line.href.rsplit("=", 1)[1]: line.count for line in panel.lines}


def letter(actor, name="Anna Bērziņa", address="Rīgas iela 1\nRīga, LV-1001", **fields):
    fields.setdefault("subject", "Atbilde par grafiku")
    return services.dispatch_to_client(
        actor=actor,
        kind=Dispatch.Kind.OTHER,
        target=None,
        name=name,
        address=address,
        body="Labdien! Grafiks ir mainīts.",
        **fields,
    )


@pytest.fixture
def about_expert(reception, expert, review_authorities):
    """A complaint about the contact person ``expert``; the client is answered by letter."""
    return registration.feedback_register(
        actor=reception,
        data=registration.FeedbackInput(
            kind=Kind.COMPLAINT,
            channel=Channel.VISIT,
            text="Darbinieks bija nepieklājīgs.",
            client_name="Ilze Kalna",
            client_email="ilze@example.lv",
            subject_kind=SubjectKind.EMPLOYEE,
            subject_employee=expert.employee,
        ),
    )


def test_the_desk_sees_what_is_to_do_first(reception, client_for):
    posted = letter(reception, name="Jau nosūtīts")
    posted = services.dispatch_mark_printed(actor=reception, dispatch=posted)
    services.dispatch_mark_posted(actor=reception, dispatch=posted)
    waiting = letter(reception, name="Vēl jādrukā")
    html = client_for(reception).get("/cases/outgoing/").content.decode()
    assert html.index(waiting.number) < html.index(posted.number)
    assert "Atbilde par grafiku" in html


@pytest.mark.parametrize("persona", ["director", "ethics", "admin", "inspector", "outsider"])
def test_those_who_do_not_log_contacts_may_not_open_it(persona, personas, client_for):
    assert client_for(personas[persona]).get("/cases/outgoing/").status_code == 403


def test_the_list_filters_by_state(reception, client_for):
    first = letter(reception)
    services.dispatch_mark_printed(actor=reception, dispatch=first)
    second = letter(reception, name="Otrs")
    html = client_for(reception).get("/cases/outgoing/?state=printed").content.decode()
    assert first.number in html and second.number not in html


def test_a_letter_is_printed_posted_and_put_on_the_day_list(reception, client_for, institution):
    dispatch = letter(reception)
    browser = client_for(reception)
    page = f"/cases/outgoing/{dispatch.pk}/"
    pdf = browser.get(f"{page}letter.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert browser.post(page, {"action": "printed"}).status_code == 302
    assert browser.post(page, {"action": "posted"}).status_code == 302
    dispatch.refresh_from_db()
    assert dispatch.state == State.POSTED and dispatch.done_by == reception
    day = browser.get("/cases/outgoing/day/").content.decode()
    assert dispatch.number in day and "Rīgas iela 1" in day


def test_marking_out_of_order_is_refused_on_the_page(reception, client_for):
    dispatch = letter(reception)
    response = client_for(reception).post(f"/cases/outgoing/{dispatch.pk}/", {"action": "posted"})
    assert response.status_code == 422
    dispatch.refresh_from_db()
    assert dispatch.state == State.TO_PRINT


def test_handing_over_names_who_received_it(reception, client_for):
    dispatch = services.dispatch_to_client(
        actor=reception,
        kind=Dispatch.Kind.OTHER,
        target=None,
        name="Anna",
        subject="Izziņa",
        body="Teksts",
    )
    client_for(reception).post(
        f"/cases/outgoing/{dispatch.pk}/", {"action": "handed_over", "handed_to": "Pilnvarotais"}
    )
    dispatch.refresh_from_db()
    assert dispatch.state == State.HANDED_OVER and dispatch.handed_to == "Pilnvarotais"


@pytest.mark.rule("2.1.4.4")
def test_a_complaints_dispatch_is_invisible_to_the_person_it_is_about(
    about_expert, reception, expert, client_for
):
    dispatch = Dispatch.objects.get(object_id=str(about_expert.pk))
    assert dispatch.scope_type == "complaints.feedbackitem"
    assert dispatch.kind == Dispatch.Kind.ACKNOWLEDGEMENT
    theirs = client_for(expert)
    assert dispatch.number not in theirs.get("/cases/outgoing/").content.decode()
    assert theirs.get(f"/cases/outgoing/{dispatch.pk}/").status_code == 404
    assert theirs.get(f"/cases/outgoing/{dispatch.pk}/letter.pdf").status_code == 404
    mine = client_for(reception)
    assert dispatch.number in mine.get("/cases/outgoing/").content.decode()
    assert mine.get(f"/cases/outgoing/{dispatch.pk}/").status_code == 200


@pytest.mark.rule("2.1.4.4")
def test_the_panel_does_not_count_a_gated_letter(about_expert, expert, reception):
    dispatch = services.dispatch_to_client(
        actor=reception,
        kind=Dispatch.Kind.COMPLAINT_REPLY,
        target=about_expert,
        name="Ilze Kalna",
        address="Rīgas iela 1",
        subject="Atbilde",
        body="Teksts",
        channel="letter",
    )
    assert dispatch.scope_type
    assert counts_of(reception)["to_print"] == 1
    assert counts_of(expert)["to_print"] == 0


def test_the_start_page_keeps_letters_on_the_list_until_done(reception, client_for):
    dispatch = letter(reception)
    panel = outgoing_panel(reception)
    assert panel is not None and not panel.is_clear
    services.dispatch_mark_printed(actor=reception, dispatch=dispatch)
    assert counts_of(reception) == {
        "failed": 0,
        "to_print": 0,
        "printed": 1,
        "to_hand": 0,
        "to_send": 0,
    }
    home = client_for(reception).get("/").content.decode()
    assert "/cases/outgoing/?state=printed" in home


def test_the_list_costs_the_same_for_many_rows(
    reception, client_for, about_expert, django_assert_max_num_queries
):
    browser = client_for(reception)
    letter(reception)
    with django_assert_max_num_queries(40) as few:
        browser.get("/cases/outgoing/")
    for n in range(8):
        letter(reception, name=f"Klients {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        browser.get("/cases/outgoing/")


def test_a_day_with_no_letters_says_so(reception, client_for):
    day = timezone.localdate().isoformat()
    page = client_for(reception).get(f"/cases/outgoing/day/?on={day}")
    assert page.status_code == 200
    assert "dispatch-day" in page.content.decode()
