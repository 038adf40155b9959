"""Who an item is about, and everything derived from it (2.1.4.4, 7.1–7.3).

- A low survey answer after a closed item becomes an item with that item's scope: routed
  where it is, never to a person it is about, its ethics content closed to administrators.
- The subject is fixed at registration: (un)linking a user account reveals nothing, and the
  head's employee record is the head's whatever account is linked to it.
- An authority that includes a subject never reviews the item: the item goes one up, and a
  re-route there is refused.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from complaints.conf import ABOUT_HEAD_SERIES
from complaints.models import (
    Channel,
    FeedbackItem,
    Kind,
    Outcome,
    Routing,
    RoutingRule,
    State,
    SubjectKind,
    SurveyInvitation,
)
from complaints.register.services import workflow
from complaints.selectors import complaints_visible_to, reads_content
from complaints.voice.services import surveys
from servicedesk.models import Notification, ReviewAuthority
from servicedesk.roles import Role
from tests.factories import EmployeeFactory, UserFactory

Authority = ReviewAuthority.Kind
COMMENT = "Atbilde bija formāla, neviens neko neizlaboja."


def lv(text):
    """The Latvian a user reads for an English msgid."""
    with translation.override("lv"):
        return gettext(text)


def close(item, reviewer):
    if item.state == State.REGISTERED:
        item = workflow.feedback_acknowledge(
            actor=reviewer, item=item, expected_version=item.version
        )
    item = workflow.feedback_start_review(actor=reviewer, item=item, expected_version=item.version)
    item = workflow.feedback_decide(
        actor=reviewer,
        item=item,
        expected_version=item.version,
        outcome=Outcome.REJECTED,
        decision_text="Pārkāpums netika konstatēts.",
    )
    item = workflow.feedback_answer(
        actor=reviewer, item=item, expected_version=item.version, reply_text="Atbilde."
    )
    return workflow.feedback_close(actor=reviewer, item=item, expected_version=item.version)


def low_answer_after(item):
    """The client rates the closed item 1 and comments: the survey answer becomes an item."""
    invitation = SurveyInvitation.objects.get(item=item)
    response = surveys.survey_rate(invitation=invitation, rating=1)
    response = surveys.survey_comment(response=response, comment=COMMENT)
    assert response.feedback_item is not None
    return FeedbackItem.objects.get(pk=response.feedback_item_id)


def told(user):
    """Anything that reached ``user``: a notification row, or an e-mail to their address."""
    rows = Notification.objects.filter(recipient=user)
    mails = [m for m in mail.outbox if user.email in m.to]
    return list(rows) + mails


def mailbox_mails(address):
    return [m for m in mail.outbox if address in m.to] + list(
        Notification.objects.filter(email=address)
    )


# --- Items derived from an item carry its scope --------------------------------------------


@pytest.mark.rule("2.1.4.4", "7.2")
def test_low_survey_rating_after_complaint_about_head_never_reaches_head(
    register, head, director, review_authorities, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        about_head = register(subject_kind=SubjectKind.HEAD, subject_description="")
        about_head = close(about_head, director)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        derived = low_answer_after(about_head)

    assert derived.derived_from == about_head
    assert (derived.kind, derived.channel) == (Kind.FEEDBACK, Channel.SURVEY)
    assert about_head.register_number in derived.text and COMMENT in derived.text
    # Routed as the complaint is: to the executive director under 7.2, numbered in the
    # series of the items about the head (4.11: the head is told of every other item).
    assert (derived.authority.kind, derived.routing_clause) == (Authority.EXECUTIVE_DIRECTOR, "7.2")
    assert derived.series == ABOUT_HEAD_SERIES
    assert head.pk in set(derived.subject_users.values_list("pk", flat=True))
    # Nothing reaches the head: no notification row, no e-mail, not the HEAD mailbox.
    assert told(head) == []
    assert mailbox_mails(review_authorities[Authority.HEAD].email) == []
    assert not complaints_visible_to(head).filter(pk=derived.pk).exists()
    # The director is told and sees it.
    assert Notification.objects.filter(
        recipient=director, kind="complaint_registered", object_id=derived.pk
    ).exists()
    assert any(director.email in m.to for m in mail.outbox)
    assert complaints_visible_to(director).filter(pk=derived.pk).exists()


@pytest.mark.rule("2.1.4.4", "7.3")
def test_low_survey_rating_after_ethics_complaint_about_head_stays_with_the_commission(
    register,
    head,
    ethics,
    admin,
    review_authorities,
    client_for,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        item = register(
            subject_kind=SubjectKind.ETHICS,
            subject_employee=head.employee,
            subject_description="",
            text="Valdes loceklis pieņēma dāvanu.",
        )
        item = close(item, ethics)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        derived = low_answer_after(item)

    assert derived.derived_from == item
    assert (derived.authority.kind, derived.routing_clause) == (Authority.ETHICS_COMMISSION, "7.3")
    assert told(head) == []
    assert mailbox_mails(review_authorities[Authority.HEAD].email) == []
    assert not complaints_visible_to(head).filter(pk=derived.pk).exists()
    assert Notification.objects.filter(recipient=ethics, object_id=derived.pk).exists()
    # The administrator sees the register entry but never its content (7.3).
    assert complaints_visible_to(admin).filter(pk=derived.pk).exists()
    assert not reads_content(admin, derived)
    assert reads_content(ethics, derived)
    page = client_for(admin).get(reverse("complaints:detail", args=[derived.pk])).content.decode()
    assert COMMENT not in page
    found = client_for(admin).get(reverse("complaints:register"), {"q": "formāla"})
    assert reverse("complaints:detail", args=[derived.pk]) not in found.content.decode()
    admin_page = client_for(admin).get(
        reverse("admin:complaints_feedbackitem_change", args=[derived.pk])
    )
    assert admin_page.status_code == 200
    assert COMMENT not in admin_page.content.decode()


@pytest.mark.rule("2.1.4.4", "4.1.3")
def test_an_item_derived_from_a_restricted_item_is_restricted(register, head, reception):
    item = close(register(is_restricted=True), head)
    derived = low_answer_after(item)
    assert derived.is_restricted
    assert not reads_content(reception, derived)  # the front desk registered neither


@pytest.mark.rule("2.1.4.4", "7.1")
def test_low_survey_rating_after_complaint_about_employee_keeps_him_out(
    register, head, admin, review_authorities
):
    # The employee complained about is an administrator, who otherwise sees every item.
    record = EmployeeFactory(user=admin)
    about_admin = register(
        subject_kind=SubjectKind.EMPLOYEE, subject_employee=record, subject_description=""
    )
    derived = low_answer_after(close(about_admin, head))
    assert (derived.authority.kind, derived.routing_clause) == (Authority.HEAD, "7.1")
    assert complaints_visible_to(head).filter(pk=derived.pk).exists()
    assert set(derived.subject_users.all()) == {admin}
    assert not complaints_visible_to(admin).filter(pk=derived.pk).exists()
    assert not Notification.objects.filter(recipient=admin).exists()


@pytest.mark.rule("3.5.1", "4.11")
def test_a_survey_after_a_contact_is_routed_by_the_table_as_before(head, reception):
    from django.utils import timezone

    from cases.models import Channel as ContactChannel
    from cases.services import contact_log

    contact = contact_log(
        actor=reception,
        channel=ContactChannel.VISIT,
        started_at=timezone.now(),
        summary="Jautā par grafiku",
        email_address="ilze@example.lv",
    )
    invitation = surveys.survey_offer_for_contact(contact_id=contact.pk, email="ilze@example.lv")
    response = surveys.survey_rate(invitation=invitation, rating=2)
    response = surveys.survey_comment(response=response, comment="Ilgi jāgaida.")
    item = response.feedback_item
    assert item.derived_from is None
    assert (item.authority.kind, item.routing_clause) == (Authority.HEAD, "4.11")
    assert Notification.objects.filter(recipient=head, object_id=item.pk).exists()


# --- The subject is fixed at registration ----------------------------------------------------


@pytest.mark.rule("2.1.4.4")
def test_the_subject_set_is_written_at_registration(register, head, expert, review_authorities):
    deputy = EmployeeFactory().user
    review_authorities[Authority.HEAD].members.add(deputy)
    about_expert = register(
        subject_kind=SubjectKind.EMPLOYEE, subject_employee=expert.employee, subject_description=""
    )
    about_head = register(subject_kind=SubjectKind.HEAD, subject_description="")
    assert set(about_expert.subject_users.all()) == {expert}
    assert set(about_head.subject_users.all()) == {head, deputy}


@pytest.mark.rule("2.1.4.4")
def test_admin_who_unlinks_own_employee_record_still_cannot_see_complaints_about_them(
    register, admin, client_for
):
    record = EmployeeFactory(user=admin)
    before = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=record)
    record.user = None  # what the admin's "user account" field does
    record.save()
    after = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=record)
    client = client_for(admin)
    for item in (before, after):
        assert not complaints_visible_to(admin).filter(pk=item.pk).exists()
        assert client.get(reverse("complaints:detail", args=[item.pk])).status_code == 404
        url = reverse("admin:complaints_feedbackitem_change", args=[item.pk])
        assert client.get(url).status_code == 404
    register_page = client.get(reverse("complaints:register")).content.decode()
    assert before.register_number not in register_page
    assert after.register_number not in register_page


@pytest.mark.rule("2.1.4.4")
def test_linking_then_unlinking_a_record_registered_without_a_user_reveals_nothing(register, admin):
    # The administrator's record had no account when the complaint about it came in.
    record = EmployeeFactory(user=None, first_name="Dace", last_name="Grava")
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=record)
    assert complaints_visible_to(admin).filter(pk=item.pk).exists()  # nothing ties them yet
    record.user = admin
    record.save()
    assert not complaints_visible_to(admin).filter(pk=item.pk).exists()
    record.user = None  # unlinking again does not bring it back (the record's audit trail)
    record.save()
    assert not complaints_visible_to(admin).filter(pk=item.pk).exists()


@pytest.mark.rule("2.1.4.4", "7.2")
def test_a_head_who_leaves_the_head_authority_still_never_sees_complaints_about_the_head(
    register, head, director, review_authorities
):
    from django.contrib.auth.models import Group

    deputy = UserFactory(username="deputy", roles=[Role.ADMINISTRATOR])
    review_authorities[Authority.HEAD].members.add(deputy)
    item = register(subject_kind=SubjectKind.HEAD, subject_description="")
    review_authorities[Authority.HEAD].members.remove(deputy)
    assert not complaints_visible_to(deputy).filter(pk=item.pk).exists()
    # Also the head who gives up the role and the mark: the complaint was about him.
    head.groups.remove(Group.objects.get(name=Role.HEAD.value))
    review_authorities[Authority.HEAD].members.remove(head)
    head.groups.add(Group.objects.get(name=Role.ADMINISTRATOR.value))
    record = head.employee
    record.is_head = False
    record.save()
    head = type(head).objects.get(pk=head.pk)  # the roles are cached on the instance
    assert complaints_visible_to(head).filter(pk=register().pk).exists()
    assert not complaints_visible_to(head).filter(pk=item.pk).exists()


@pytest.mark.rule("2.1.4.4", "7.2")
def test_complaint_naming_the_heads_unlinked_record_goes_to_the_director(
    register, head, director, client_for, django_capture_on_commit_callbacks
):
    record = head.employee
    record.user = None
    record.save()
    with django_capture_on_commit_callbacks(execute=True):
        item = register(
            subject_kind=SubjectKind.EMPLOYEE, subject_employee=record, subject_description=""
        )
    assert item.subject_kind == SubjectKind.HEAD
    assert (item.authority.kind, item.routing_clause) == (Authority.EXECUTIVE_DIRECTOR, "7.2")
    assert told(head) == []
    assert not complaints_visible_to(head).filter(pk=item.pk).exists()
    # Linked again: nothing appears in the head's register.
    record.user = head
    record.save()
    head.refresh_from_db()
    assert not complaints_visible_to(head).filter(pk=item.pk).exists()
    page = client_for(head).get(reverse("complaints:register")).content.decode()
    assert item.register_number not in page
    assert client_for(head).get(reverse("complaints:detail", args=[item.pk])).status_code == 404


@pytest.mark.rule("2.1.4.4", "7.2")
def test_an_employee_marked_head_is_the_head_without_the_role(register, director):
    # A board member who also administers the desk: no head role, not in the HEAD authority.
    board_member = EmployeeFactory(
        is_head=True, user=UserFactory(username="valde2", roles=[Role.ADMINISTRATOR])
    )
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=board_member)
    assert item.subject_kind == SubjectKind.HEAD
    assert item.authority.kind == Authority.EXECUTIVE_DIRECTOR
    # They never see complaints about the head, though they see every other item.
    about_head = register(subject_kind=SubjectKind.HEAD, subject_description="")
    assert board_member.user in about_head.subject_users.all()
    visible = complaints_visible_to(board_member.user)
    assert not visible.filter(pk__in=[item.pk, about_head.pk]).exists()
    assert visible.filter(pk=register().pk).exists()
    # Nor one registered before they were marked, about the head.
    board_member.is_head = False
    board_member.save()
    earlier = register(subject_kind=SubjectKind.HEAD, subject_description="")
    assert visible.filter(pk=earlier.pk).exists()
    board_member.is_head = True
    board_member.save()
    assert not complaints_visible_to(board_member.user).filter(pk=earlier.pk).exists()


@pytest.mark.rule("2.1.4.4")
def test_linking_another_persons_record_to_oneself_reveals_nothing_new(register, admin, expert):
    """An administrator links the expert's record to their own account: they are then the
    record's (current) user, so the complaints about it stay hidden from them too."""
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=expert.employee)
    assert complaints_visible_to(admin).filter(pk=item.pk).exists()
    record = expert.employee
    record.user = admin
    record.save()
    assert not complaints_visible_to(admin).filter(pk=item.pk).exists()
    assert expert in item.subject_users.all()  # and the expert stays its subject


