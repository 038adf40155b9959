"""The 4.11 notification, the client's acknowledgement and extension notice, the clause-8
report, and deadline reminders — never to a person the item is about (2.1.4.4)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from complaints.models import FeedbackItem, Kind, State, SubjectKind
from complaints.register.services import registration, reminders, workflow
from complaints.selectors import complaints_visible_to
from servicedesk.models import Notification, ReviewAuthority
from servicedesk.selectors.notifications import inbox_for

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
def test_complaint_about_head_notifies_director_and_by_default_nothing_reaches_head(
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


@pytest.mark.rule("4.11", "7.2", "2.1.4.4")
def test_with_the_setting_off_the_head_learns_only_that_a_complaint_about_the_head_exists(
    register, head, director, settings
):
    settings.COMPLAINTS_HEAD_NOTICE_SKIPS_ITEMS_ABOUT_HEAD = False
    item = register(subject_kind=SubjectKind.HEAD, subject_description="", text="Slepens teksts.")
    rows = notes_for(head, item)
    assert set(rows.values_list("kind", flat=True)) == {"complaint_head_notice"}
    assert set(rows.values_list("channel", flat=True)) == {EMAIL, IN_APP}
    for row in rows:
        assert item.register_number in row.body and row.link == ""
        assert "Slepens teksts." not in row.body and "Slepens" not in row.subject
    # The register still does not show it to the head; the notice alone is in the inbox.
    assert not complaints_visible_to(head).filter(pk=item.pk).exists()
    assert inbox_for(head).filter(kind="complaint_head_notice").count() == 1
    settings.COMPLAINTS_HEAD_NOTICE_SKIPS_ITEMS_ABOUT_HEAD = True
    assert not inbox_for(head).exists()


@pytest.mark.rule("4.11", "7.3")
def test_ethics_complaint_reaches_the_commission_and_the_head_learns_only_that_it_exists(
    register, head, ethics, review_authorities, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = register(
            subject_kind=SubjectKind.ETHICS,
            subject_description="Dāvanas",
            text="Darbinieks pieņēma dāvanu no klienta.",
        )
    assert notes_for(ethics, item).filter(kind="complaint_registered").count() == 2
    commission_mailbox = review_authorities[Authority.ETHICS_COMMISSION].email
    assert Notification.objects.filter(email=commission_mailbox, recipient=None).exists()
    # 4.11: the head is told at once, by e-mail and in the inbox, and its mailbox too ...
    rows = notes_for(head, item)
    assert set(rows.values_list("kind", flat=True)) == {"complaint_head_notice"}
    assert set(rows.values_list("channel", flat=True)) == {EMAIL, IN_APP}
    assert {row.rule_clause for row in rows} == {"4.11"}
    head_mailbox = review_authorities[Authority.HEAD].email
    assert Notification.objects.filter(email=head_mailbox, kind="complaint_head_notice").exists()
    # ... of its number and the authority it went to, and of nothing it says; no link.
    mail = next(m for m in mailoutbox if m.to == [head.email])
    for text in (mail.subject, mail.body, *rows.values_list("body", flat=True)):
        assert "dāvan" not in text.lower() and "Dāvanas" not in text
    assert item.register_number in mail.body
    with translation.override("lv"):
        assert str(Authority.ETHICS_COMMISSION.label) in mail.body
    assert f"/complaints/{item.pk}/" not in mail.body
    assert set(rows.values_list("link", flat=True)) == {""}
    # The visibility gate still keeps the item from the head; the notice is in the inbox.
    assert not complaints_visible_to(head).filter(pk=item.pk).exists()
    assert inbox_for(head).filter(kind="complaint_head_notice").count() == 1


@pytest.mark.rule("4.11", "2.1.4.4")
def test_an_ethics_complaint_about_the_head_skips_the_head(register, head, ethics):
    item = register(
        subject_kind=SubjectKind.ETHICS, subject_employee=head.employee, subject_description=""
    )
    assert not notes_for(head, item).exists()
    assert notes_for(ethics, item).exists()


@pytest.mark.rule("2.1.4.4", "7.2")
def test_complaint_naming_a_member_of_the_head_authority_goes_to_the_director(
    register, head, unithead, director, review_authorities
):
    # The unit head also sits in the HEAD authority (a deputy); a complaint names her.
    review_authorities[Authority.HEAD].members.add(unithead)
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=unithead.employee)
    assert item.authority.kind == Authority.EXECUTIVE_DIRECTOR
    assert not notes_for(unithead).exists()
    # A member of the HEAD authority is the head (7.2): the item is about every head, so by
    # default (COMPLAINTS_HEAD_NOTICE_SKIPS_ITEMS_ABOUT_HEAD) no head is told of it.
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


def _decided(item, reviewer, text="Darbiniekam izteikts aizrādījums."):
    item = workflow.feedback_start_review(actor=reviewer, item=item, expected_version=item.version)
    return workflow.feedback_decide(
        actor=reviewer,
        item=item,
        expected_version=item.version,
        outcome="upheld",
        decision_text=text,
    )


def _through_to_answered(item, reviewer):
    item = _decided(item, reviewer)
    return workflow.feedback_answer(
        actor=reviewer, item=item, expected_version=item.version, reply_text="Atvainojamies."
    )


def _head_informs(item):
    """The 7.1 e-mail's opening sentence (clause 8), in Latvian as the e-mail is."""
    with translation.override("lv"):
        return gettext(
            "Under clause 8 of the customer service rules the head of institution informs the "
            "institution's Ethics Commission of complaint %(number)s and the decision on it."
        ) % {"number": item.register_number}


