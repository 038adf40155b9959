"""The notification outbox: rows written in the caller's transaction, delivered after commit,
claimed once, retried with backoff, swept when the fast path was missed; the inbox and the
admin's outbox list."""

import copy
import re
import smtplib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from servicedesk import notification_kinds
from servicedesk.models import Notification
from servicedesk.roles import roles_of
from servicedesk.selectors.notifications import inbox_for, unread_count
from servicedesk.services import notifications as outbox
from servicedesk.services.notifications import (
    notification_create,
    notification_deliver,
    notifications_sweep,
    notify_address,
    notify_user,
)
from servicedesk.tasks import deliver_notification
from tests.factories import UserFactory

EMAIL = Notification.Channel.EMAIL
IN_APP = Notification.Channel.IN_APP
Status = Notification.Status


@pytest.fixture
def message_template(settings, tmp_path):
    """A subject/body pair that shows which language was active while it was rendered."""
    folder = tmp_path / "templates" / "testmessages"
    folder.mkdir(parents=True)
    (folder / "hello_subject.txt").write_text(
        "{% load i18n %}{% get_current_language as lang %}\nHello {{ recipient.first_name }}"
        " [{{ lang }}]\n"
    )
    (folder / "hello_body.txt").write_text(
        "{% load i18n %}{% get_current_language as lang %}Complaint {{ number }} from"
        " “A & B”. Rendered in {{ lang }}."
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path / "templates", *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    return "testmessages/hello"


def _notify(user, template, key="complaint-1:registered", **kwargs):
    return notify_user(
        user=user,
        kind="complaint_registered",
        rule_clause="4.11",
        template=template,
        context={"number": "S-2026/1"},
        link="/complaints/1/",
        key=key,
        **kwargs,
    )


def _row(user=None, email="", channel=EMAIL, key="k1"):
    """A pending row whose on-commit delivery never runs (the test transaction never commits)."""
    return notification_create(
        recipient=user,
        email=email,
        channel=channel,
        kind="test",
        subject="Subject",
        body="Body",
        idempotency_key=key,
    )


@pytest.fixture
def failing_smtp(monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("421 mail.aadso.lv closing connection")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)


# --- Written in the caller's transaction, delivered on commit -------------------------------


def test_notification_rolls_back_with_the_change_that_caused_it(
    reception, message_template, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify(reception, message_template)
        assert Notification.objects.count() == 2
        raise RuntimeError("the complaint could not be saved")

    assert Notification.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.rule("4.11")
def test_email_is_sent_as_soon_as_the_change_commits(
    head, message_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        rows = _notify(head, message_template)
        assert mail.outbox == []  # nothing leaves before the commit

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["head@aadso.lv"]
    assert message.subject == "Hello Aivars [lv]"
    assert "Complaint S-2026/1 from “A & B”." in message.body  # plain text, not HTML-escaped
    assert "http://127.0.0.1:8000/complaints/1/" in message.body
    assert "noteikumu 4.11. punktu" in message.body  # the Latvian footer names the clause
    assert {r.channel for r in rows} == {EMAIL, IN_APP}
    for row in Notification.objects.all():
        assert row.status == Status.SENT
        assert row.sent_at is not None
        assert row.attempts == 1


def test_repeated_idempotency_key_does_not_notify_twice(
    reception, message_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(reception, message_template)
        again = _notify(reception, message_template)

    assert [r.pk for r in first] == [r.pk for r in again]
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 1


def test_user_without_an_address_gets_only_the_inbox(
    outsider, message_template, django_capture_on_commit_callbacks
):
    outsider.email = ""
    outsider.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = _notify(outsider, message_template)

    assert [r.channel for r in rows] == [IN_APP]
    assert mail.outbox == []


def test_address_without_account_gets_an_email_with_the_clause_in_the_footer(
    review_authorities, message_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = notify_address(
            email="ethics_commission@example.lv",
            kind="ethics_report",
            rule_clause="8",
            template=message_template,
            context={"number": "S-2026/7"},
            key="complaint-7:ethics-report",
        )

    assert row.recipient is None
    assert mail.outbox[0].to == ["ethics_commission@example.lv"]
    assert "klientu apkalpošanas noteikumu 8. punktu" in mail.outbox[0].body


# --- Recipient's language --------------------------------------------------------------------


def test_message_is_rendered_in_the_recipients_language(
    reception, reception2, message_template, django_capture_on_commit_callbacks
):
    reception2.employee.language = "en"
    reception2.employee.save()

    with translation.override("lv"), django_capture_on_commit_callbacks(execute=True):
        _notify(reception, message_template, key="a")
        _notify(reception2, message_template, key="b")
        assert translation.get_language() == "lv"  # the caller's language is left alone

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "reception@aadso.lv": "Hello Laura [lv]",
        "reception2@aadso.lv": "Hello Mārtiņš [en]",
    }
    english = Notification.objects.get(recipient=reception2, channel=IN_APP)
    assert english.language == "en"
    assert english.body.endswith("Rendered in en.")


# --- Claim, retry, failure -------------------------------------------------------------------


def test_claim_is_exclusive(reception):
    row = _row(reception)

    assert notification_deliver(notification_id=row.pk) is True
    assert notification_deliver(notification_id=row.pk) is False  # a duplicate task

    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)


def test_row_being_sent_by_another_worker_is_not_sent_again(reception):
    row = _row(reception)
    Notification.objects.filter(pk=row.pk).update(status=Status.SENDING, claimed_at=timezone.now())

    assert notification_deliver(notification_id=row.pk) is False
    assert mail.outbox == []


def test_smtp_failure_backs_off_then_fails_after_the_last_attempt(
    reception, settings, failing_smtp
):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.NOTIFY_BACKOFF_SECONDS = 30
    row = _row(reception)

    before = timezone.now()
    assert notification_deliver(notification_id=row.pk) is False
    row.refresh_from_db()
    assert row.status == Status.PENDING
    assert row.attempts == 1
    assert "421 mail.aadso.lv closing connection" in row.last_error
    assert timedelta(seconds=29) < row.next_attempt_at - before < timedelta(seconds=32)

    # Not due yet: a stray task does nothing.
    assert notification_deliver(notification_id=row.pk) is False
    row.refresh_from_db()
    assert row.attempts == 1

    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    before = timezone.now()
    notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.PENDING, 2)
    assert timedelta(seconds=59) < row.next_attempt_at - before < timedelta(seconds=62)

    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 3)
    assert row.next_attempt_at is None
    assert "SMTPServerDisconnected" in row.last_error
    assert mail.outbox == []


def test_message_id_is_the_same_on_every_attempt(reception, monkeypatch):
    row = _row(reception)
    seen = []

    def fail_once(self, messages):
        seen.append(messages[0].message()["Message-ID"])
        raise smtplib.SMTPException("timeout")

    monkeypatch.setattr(EmailBackend, "send_messages", fail_once)
    notification_deliver(notification_id=row.pk)
    monkeypatch.undo()
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=None)
    notification_deliver(notification_id=row.pk)

    row.refresh_from_db()
    expected = row.message_id
    assert re.fullmatch(r"<notification\.[0-9a-f]{32}@127\.0\.0\.1>", expected)
    assert seen == [expected]
    assert mail.outbox[0].message()["Message-ID"] == expected