# --- Ethics complaints may name the employee ---------------------------------------------------


@pytest.mark.rule("7.3", "2.1.4.4")
def test_ethics_complaint_naming_an_employee_stays_with_the_commission(
    register, head, expert, ethics
):
    item = register(
        subject_kind=SubjectKind.ETHICS, subject_employee=expert.employee, subject_description=""
    )
    assert item.subject_employee == expert.employee
    assert (item.authority.kind, item.routing_clause) == (Authority.ETHICS_COMMISSION, "7.3")
    assert set(item.subject_users.all()) == {expert}


@pytest.mark.rule("7.3")
def test_whom_an_ethics_complaint_names_stays_with_the_commission(
    register, expert, ethics, admin, client_for
):
    item = register(
        subject_kind=SubjectKind.ETHICS, subject_employee=expert.employee, subject_description=""
    )
    name = expert.employee.full_name
    detail = reverse("complaints:detail", args=[item.pk])
    admin_change = reverse("admin:complaints_feedbackitem_change", args=[item.pk])
    for url in (reverse("complaints:register"), detail, admin_change):
        page = client_for(admin).get(url)
        assert page.status_code == 200
        assert name not in page.content.decode(), url
    assert name in client_for(ethics).get(detail).content.decode()


@pytest.mark.rule("7.3", "2.1.4.4")
def test_ethics_complaint_naming_the_administrator_is_hidden_from_them(register, admin, ethics):
    record = EmployeeFactory(user=admin)
    item = register(
        subject_kind=SubjectKind.ETHICS, subject_employee=record, subject_description=""
    )
    assert item.authority.kind == Authority.ETHICS_COMMISSION
    assert not complaints_visible_to(admin).filter(pk=item.pk).exists()
    assert complaints_visible_to(ethics).filter(pk=item.pk).exists()