@pytest.fixture
def institution_commission(review_authorities, unithead):
    """The institution's own Ethics Commission (8): the unit head sits on it."""
    commission = review_authorities[Authority.INSTITUTION_ETHICS_COMMISSION]
    commission.email = "etika@aadso.example.lv"
    commission.save(update_fields=["email"])
    commission.members.add(unithead)
    return commission


@pytest.mark.rule("8", "7.1")
def test_deciding_a_complaint_about_an_employee_informs_the_institutions_commission(
    about_expert, head, ethics, unithead, institution_commission, review_authorities
):
    """Every 7.1 complaint, when decided, with the decision; not the municipality's
    commission (7.3), which reviews ethics complaints only."""
    item = _decided(about_expert, head)
    mail = Notification.objects.get(kind="complaint_clause8", email=institution_commission.email)
    assert mail.rule_clause == "8" and mail.link == ""
    assert item.register_number in mail.body
    assert "Darbiniekam izteikts aizrādījums." in mail.body  # the decision
    assert "Darbinieks bija nepieklājīgs." in mail.body  # the summary
    assert _head_informs(item) in mail.body  # 8: the head informs
    assert notes_for(unithead, item).get(kind="complaint_clause8").channel == IN_APP
    assert not notes_for(ethics).filter(kind="complaint_clause8").exists()
    municipal = review_authorities[Authority.ETHICS_COMMISSION].email
    assert not Notification.objects.filter(email=municipal, kind="complaint_clause8").exists()
    informed = gettext(
        "The institution's Ethics Commission is informed of the decision (clause 8)."
    )
    assert informed in item.history.get(to_state=State.DECIDED).note
    # Closing does not tell it again.
    item = workflow.feedback_answer(
        actor=head, item=item, expected_version=item.version, reply_text="Atvainojamies."
    )
    workflow.feedback_close(actor=head, item=item, expected_version=item.version)
    assert Notification.objects.filter(kind="complaint_clause8").count() == 2


@pytest.mark.rule("8", "7.1")
def test_an_ordinary_service_complaint_is_reported_too(register, head, institution_commission):
    _decided(register(), head)
    assert Notification.objects.filter(
        kind="complaint_clause8", email=institution_commission.email
    ).exists()