# --- The sweeper -----------------------------------------------------------------------------


def test_sweeper_delivers_due_and_stuck_rows_and_leaves_the_rest(
    reception, django_capture_on_commit_callbacks
):
    now = timezone.now()
    due = _row(reception, key="due")
    retry_due = _row(reception, key="retry-due")
    not_yet = _row(reception, key="not-yet")
    stuck = _row(reception, key="stuck")
    busy = _row(reception, key="busy")
    Notification.objects.filter(pk=retry_due.pk).update(
        attempts=1, next_attempt_at=now - timedelta(seconds=1)
    )
    Notification.objects.filter(pk=not_yet.pk).update(
        attempts=1, next_attempt_at=now + timedelta(minutes=5)
    )
    Notification.objects.filter(pk=stuck.pk).update(
        status=Status.SENDING, attempts=1, claimed_at=now - timedelta(minutes=10)
    )
    Notification.objects.filter(pk=busy.pk).update(
        status=Status.SENDING, attempts=1, claimed_at=now - timedelta(seconds=10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        queued = notifications_sweep()

    assert sorted(queued) == sorted([due.pk, retry_due.pk, stuck.pk])
    assert len(mail.outbox) == 3
    statuses = dict(Notification.objects.values_list("idempotency_key", "status"))
    assert statuses == {
        "due": Status.SENT,
        "retry-due": Status.SENT,
        "stuck": Status.SENT,
        "not-yet": Status.PENDING,
        "busy": Status.SENDING,
    }


def test_row_stuck_on_its_last_attempt_fails(reception, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    row = _row(reception)
    Notification.objects.filter(pk=row.pk).update(
        status=Status.SENDING, attempts=2, claimed_at=timezone.now() - timedelta(hours=1)
    )

    assert notifications_sweep() == []
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.last_error


@pytest.mark.rule("4.11")
def test_broker_down_does_not_fail_the_request_and_the_sweeper_delivers_later(
    head, message_template, monkeypatch, django_capture_on_commit_callbacks
):
    calls = 0

    def broker_down(*args, **kwargs):
        nonlocal calls
        calls += 1
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)  # undo() resets the pause
    monkeypatch.setattr(deliver_notification, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        rows = _notify(head, message_template)
        rows += _notify(head, message_template, key="second")

    assert mail.outbox == []
    emails = [r for r in rows if r.channel == EMAIL]
    assert {r.status for r in Notification.objects.filter(channel=EMAIL)} == {Status.PENDING}
    # The in-app notices are in the inbox already: they need no broker.
    assert {r.status for r in Notification.objects.filter(channel=IN_APP)} == {Status.SENT}
    assert calls == 1  # two e-mails, one wait for the broker: the second is left to the sweeper

    monkeypatch.undo()  # Redis is back
    with django_capture_on_commit_callbacks(execute=True):
        queued = notifications_sweep()

    assert sorted(queued) == sorted(r.pk for r in emails)
    assert len(mail.outbox) == 2
    assert {r.status for r in Notification.objects.all()} == {Status.SENT}


def test_sweep_task_runs_the_sweeper(reception, django_capture_on_commit_callbacks):
    from servicedesk.tasks import sweep_notifications

    _row(reception)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_notifications() == 1
    assert len(mail.outbox) == 1


# --- The inbox -------------------------------------------------------------------------------


def _in_app(user, key, subject="Subject", link=""):
    row = notification_create(
        recipient=user,
        channel=IN_APP,
        kind="test",
        subject=subject,
        body="Body",
        link=link,
        idempotency_key=key,
    )
    notification_deliver(notification_id=row.pk)
    return row


def test_inbox_lists_only_my_notifications_with_the_unread_count(reception, reception2, client_for):
    _in_app(reception, "mine-1", subject="Callback due for Jānis Ozols")
    read = _in_app(reception, "mine-2", subject="Order issue noted")
    _in_app(reception2, "theirs", subject="Somebody else's complaint")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())

    response = client_for(reception).get(reverse("inbox"))

    html = response.content.decode()
    assert "Callback due for Jānis Ozols" in html
    assert "Order issue noted" in html
    assert "Somebody else&#x27;s complaint" not in html
    assert html.count("inbox-unread") == 1
    assert response.context["unread_notifications"] == 1
    assert 'aria-label="1 neizlasīts">1</span>' in html  # the badge in the navigation


def test_mark_one_read_and_all_read(reception, client_for):
    first = _in_app(reception, "a")
    _in_app(reception, "b")
    _in_app(reception, "c")
    client = client_for(reception)

    response = client.post(reverse("inbox_read", args=[first.pk]))
    assert response.status_code == 302
    assert unread_count(reception) == 2
    first.refresh_from_db()
    assert first.read_at is not None

    client.post(reverse("inbox_read_all"))
    assert unread_count(reception) == 0


def test_someone_elses_notification_is_not_found(reception, reception2, client_for):
    theirs = _in_app(reception2, "theirs")
    client = client_for(reception)

    assert client.post(reverse("inbox_read", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("inbox_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(reception, client_for):
    row = _in_app(reception, "link", link="/directory/")

    response = client_for(reception).post(reverse("inbox_open", args=[row.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/directory/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_inbox_is_paginated_and_its_query_count_does_not_grow(reception, client_for):
    client = client_for(reception)
    _in_app(reception, "first")
    client.get(reverse("inbox"))  # warm the session
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("inbox"))

    for n in range(30):
        _in_app(reception, f"n{n}", subject=f"Message number {n}")
    with CaptureQueriesContext(connection) as many_rows:
        response = client.get(reverse("inbox"))

    assert len(many_rows) == len(one_row)
    html = response.content.decode()
    assert "Message number 29" in html  # newest first
    assert "Message number 0<" not in html
    second = client.get(reverse("inbox"), {"page": 2}).content.decode()
    assert "Message number 0<" in second


def test_unread_count_is_one_query(reception, django_assert_num_queries):
    """With nothing confidential unread, one grouped COUNT and no gate: the badge is on every
    page. The user's roles are read once per request (servicedesk.roles) before the badge,
    by the navigation."""
    _in_app(reception, "a")
    _in_app(reception, "b")
    roles_of(reception)
    with django_assert_num_queries(1):
        assert unread_count(reception) == 2


# --- The admin's outbox ----------------------------------------------------------------------

CHANGELIST = "/admin/servicedesk/notification/"


def test_admin_sees_status_attempts_and_last_error(admin, reception, client_for, failing_smtp):
    row = _row(reception)
    notification_deliver(notification_id=row.pk)

    response = client_for(admin).get(CHANGELIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "421 mail.aadso.lv closing connection" in html
    assert "reception@aadso.lv" in html
    assert response.context["cl"].result_list[0].attempts == 1


def test_admin_outbox_shows_the_kind_by_its_latvian_label_not_its_code(
    admin, reception, client_for
):
    notification_create(
        recipient=reception,
        channel=IN_APP,
        kind="complaint_head_notice",
        subject="Subject",
        body="Body",
        idempotency_key="label",
    )
    html = client_for(admin).get(CHANGELIST).content.decode()
    with translation.override("lv"):
        label = notification_kinds.label_for("complaint_head_notice")
    assert label != "complaint_head_notice"
    assert f'field-kind_label">{label}<' in html  # the column
    assert f'?kind=complaint_head_notice">{label}</a>' in html  # the filter
    assert "complaint_head_notice<" not in html and ">complaint_head_notice" not in html


def test_every_message_the_desk_sends_has_a_kind_label(settings):
    """Each message template is a kind (``cases.`` for a contact's, ``privacy.…_part`` for a
    request's part); a new one without a label would show its code in the outbox."""
    root = Path(settings.BASE_DIR)
    kinds = {
        p.name.removesuffix("_subject.txt")
        for p in (root / "templates" / "notifications").glob("*_subject.txt")
    } - {"privacy_part_requested"}
    kinds |= {
        "cases." + p.name.removesuffix("_subject.txt")
        for p in (root / "cases" / "templates" / "cases" / "email").glob("*_subject.txt")
    }
    kinds |= {"privacy.erasure_part", "privacy.export_part"}
    assert len(kinds) > 30
    assert kinds <= set(notification_kinds.LABELS)


def test_admin_changelist_query_count_does_not_grow(admin, reception, reception2, client_for):
    client = client_for(admin)
    _row(reception, key="a")
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as one_row:
        client.get(CHANGELIST)
    for n in range(10):
        _row(reception2 if n % 2 else reception, key=f"n{n}")
    with CaptureQueriesContext(connection) as many_rows:
        client.get(CHANGELIST)

    assert len(many_rows) == len(one_row)


def test_send_again_requeues_a_failed_row_and_delivers_it(
    admin, reception, client_for, django_capture_on_commit_callbacks
):
    row = _row(reception)
    Notification.objects.filter(pk=row.pk).update(
        status=Status.FAILED, attempts=8, last_error="SMTPServerDisconnected"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            CHANGELIST, {"action": "send_again", "_selected_action": [row.pk]}, follow=True
        )

    assert "1 paziņojums ievietots rindā atkārtotai nosūtīšanai." in response.content.decode()
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)


def test_admin_cannot_edit_what_was_sent(admin, reception, client_for):
    row = _row(reception)
    client = client_for(admin)

    page = client.get(f"{CHANGELIST}{row.pk}/change/")
    assert page.status_code == 200
    assert 'name="body"' not in page.content.decode()
    client.post(f"{CHANGELIST}{row.pk}/change/", {"subject": "Edited", "body": "Edited"})
    row.refresh_from_db()
    assert (row.subject, row.body) == ("Subject", "Body")


def test_outbox_admin_is_for_administrators_only(reception, client_for):
    staff_without_role = UserFactory(username="clerk", is_staff=True, roles=["front_desk"])

    assert client_for(staff_without_role).get(CHANGELIST).status_code == 403
    assert client_for(reception).get(CHANGELIST).status_code == 302  # not staff: admin login


def test_a_scope_nobody_registered_counts_for_nobody(reception):
    """A row whose scope type no app registered is confidential by default: the badge does
    not count it, like the inbox does not list it (fail closed)."""
    _in_app(reception, "plain")
    hidden = _in_app(reception, "scoped")
    Notification.objects.filter(pk=hidden.pk).update(scope_type="nowhere.thing", scope_id=1)
    assert unread_count(reception) == 1
    assert hidden.pk not in set(inbox_for(reception).values_list("pk", flat=True))
