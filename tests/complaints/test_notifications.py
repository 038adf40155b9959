"""The 4.11 notification, the client's acknowledgement and extension notice, the clause-8
report, and deadline reminders — never to a person the item is about (2.1.4.4)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from complaints.models import FeedbackItem, Kind, State, SubjectKind
from complaints.register.services import registration, reminders, workflow
from servicedesk.models import Notification, ReviewAuthority

Authority = ReviewAuthority.Kind
EMAIL, IN_APP = Notification.Channel.EMAIL, Notification.Channel.IN_APP


def notes_for(user, item=None):
    rows = Notification.objects.filter(recipient=user)
    if item is not None:
        rows = rows.filter(object_id=str(item.pk))
    return rows


@pytest.mark.rule("4.11", "7.1")
def test_head_gets_email_and_in_app_notice_for_complaint_about_employee(
    register, head, expert, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        item = register(
            subject_kind=SubjectKind.EMPLOYEE,
            subject_employee=expert.employee,
            channel="phone",
            text="Darbinieks runāja rupji.",
        )
    rows = notes_for(head, item).filter(kind="complaint_registered")
    assert set(rows.values_list("channel", flat=True)) == {EMAIL, IN_APP}
    assert {r.rule_clause for r in rows} == {"4.11"}
    email = rows.get(channel=EMAIL)
    assert item.register_number in email.subject
    assert item.register_number in email.body
    assert "Darbinieks runāja rupji." in email.body  # the summary
    assert email.link == f"/complaints/{item.pk}/"
    # Delivered after the commit, by the outbox task.
    assert any(m.to == [head.email] and item.register_number in m.subject for m in mailoutbox)
    assert Notification.objects.get(pk=email.pk).status == Notification.Status.SENT


@pytest.mark.rule("4.11")
@pytest.mark.parametrize("kind", [Kind.SUGGESTION, Kind.CLAIM, Kind.FEEDBACK])
def test_every_kind_of_feedback_notifies_the_head(register, head, kind):
    item = register(kind=kind, subject_kind="")
    assert notes_for(head, item).filter(kind="complaint_registered", channel=IN_APP).exists()


@pytest.mark.rule("4.11")
def test_notification_is_written_in_the_same_transaction_as_the_item(register, head, expert):
    """If registering fails after the notice was written, neither remains."""
    count_before = Notification.objects.count()
    with pytest.raises(RuntimeError), pytest.MonkeyPatch.context() as mp:

        def boom(item, *, actor, **kwargs):
            raise RuntimeError("after notifying")

        mp.setattr(registration, "_send_acknowledgement", boom)
        register()
    assert FeedbackItem.objects.count() == 0
    assert Notification.objects.count() == count_before


@pytest.mark.rule("4.11", "7.2", "2.1.4.4")
def test_complaint_about_head_notifies_director_and_nothing_reaches_head(
    register, head, director, review_authorities
):
    item = register(subject_kind=SubjectKind.HEAD, subject_description="")
    assert (
        notes_for(director, item)
        .filter(kind="complaint_registered", channel__in=[EMAIL, IN_APP])
        .count()
        == 2
    )
    assert not Notification.objects.filter(recipient=head).exists()
    head_mailbox = review_authorities[Authority.HEAD].email
    assert not Notification.objects.filter(email=head_mailbox).exists()


@pytest.mark.rule("4.11", "7.3")
def test_ethics_complaint_notifies_the_commission_not_the_head(
    register, head, ethics, review_authorities
):
    item = register(subject_kind=SubjectKind.ETHICS, subject_description="")
    assert notes_for(ethics, item).filter(kind="complaint_registered").count() == 2
    commission_mailbox = review_authorities[Authority.ETHICS_COMMISSION].email
    assert Notification.objects.filter(email=commission_mailbox, recipient=None).exists()
    assert not notes_for(head, item).exists()


@pytest.mark.rule("2.1.4.4", "7.2")
def test_complaint_naming_a_member_of_the_head_authority_goes_to_the_director(
    register, head, unithead, director, review_authorities
):
    # The unit head also sits in the HEAD authority (a deputy); a complaint names her.
    review_authorities[Authority.HEAD].members.add(unithead)
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=unithead.employee)
    assert item.authority.kind == Authority.EXECUTIVE_DIRECTOR
    assert not notes_for(unithead).exists()
    assert not notes_for(head).exists()
    assert notes_for(director, item).exists()


@pytest.mark.rule("2.1.4.4")
def test_subject_who_sits_in_the_new_authority_is_not_told_of_a_reroute(
    register, head, ethics, review_authorities
):
    from django.core.exceptions import ValidationError

    from tests.factories import EmployeeFactory

    EmployeeFactory(user=ethics)
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=ethics.employee)
    # The Commission includes the person the item is about: the re-route is refused.
    with pytest.raises(ValidationError) as refused:
        workflow.feedback_reroute(
            actor=head,
            item=item,
            expected_version=item.version,
            authority_kind=Authority.ETHICS_COMMISSION,
            reason="Ētika.",
        )
    assert "authority_kind" in refused.value.message_dict
    item.refresh_from_db()
    assert item.authority.kind == Authority.HEAD
    assert not notes_for(ethics).exists()
    # The Commission's shared mailbox could reach her: it is left out as well.
    assert not Notification.objects.filter(
        email=review_authorities[Authority.ETHICS_COMMISSION].email
    ).exists()


@pytest.mark.rule("4.11")
def test_authority_mailbox_receives_the_notice(register, head, review_authorities):
    register()
    assert Notification.objects.filter(
        email=review_authorities[Authority.HEAD].email, kind="complaint_registered"
    ).exists()


def test_client_acknowledgement_names_the_role_and_deadline_in_latvian(register, head):
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=head.employee)
    ack = Notification.objects.get(kind="complaint_acknowledgement")
    assert ack.email == "anna@example.lv"
    assert ack.language == "lv"
    assert item.register_number in ack.body
    assert item.reply_due.strftime("%d.%m.%Y.") in ack.body
    assert head.last_name not in ack.body and head.first_name not in ack.body
    item.refresh_from_db()
    assert item.state == State.ACKNOWLEDGED


def test_without_client_email_no_acknowledgement_and_item_stays_registered(register):
    item = register(client_email="")
    assert not Notification.objects.filter(kind="complaint_acknowledgement").exists()
    assert item.state == State.REGISTERED


def test_extension_sends_the_client_a_notice_with_the_reason(register, head):
    item = register()
    item = workflow.feedback_extend(
        actor=head,
        item=item,
        expected_version=item.version,
        reason="Nepieciešama informācija no pašvaldības.",
    )
    assert item.is_extended
    assert item.reply_due > item.received_on + timedelta(days=27)
    notice = Notification.objects.get(kind="complaint_extension")
    assert notice.email == "anna@example.lv"
    assert "Nepieciešama informācija no pašvaldības." in notice.body
    assert item.reply_due.strftime("%d.%m.%Y.") in notice.body
    assert item.history.filter(event="extended").exists()


def _through_to_answered(item, reviewer, **decision):
    item = workflow.feedback_start_review(actor=reviewer, item=item, expected_version=item.version)
    item = workflow.feedback_decide(
        actor=reviewer,
        item=item,
        expected_version=item.version,
        outcome=decision.get("outcome", "upheld"),
        decision_text="Darbiniekam izteikts aizrādījums.",
        rules_violation=decision.get("rules_violation"),
    )
    return workflow.feedback_answer(
        actor=reviewer, item=item, expected_version=item.version, reply_text="Atvainojamies."
    )


@pytest.mark.rule("8")
def test_closing_a_rules_violation_complaint_reports_to_the_ethics_commission(
    about_expert, head, ethics, review_authorities
):
    item = _through_to_answered(about_expert, head, rules_violation=True)
    workflow.feedback_close(actor=head, item=item, expected_version=item.version)
    commission_mail = Notification.objects.get(
        kind="complaint_clause8", email=review_authorities[Authority.ETHICS_COMMISSION].email
    )
    assert commission_mail.rule_clause == "8"
    assert item.register_number in commission_mail.body
    assert "Darbiniekam izteikts aizrādījums." in commission_mail.body  # the decision
    assert "Darbinieks bija nepieklājīgs." in commission_mail.body  # the summary
    in_app = notes_for(ethics).get(kind="complaint_clause8")
    assert in_app.channel == IN_APP


@pytest.mark.rule("8")
def test_closing_an_ordinary_service_complaint_sends_no_clause_8_report(register, head, ethics):
    item = _through_to_answered(register(), head, rules_violation=False)
    workflow.feedback_close(actor=head, item=item, expected_version=item.version)
    assert not Notification.objects.filter(kind="complaint_clause8").exists()


@pytest.mark.rule("8", "7.3")
def test_closing_an_ethics_complaint_sends_no_clause_8_report(register, ethics):
    item = register(subject_kind=SubjectKind.ETHICS, rules_violation=True)
    item = _through_to_answered(item, ethics, rules_violation=True)
    workflow.feedback_close(actor=ethics, item=item, expected_version=item.version)
    assert not Notification.objects.filter(kind="complaint_clause8").exists()


def _open_item_due(register, due):
    item = register()
    FeedbackItem.objects.filter(pk=item.pk).update(reply_due=due)
    return item


@pytest.mark.rule("4.11")
def test_reviewer_is_reminded_two_working_days_before_the_deadline_once(register, head):
    today = date(2026, 11, 16)  # Monday; 18.11. is a holiday
    item = _open_item_due(register, date(2026, 11, 19))  # two working days ahead
    far = _open_item_due(register, date(2026, 11, 26))
    assert reminders.deadline_reminders_send(today=today) == 1
    assert reminders.deadline_reminders_send(today=today) == 1  # same rows, nothing new
    rows = notes_for(head).filter(kind="complaint_due_soon")
    assert rows.count() == 2  # e-mail + in-app, once
    assert {r.object_id for r in rows} == {str(item.pk)}
    assert not notes_for(head, far).filter(kind="complaint_due_soon").exists()


def test_reviewer_is_reminded_when_the_deadline_has_passed(register, head):
    item = _open_item_due(register, date(2026, 11, 13))
    reminders.deadline_reminders_send(today=date(2026, 11, 16))
    reminders.deadline_reminders_send(today=date(2026, 11, 17))
    assert notes_for(head, item).filter(kind="complaint_overdue").count() == 2


def test_answered_items_get_no_reminders(register, head):
    item = _through_to_answered(register(), head)
    FeedbackItem.objects.filter(pk=item.pk).update(reply_due=timezone.localdate())
    reminders.deadline_reminders_send()
    assert not Notification.objects.filter(
        kind__in=["complaint_due_soon", "complaint_overdue"]
    ).exists()


@pytest.mark.rule("2.1.4.4")
def test_reminders_skip_a_reviewer_who_is_the_subject(register, head, director, review_authorities):
    item = register(subject_kind=SubjectKind.HEAD)
    review_authorities[Authority.EXECUTIVE_DIRECTOR].members.add(head)  # an odd setup
    FeedbackItem.objects.filter(pk=item.pk).update(reply_due=date(2026, 11, 13))
    reminders.deadline_reminders_send(today=date(2026, 11, 16))
    assert notes_for(director, item).filter(kind="complaint_overdue").exists()
    assert not notes_for(head).exists()


@pytest.mark.rule("4.11")
def test_public_submission_without_an_actor_is_registered_and_notifies_the_head(
    head, review_authorities
):
    item = registration.feedback_register(
        actor=None,
        data=registration.FeedbackInput(
            kind=Kind.SUGGESTION,
            channel="web_form",
            text="Lūdzu, biežāku izvešanu.",
            client_name="Ilze Kalna",
            client_email="ilze@example.lv",
        ),
    )
    assert item.registered_by is None
    assert item.history.get(event="registered").actor is None
    assert notes_for(head, item).filter(kind="complaint_registered").count() == 2