@pytest.mark.rule("8", "7.2")
def test_the_directors_decision_on_a_complaint_about_the_head_is_reported_without_the_head(
    about_head, head, director, unithead, institution_commission
):
    institution_commission.members.add(head)  # the head sits on it: still never told
    _decided(about_head, director, text="Valdes loceklim izteikts aizrādījums.")
    rows = Notification.objects.filter(kind="complaint_clause8")
    assert set(rows.values_list("recipient", flat=True)) == {unithead.pk}
    assert not Notification.objects.filter(recipient=head).exists()
    # One member is left out, so the shared mailbox is too (the head may read it).
    assert not rows.filter(email=institution_commission.email).exists()
    body = rows.get().body
    assert "Valdes loceklim izteikts aizrādījums." in body
    # The director decided it (7.2): the e-mail does not say that the head informs.
    assert _head_informs(about_head) not in body
    with translation.override("lv"):
        assert str(Authority.EXECUTIVE_DIRECTOR.label).lower() in body.lower()


@pytest.mark.rule("8", "2.1.4.4")
def test_a_member_is_never_told_of_a_complaint_about_their_own_conduct(
    register, head, unithead, institution_commission
):
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=unithead.employee)
    _decided(item, head)
    assert not Notification.objects.filter(recipient=unithead).exists()
    assert not Notification.objects.filter(email=institution_commission.email).exists()


@pytest.mark.rule("8", "7.3")
def test_deciding_an_ethics_complaint_sends_no_clause_8_report(
    register, ethics, institution_commission
):
    item = register(subject_kind=SubjectKind.ETHICS)
    _decided(item, ethics)
    assert not Notification.objects.filter(kind="complaint_clause8").exists()


@pytest.mark.rule("8")
def test_a_commission_not_set_up_is_said_in_the_history(about_expert, head, review_authorities):
    commission = review_authorities[Authority.INSTITUTION_ETHICS_COMMISSION]
    commission.email = ""
    commission.save()
    item = _decided(about_expert, head)
    assert not Notification.objects.filter(kind="complaint_clause8").exists()
    not_informed = gettext(
        "The institution's Ethics Commission has no members or e-mail set up, so it was not "
        "informed (clause 8); ask an administrator."
    )
    assert not_informed in item.history.get(to_state=State.DECIDED).note


def _open_item_due(register, due):
    item = register()
    FeedbackItem.objects.filter(pk=item.pk).update(reply_due=due)
    return item


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


@pytest.mark.rule("8", "4.1.3")
def test_the_clause_8_report_of_a_restricted_item_carries_neither_summary_nor_decision(
    register, head, institution_commission
):
    item = register(is_restricted=True, text="Ierobežotas pieejamības fakts.")
    _decided(item, head, text="Lēmums ar ierobežotu informāciju.")
    mail = Notification.objects.get(kind="complaint_clause8", email=institution_commission.email)
    assert item.register_number in mail.body
    assert "Ierobežotas pieejamības fakts." not in mail.body
    assert "Lēmums ar ierobežotu informāciju." not in mail.body


@pytest.mark.rule("8", "7.2")
def test_an_appealed_complaint_decided_by_the_director_is_not_called_one_about_the_head(
    about_expert, head, director, reception, institution_commission
):
    item = _through_to_answered(about_expert, head)
    item = workflow.feedback_appeal(
        actor=reception, item=item, expected_version=item.version, reason="Nepiekrītu."
    )
    assert item.routing_clause == "7.2"
    _decided(item, director, text="Lēmums pēc pārsūdzības.")
    latest = Notification.objects.filter(
        kind="complaint_clause8", email=institution_commission.email
    ).latest("pk")
    assert "Lēmums pēc pārsūdzības." in latest.body
    assert _head_informs(item) in latest.body
