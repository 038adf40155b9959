"""The reviewer's queue and the register: overdue first, filters, query counts that do not
grow with the rows; the front desk's registration page."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import FeedbackItem, Kind, State, SubjectKind


@pytest.mark.parametrize("page", ["complaints:queue", "complaints:register", "complaints:export"])
def test_list_query_count_does_not_grow_with_rows(
    register, head, expert, client_for, django_assert_num_queries, page
):
    client = client_for(head)
    url = reverse(page)
    register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=expert.employee)
    client.get(url)  # the first request rotates the session and caches the institution's name
    with CaptureQueriesContext(connection) as one_row:
        client.get(url)
    for n in range(6):
        register(kind=Kind.SUGGESTION, subject_kind="", channel="email", text=f"Ierosinājums {n}")
    with django_assert_num_queries(len(one_row.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_queue_query_count_is_pinned(register, head, client_for, django_assert_num_queries):
    for _ in range(3):
        register()
    client = client_for(head)
    client.get(reverse("complaints:queue"))  # the first request rotates the session
    # session, user, roles, memberships (read once for the gate and the queue), count, unread
    # notifications (by scope, then through the items' gate: the head has unread 4.11
    # notices), rules banner, the page of items, the access log row (one for the page,
    # 2.1.6.1), and the session save (savepoint, update, release).
    with django_assert_num_queries(13):
        client.get(reverse("complaints:queue"))


def test_queue_shows_overdue_first_and_marks_them(register, head, client_for):
    today = timezone.localdate()
    later = register(text="Vēlāks termiņš")
    overdue = register(text="Nokavēts")
    soon = register(text="Drīz")
    FeedbackItem.objects.filter(pk=later.pk).update(reply_due=today + timedelta(days=9))
    FeedbackItem.objects.filter(pk=overdue.pk).update(reply_due=today - timedelta(days=1))
    FeedbackItem.objects.filter(pk=soon.pk).update(reply_due=today + timedelta(days=1))
    content = (
        client_for(head)
        .get(reverse("complaints:queue"), headers={"accept-language": "en"})
        .content.decode()
    )
    positions = [content.index(i.register_number) for i in (overdue, soon, later)]
    assert positions == sorted(positions)
    assert content.count("Overdue</span>") == 1


def test_answered_items_are_not_marked_overdue(register, head):
    from complaints.selectors import queue_for

    item = register()
    FeedbackItem.objects.filter(pk=item.pk).update(
        reply_due=timezone.localdate() - timedelta(days=3), state=State.ANSWERED
    )
    assert queue_for(head).get(pk=item.pk).is_overdue is False


def test_queue_filters_by_kind_state_channel_and_period(register, head, client_for):
    complaint = register(channel="phone", received_on=date(2026, 10, 1))
    suggestion = register(
        kind=Kind.SUGGESTION, subject_kind="", channel="letter", received_on=date(2026, 11, 2)
    )
    client = client_for(head)
    url = reverse("complaints:queue")

    def shown(**params):
        content = client.get(url, params).content.decode()
        return {i for i in (complaint, suggestion) if i.register_number in content}

    assert shown(kind="suggestion") == {suggestion}
    assert shown(channel="phone") == {complaint}
    assert shown(state="acknowledged") == {complaint, suggestion}
    assert shown(state="closed") == set()
    assert shown(received_from="2026-11-01") == {suggestion}
    assert shown(received_to="2026-10-31") == {complaint}


def test_queue_contains_only_items_routed_to_me(register, head, director, client_for):
    mine = register()
    theirs = register(subject_kind=SubjectKind.HEAD)
    content = client_for(director).get(reverse("complaints:queue")).content.decode()
    assert theirs.register_number in content
    assert mine.register_number not in content


@pytest.mark.rule("4.11")
def test_front_desk_registers_through_the_page(reception, head, expert, client_for):
    from servicedesk.models import Notification

    response = client_for(reception).post(
        reverse("complaints:new"),
        {
            "kind": "complaint",
            "channel": "phone",
            "received_on": "2026-11-16",
            "client_name": "Jānis Ozols",
            "client_email": "janis@example.lv",
            "text": "Darbinieks nepieņēma manu iesniegumu.",
            "subject_kind": "employee",
            "subject_employee": expert.employee.pk,
        },
    )
    item = FeedbackItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:detail", args=[item.pk])
    assert item.reply_due == date(2026, 12, 1)  # ten working days, 18.11. a holiday
    assert Notification.objects.filter(recipient=head, kind="complaint_registered").exists()


def test_register_page_shows_clear_messages_and_keeps_what_was_typed(reception, head, client_for):
    response = client_for(reception).post(
        reverse("complaints:new"),
        {
            "kind": "complaint",
            "channel": "visit",
            "received_on": "2026-11-16",
            "client_name": "",
            "client_phone": "+37129999999",
            "text": "Konteiners ir salūzis.",
            "subject_kind": "employee",
        },
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Write the client&#x27;s name, or tick “anonymous”." in content
    assert "Choose the employee." in content
    assert "Konteiners ir salūzis." in content
    assert "+37129999999" in content
    assert not FeedbackItem.objects.exists()


def test_anonymous_item_may_not_keep_contact_details(reception, head, client_for):
    form_data = {
        "kind": "feedback",
        "channel": "trust_line",
        "received_on": "2026-11-16",
        "is_anonymous": "on",
        "client_email": "x@example.lv",
        "text": "Paldies!",
    }
    response = client_for(reception).post(reverse("complaints:new"), form_data)
    assert response.status_code == 200
    assert not FeedbackItem.objects.exists()
    form_data.pop("client_email")
    assert client_for(reception).post(reverse("complaints:new"), form_data).status_code == 302
    item = FeedbackItem.objects.get()
    assert item.is_anonymous and item.client_name == "" and item.channel == "trust_line"


def test_future_date_of_receipt_is_refused(reception, head, client_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(reception).post(
        reverse("complaints:new"),
        {
            "kind": "feedback",
            "channel": "visit",
            "received_on": tomorrow.isoformat(),
            "client_name": "Anna",
            "text": "Paldies!",
        },
    )
    assert response.status_code == 200
    assert not FeedbackItem.objects.exists()


def test_only_registering_roles_open_the_register_form(personas, client_for):
    expected = {
        "reception": 200,
        "reception2": 200,
        "head": 200,
        "unithead": 200,
        "expert": 200,
        "director": 403,
        "ethics": 403,
        "admin": 403,
        "inspector": 403,
        "outsider": 403,
    }
    got = {
        name: client_for(user).get(reverse("complaints:new")).status_code
        for name, user in personas.items()
    }
    assert got == expected


def test_navigation_links_to_queue_and_register(head, reception, client_for):
    head_page = client_for(head).get(reverse("home")).content.decode()
    assert reverse("complaints:queue") in head_page
    desk_page = client_for(reception).get(reverse("home")).content.decode()
    assert reverse("complaints:register") in desk_page
    assert reverse("complaints:queue") not in desk_page


def test_register_search_ignores_case_and_diacritics(register, head, client_for):
    item = register(client_name="Anna Bērziņa", text="Konteiners netika iztukšots.")
    other = register(client_name="Jānis Ozols", text="Rēķins ir par lielu.")
    client = client_for(head)
    detail = reverse("complaints:detail", args=[item.pk])
    other_detail = reverse("complaints:detail", args=[other.pk])

    for query in ("berzina", "ANNA BĒRZIŅA", "iztuksots"):
        html = client.get(reverse("complaints:register"), {"q": query}).content.decode()
        assert detail in html, query
        assert other_detail not in html, query