@pytest.mark.rule("7.3", "2.1.4.4")
def test_ethics_complaint_about_the_head_keeps_every_head_out(register, head, ethics):
    item = register(
        subject_kind=SubjectKind.ETHICS, subject_employee=head.employee, subject_description=""
    )
    assert item.authority.kind == Authority.ETHICS_COMMISSION
    assert head in item.subject_users.all()
    assert not complaints_visible_to(head).filter(pk=item.pk).exists()
    assert not Notification.objects.filter(recipient=head).exists()


@pytest.mark.rule("7.3")
def test_the_front_desk_form_takes_the_employee_of_an_ethics_complaint(
    reception, head, ethics, client_for
):
    response = client_for(reception).post(
        reverse("complaints:new"),
        {
            "kind": "complaint",
            "channel": "visit",
            "received_on": "2026-11-16",
            "client_name": "Jānis Ozols",
            "text": "Valdes loceklis pieprasīja pateicību.",
            "subject_kind": "ethics",
            "subject_employee": head.employee.pk,
        },
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.subject_employee == head.employee
    assert item.authority.kind == Authority.ETHICS_COMMISSION
    assert head in item.subject_users.all()


@pytest.mark.rule("7.3")
def test_the_public_form_takes_the_employee_of_an_ethics_complaint(
    review_authorities, expert, ethics
):
    from django.test import Client

    response = Client().post(
        "/p/",
        {
            "kind": Kind.COMPLAINT,
            "subject_kind": SubjectKind.ETHICS,
            "subject_employee": expert.employee.pk,
            "text": "Darbinieks piedāvāja nokārtot lietu par samaksu.",
            "client_name": "Anna Bērziņa",
            "client_email": "anna@example.lv",
            "reply_channel": "email",
            "privacy_accepted": "on",
            "website": "",
        },
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.subject_employee == expert.employee
    assert item.authority.kind == Authority.ETHICS_COMMISSION


# --- Never to an authority that includes a subject -------------------------------------------


@pytest.mark.rule("2.1.4.4", "7.2", "7.3")
def test_ethics_complaint_about_a_commission_member_goes_to_the_director(
    register, ethics, director
):
    EmployeeFactory(user=ethics)
    item = register(
        subject_kind=SubjectKind.ETHICS, subject_employee=ethics.employee, subject_description=""
    )
    assert (item.authority.kind, item.routing_clause) == (Authority.EXECUTIVE_DIRECTOR, "7.2")
    assert item.series == Authority.EXECUTIVE_DIRECTOR
    routing = item.routings.get()
    assert routing.clause == "7.2" and "2.1.4.4" in routing.note
    assert "2.1.4.4" in item.history.get(event="registered").note
    assert not Notification.objects.filter(recipient=ethics).exists()
    assert Notification.objects.filter(recipient=director, object_id=item.pk).exists()


@pytest.mark.rule("2.1.4.4", "7.2")
def test_a_routing_table_that_sends_ethics_to_the_head_is_overruled_for_an_item_about_him(
    register, head, director
):
    RoutingRule.objects.filter(item_kind=Kind.COMPLAINT, subject_kind=SubjectKind.ETHICS).update(
        authority_kind=Authority.HEAD, clause="7.1"
    )
    item = register(
        subject_kind=SubjectKind.ETHICS, subject_employee=head.employee, subject_description=""
    )
    assert (item.authority.kind, item.routing_clause) == (Authority.EXECUTIVE_DIRECTOR, "7.2")
    assert "2.1.4.4" in item.history.get(event="registered").note
    assert not Notification.objects.filter(recipient=head).exists()


@pytest.mark.rule("2.1.4.4", "7.2", "7.3")
def test_an_appeal_never_reopens_with_an_authority_that_now_includes_the_subject(
    register, expert, ethics, director, reception, review_authorities
):
    item = register(
        subject_kind=SubjectKind.ETHICS, subject_employee=expert.employee, subject_description=""
    )
    item = close(item, ethics)
    # Meanwhile the employee complained about joined the Ethics Commission.
    review_authorities[Authority.ETHICS_COMMISSION].members.add(expert)
    item = workflow.feedback_appeal(
        actor=reception, item=item, expected_version=item.version, reason="Nepiekrītu."
    )
    assert (item.authority.kind, item.routing_clause) == (Authority.EXECUTIVE_DIRECTOR, "7.2")
    last = item.routings.last()
    assert last.reason == Routing.Reason.APPEAL and "2.1.4.4" in last.note
    assert not Notification.objects.filter(recipient=expert).exists()


@pytest.mark.rule("2.1.4.4", "7.3")
def test_the_commission_cannot_reroute_an_ethics_complaint_about_the_head_to_the_head(
    register, head, ethics, client_for
):
    item = register(
        subject_kind=SubjectKind.ETHICS, subject_employee=head.employee, subject_description=""
    )
    with pytest.raises(ValidationError) as refused:
        workflow.feedback_reroute(
            actor=ethics,
            item=item,
            expected_version=item.version,
            authority_kind=Authority.HEAD,
            reason="Lai vadītājs izskata pats.",
        )
    assert "authority_kind" in refused.value.message_dict
    # The page shows why, in Latvian, and nothing moves.
    response = client_for(ethics).post(
        reverse("complaints:act", args=[item.pk, "reroute"]),
        {
            "reroute-version": item.version,
            "reroute-authority_kind": Authority.HEAD,
            "reroute-reason": "Lai vadītājs izskata pats.",
        },
    )
    assert response.status_code == 400
    message = lv(
        "%(authority)s includes a person this item is about, so it cannot review it "
        "(2.1.4.4). Choose another authority."
    ) % {"authority": lv("Head of institution")}
    assert message in response.content.decode()
    item.refresh_from_db()
    assert item.authority.kind == Authority.ETHICS_COMMISSION
    assert not Notification.objects.filter(recipient=head).exists()
    assert not complaints_visible_to(head).filter(pk=item.pk).exists()
