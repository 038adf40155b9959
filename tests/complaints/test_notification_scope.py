"""Notifications carry the scope of the feedback item they are derived from (2.1.4.4, 7.3,
servicedesk.scopes): the inbox and the admin's outbox read them through the item's gate,
asked at read time."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import Outcome, SubjectKind, SurveyInvitation
from complaints.register.services import workflow
from complaints.selectors import complaints_visible_to
from servicedesk.admin.notifications import hidden_content
from servicedesk.models import Notification, ReviewAuthority
from servicedesk.roles import Role, roles_of
from servicedesk.selectors.notifications import inbox_for, unread_count
from servicedesk.services.notifications import notification_deliver
from tests.factories import EmployeeFactory, UserFactory

Authority = ReviewAuthority.Kind
IN_APP = Notification.Channel.IN_APP
CHANGELIST = "/admin/servicedesk/notification/"
ABOUT_ADMIN = "ZIŅA-PAR-ADMINISTRATORI-7731"
ETHICS_TEXT = "ĒTIKAS-NOSLĒPUMS-5520"
HIDDEN = hidden_content()  # a fixed Latvian sentence (servicedesk.admin.notifications)


def rows_about(item):
    return Notification.objects.filter(scope_type="complaints.feedbackitem", scope_id=item.pk)


@pytest.fixture
def about_admin(register, admin, customer_service_unit):
    EmployeeFactory(user=admin, unit=customer_service_unit, position="Sistēmas administratore")
    return register(
        subject_kind=SubjectKind.EMPLOYEE,
        subject_employee=admin.employee,
        subject_description="",
        text=f"{ABOUT_ADMIN}: administratore izpauda klienta datus.",
    )


@pytest.fixture
def ethics_complaint(register, ethics):
    return register(
        subject_kind=SubjectKind.ETHICS,
        subject_description="",
        text=f"{ETHICS_TEXT}: darbinieks pieņēma dāvanu no klienta.",
    )


# --- Every row derived from an item carries its scope ----------------------------------------


@pytest.mark.rule("2.1.4.4")
def test_every_notification_about_an_item_carries_its_scope(head, about_expert):
    item = about_expert
    kinds = set(rows_about(item).values_list("kind", flat=True))
    assert {"complaint_registered", "complaint_acknowledgement"} <= kinds
    assert not Notification.objects.filter(object_id=str(item.pk), scope_type="").exists()


def test_a_survey_invitation_after_an_item_carries_the_items_scope(register, head):
    item = register()
    for step in ("start_review", "decide", "answer", "close"):
        item.refresh_from_db()
        kwargs = {"actor": head, "item": item, "expected_version": item.version}
        if step == "decide":
            kwargs |= {"outcome": Outcome.UPHELD, "decision_text": "Izlabots."}
        if step == "answer":
            kwargs |= {"reply_text": "Paldies."}
        getattr(workflow, f"feedback_{step}")(**kwargs)
    invitation = SurveyInvitation.objects.get(item=item)
    row = Notification.objects.get(kind="survey_invitation")
    assert row.target == invitation
    assert (row.scope_type, row.scope_id) == ("complaints.feedbackitem", item.pk)


# --- The inbox asks the gate at read time ----------------------------------------------------


@pytest.mark.rule("2.1.4.4")
def test_an_item_rerouted_away_leaves_the_heads_inbox(head, director, about_expert, client_for):
    item = about_expert
    notice = inbox_for(head).get(kind="complaint_registered")
    notification_deliver(notification_id=notice.pk)
    assert unread_count(head) == 1

    workflow.feedback_reroute(
        actor=head,
        item=item,
        expected_version=item.version,
        authority_kind=Authority.EXECUTIVE_DIRECTOR,
        reason="Jāskata izpilddirektoram.",
    )

    assert not inbox_for(head).filter(pk=notice.pk).exists()
    assert unread_count(head) == 0
    client = client_for(head)
    assert item.register_number not in client.get(reverse("inbox")).content.decode()
    assert client.post(reverse("inbox_open", args=[notice.pk])).status_code == 404


@pytest.mark.rule("2.1.4.4")
def test_a_notification_leaves_the_inbox_of_someone_who_became_the_subject(
    register, review_authorities, customer_service_unit, client_for
):
    deputy = UserFactory(
        username="deputy", first_name="Ilze", last_name="Ozola", roles=[Role.UNIT_HEAD]
    )
    review_authorities[Authority.HEAD].members.add(deputy)
    clerk = EmployeeFactory(user=None, unit=customer_service_unit, first_name="Rūta")
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=clerk)
    client = client_for(deputy)
    assert item.register_number in client.get(reverse("inbox")).content.decode()
    notice = inbox_for(deputy).get()

    # The employee record is linked to the deputy's account afterwards (it was hers).
    clerk.user = deputy
    clerk.save()

    assert unread_count(deputy) == 0
    assert item.register_number not in client.get(reverse("inbox")).content.decode()
    assert client.post(reverse("inbox_read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.rule("8")
def test_the_clause_8_summary_stays_in_the_commissions_inbox(
    head, unithead, review_authorities, about_expert
):
    commission = review_authorities[Authority.INSTITUTION_ETHICS_COMMISSION]
    commission.members.add(unithead)
    item = workflow.feedback_start_review(
        actor=head, item=about_expert, expected_version=about_expert.version
    )
    workflow.feedback_decide(
        actor=head,
        item=item,
        expected_version=item.version,
        outcome=Outcome.UPHELD,
        decision_text="Aizrādījums.",
    )

    # The institution's Commission does not review the item (it is the head's), yet it was
    # told of it; the register does not show it to its member.
    assert inbox_for(unithead).filter(kind="complaint_clause8").count() == 1
    assert not complaints_visible_to(unithead).filter(pk=item.pk).exists()
    commission.members.remove(unithead)
    assert not inbox_for(unithead).filter(kind="complaint_clause8").exists()


@pytest.mark.rule("4.11", "7.3")
def test_the_heads_notice_of_an_ethics_item_stays_in_the_heads_inbox_only_while_head(
    head, review_authorities, ethics_item
):
    assert inbox_for(head).filter(kind="complaint_head_notice").count() == 1
    assert not complaints_visible_to(head).filter(pk=ethics_item.pk).exists()
    review_authorities[Authority.HEAD].members.remove(head)
    assert not inbox_for(head).filter(kind="complaint_head_notice").exists()


def _head_notified_of(register, n):
    for _ in range(n):
        register()


def test_the_badge_and_the_inbox_page_cost_the_same_for_one_item_or_many(
    register, head, client_for
):
    client = client_for(head)
    _head_notified_of(register, 1)
    client.get(reverse("inbox"))  # warm the session
    roles_of(head)  # read once per request, by the navigation (servicedesk.roles)
    with CaptureQueriesContext(connection) as badge_one:
        assert unread_count(head) == 1
    with CaptureQueriesContext(connection) as page_one:
        client.get(reverse("inbox"))

    _head_notified_of(register, 20)
    with CaptureQueriesContext(connection) as badge_many:
        assert unread_count(head) == 21
    with CaptureQueriesContext(connection) as page_many:
        response = client.get(reverse("inbox"))

    # The unread rows counted by scope, then one COUNT with the item's gate inside it.
    assert len(badge_many) == len(badge_one) == 2
    assert badge_many[1]["sql"].startswith("SELECT COUNT(*)")
    assert len(page_many) == len(page_one)
    assert response.context["unread_notifications"] == 21


# --- The administrator's outbox ------------------------------------------------------------


def _text(response):
    return response.content.decode()


@pytest.mark.rule("2.1.4.4")
def test_the_outbox_hides_complaints_about_the_administrator(about_admin, admin, client_for):
    client = client_for(admin)
    rows = list(rows_about(about_admin))
    assert rows  # the head, the head's mailbox and the client were told

    listing = client.get(CHANGELIST)
    assert listing.status_code == 200
    assert not {row.pk for row in rows} & {r.pk for r in listing.context["cl"].result_list}
    for row in rows:
        assert client.get(f"{CHANGELIST}{row.pk}/change/").status_code == 404
        assert client.get(f"{CHANGELIST}{row.pk}/history/").status_code == 404
    for term in (ABOUT_ADMIN, about_admin.register_number, "anna@example.lv"):
        found = client.get(CHANGELIST, {"q": term})
        assert not {row.pk for row in rows} & {r.pk for r in found.context["cl"].result_list}
        if term != ABOUT_ADMIN:  # the search box shows what was typed
            assert ABOUT_ADMIN not in _text(found)


@pytest.mark.rule("7.3")
def test_the_outbox_shows_ethics_rows_without_their_subject_or_text(
    ethics_complaint, admin, client_for
):
    client = client_for(admin)
    rows = list(rows_about(ethics_complaint))
    assert rows

    listing = client.get(CHANGELIST)
    assert {row.pk for row in rows} <= {r.pk for r in listing.context["cl"].result_list}
    assert ETHICS_TEXT not in _text(listing)
    for row in rows:
        page = _text(client.get(f"{CHANGELIST}{row.pk}/change/"))
        assert HIDDEN in page
        assert ETHICS_TEXT not in page
        assert row.subject not in page
        assert ethics_complaint.register_number not in page
        assert row.subject not in _text(client.get(f"{CHANGELIST}{row.pk}/history/"))


@pytest.mark.rule("7.3")
def test_searching_or_filtering_the_outbox_does_not_reveal_ethics_text(
    ethics_complaint, register, admin, client_for
):
    client = client_for(admin)
    ethics_rows = {row.pk for row in rows_about(ethics_complaint)}
    plain = register(text="Parasta sūdzība par konteineru.")

    # The subject is searched only where it may be read: the plain item's number finds its
    # rows, the ethics item's number finds none of its.
    found = client.get(CHANGELIST, {"q": plain.register_number}).context["cl"].result_list
    expected = rows_about(plain).filter(subject__icontains=plain.register_number)
    assert expected.exists()
    assert {r.pk for r in found} == set(expected.values_list("pk", flat=True))
    for term in (ethics_complaint.register_number, ETHICS_TEXT):
        result = client.get(CHANGELIST, {"q": term})
        assert not ethics_rows & {r.pk for r in result.context["cl"].result_list}
    assert ETHICS_TEXT not in _text(client.get(CHANGELIST, {"q": "example.lv"}))

    # A filter on the text in the address would answer yes or no row by row: refused.
    for lookup in ("body__icontains", "subject__icontains", "body__contains"):
        response = client.get(CHANGELIST, {lookup: ETHICS_TEXT})
        assert response.status_code == 400


def test_the_administrator_can_send_again_a_row_that_is_shown(
    ethics_complaint, about_admin, admin, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    shown = rows_about(ethics_complaint).filter(recipient=None).first()
    hidden = rows_about(about_admin).filter(recipient=None).first()
    Notification.objects.filter(pk__in=[shown.pk, hidden.pk]).update(
        status=Notification.Status.FAILED, attempts=8
    )

    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(
            CHANGELIST, {"action": "send_again", "_selected_action": [shown.pk, hidden.pk]}
        )

    shown.refresh_from_db()
    hidden.refresh_from_db()
    assert shown.status == Notification.Status.SENT
    assert hidden.status == Notification.Status.FAILED  # not the administrator's to touch
    assert [m.to for m in mailoutbox] == [[shown.email]]


def test_the_ethics_reviewer_reads_her_own_notice_in_full(ethics_complaint, ethics):
    # Positive control: the gate hides the text from others, not from its reviewer.
    notice = inbox_for(ethics).get(kind="complaint_registered")
    assert ETHICS_TEXT in notice.body
