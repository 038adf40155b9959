"""The audit trail (2.1.6.1, 2.1.6.2): writes recorded by django-simple-history, reads by
``access_record``; searched by person and by record; the subject rule (2.1.4.4) applies."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from cases.models import Client
from complaints.models import FeedbackItem, SubjectKind
from servicedesk.models import AccessLog
from servicedesk.roles import Role
from tests.complaints.files import pdf_file

pytestmark = pytest.mark.django_db


@pytest.mark.rule("2.1.6.1")
def test_opening_a_client_card_is_recorded_with_who_when_and_address(
    reception, make_client, client_for
):
    client = make_client()
    response = client_for(reception).get(f"/cases/clients/{client.pk}/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    entry = AccessLog.objects.get(record_type="cases.client", record_id=client.pk)
    assert entry.actor == reception
    assert entry.action == "view"
    assert entry.ip_address == "10.1.2.3"
    assert entry.at is not None
    assert "Bērziņa" not in entry.record_label  # the trail holds no personal data


@pytest.mark.rule("2.1.6.1")
def test_viewing_an_item_and_downloading_its_attachment_are_recorded(
    register, reception, head, client_for
):
    item = register(attachments=[pdf_file()])
    attachment = item.attachments.get()
    browser = client_for(head)
    assert browser.get(f"/complaints/{item.pk}/").status_code == 200
    download = browser.get(f"/complaints/{item.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert body.startswith(b"%PDF")
    views = AccessLog.objects.filter(actor=head)
    assert {(e.record_type, e.record_id, e.action) for e in views} == {
        ("complaints.feedbackitem", item.pk, "view"),
        ("complaints.attachment", attachment.pk, "download"),
    }
    assert {e.record_label for e in views} >= {item.register_number}


@pytest.mark.rule("2.1.6.1")
def test_a_hidden_item_is_not_recorded_as_read(register, expert, client_for):
    item = register()
    assert client_for(expert).get(f"/complaints/{item.pk}/").status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.rule("2.1.6.1")
def test_changing_a_client_records_who_and_the_old_and_new_values(
    reception, make_client, client_for, admin
):
    client = make_client()
    response = client_for(reception).post(
        f"/cases/clients/{client.pk}/edit/",
        {
            "kind": "natural",
            "name": "Anna Bērziņa-Kalna",
            "phones": "26 123 456",
            "email": "anna@example.lv",
            "preferred_channel": "phone",
            "preferred_language": "lv",
        },
    )
    assert response.status_code == 302, response.content
    last = Client.audit_trail.filter(id=client.pk).latest()
    assert last.history_user == reception
    changes = {c.field: (c.old, c.new) for c in last.diff_against(last.prev_record).changes}
    assert changes["name"] == ("Anna Bērziņa", "Anna Bērziņa-Kalna")
    # …and the audit screen shows it
    page = client_for(admin).get(f"/audit/?record_type=cases.client&record_id={client.pk}")
    html = page.content.decode()
    assert "Anna Bērziņa-Kalna" in html and "Anna Bērziņa →" in html.replace("&nbsp;", " ")


def test_the_trail_shows_choices_by_their_latvian_names_not_their_codes(
    reception, make_client, client_for, admin
):
    client = make_client()
    client_for(reception).post(
        f"/cases/clients/{client.pk}/edit/",
        {
            "kind": "natural",
            "name": client.name,
            "phones": "26 123 456",
            "email": "anna@example.lv",
            "preferred_channel": "letter",
            "preferred_language": "lv",
        },
    )
    page = client_for(admin).get(
        f"/audit/?record_type=cases.client&record_id={client.pk}", HTTP_ACCEPT_LANGUAGE="lv"
    )
    html = page.content.decode().replace("&nbsp;", " ")
    assert "→ Vēstule" in html
    assert "→ letter" not in html
    assert "Mainīts" in html  # the event, in Latvian (the history library has no Latvian)
    assert ">Changed<" not in html


@pytest.mark.rule("2.1.6.1")
def test_contacts_items_and_attachments_are_recorded_on_creation(
    register, make_client, make_contact, reception
):
    client = make_client()
    contact = make_contact(client=client)
    item = register(attachments=[pdf_file()])
    assert contact.audit_trail.get().history_type == "+"
    assert FeedbackItem.audit_trail.filter(id=item.pk, history_type="+").exists()
    assert item.attachments.get().audit_trail.count() == 1
    assert client.phones.get().audit_trail.count() == 1


@pytest.mark.rule("2.1.6.1")
def test_the_trail_is_searchable_by_person_and_by_record(
    make_client, reception, reception2, admin, dpo, client_for
):
    first, second = make_client(), make_client(name="Jānis Ozols", phones=(), email="")
    client_for(reception).get(f"/cases/clients/{first.pk}/")
    client_for(reception2).get(f"/cases/clients/{second.pk}/")
    for auditor in (admin, dpo):
        by_person = client_for(auditor).get(f"/audit/?person={reception2.pk}")
        assert by_person.status_code == 200
        reads = list(by_person.context["reads"])
        assert [e.record_id for e in reads] == [second.pk]
        by_record = client_for(auditor).get(
            f"/audit/?record_type=cases.client&record_id={first.pk}"
        )
        assert [e.actor for e in by_record.context["reads"]] == [reception]


@pytest.mark.rule("2.1.6.1")
@pytest.mark.parametrize("who", ["reception", "head", "ethics", "outsider"])
def test_only_administrators_and_the_data_protection_contact_open_the_trail(
    who, personas, client_for
):
    assert client_for(personas[who]).get("/audit/").status_code == 403


@pytest.mark.rule("2.1.6.1", "2.1.4.4")
def test_entries_about_an_item_on_the_searcher_are_hidden_from_them(
    register, reception, dpo, admin, client_for, customer_service_unit
):
    item = register(
        subject_kind=SubjectKind.EMPLOYEE, subject_employee=dpo.employee, subject_description=""
    )
    client_for(reception).get(f"/complaints/{item.pk}/")
    assert AccessLog.objects.filter(record_id=item.pk).count() == 1
    # The data protection contact is the subject: neither the read nor the writes show.
    mine = client_for(dpo).get(f"/audit/?record_type=complaints.feedbackitem&record_id={item.pk}")
    assert list(mine.context["reads"]) == []
    assert mine.context["changes"] == []
    assert item.register_number not in mine.content.decode()
    # An administrator who is not the subject sees both.
    theirs = client_for(admin).get(
        f"/audit/?record_type=complaints.feedbackitem&record_id={item.pk}"
    )
    assert len(theirs.context["reads"]) == 1
    assert theirs.context["changes"]


@pytest.mark.rule("2.1.6.1")
def test_changes_of_an_ethics_item_show_no_content_to_an_administrator(
    register, ethics, admin, client_for
):
    item = register(
        subject_kind=SubjectKind.ETHICS, subject_description="", text="Darbinieks pieņēma dāvanu."
    )
    from complaints.register.services import workflow

    item.refresh_from_db()
    workflow.feedback_start_review(actor=ethics, item=item, expected_version=item.version)
    assert FeedbackItem.audit_trail.filter(id=item.pk, history_user=ethics).exists()
    page = client_for(admin).get(f"/audit/?record_type=complaints.feedbackitem&record_id={item.pk}")
    assert page.context["changes"] and all(c.values_hidden for c in page.context["changes"])
    reviewer = client_for(ethics)
    # the Ethics Commission has no audit role; the content check is the admin's side only
    assert reviewer.get("/audit/").status_code == 403


@pytest.mark.rule("2.1.6.1")
def test_the_access_log_is_read_only_in_the_admin(make_client, reception, admin, client_for):
    client = make_client()
    client_for(reception).get(f"/cases/clients/{client.pk}/")
    entry = AccessLog.objects.get()
    browser = client_for(admin)
    assert browser.get("/admin/servicedesk/accesslog/").status_code == 200
    assert browser.get(f"/admin/servicedesk/accesslog/{entry.pk}/delete/").status_code == 403
    browser.post(f"/admin/servicedesk/accesslog/{entry.pk}/change/", {"record_label": "x"})
    entry.refresh_from_db()
    assert entry.record_label != "x"
    assert browser.get("/admin/servicedesk/accesslog/add/").status_code == 403


@pytest.mark.rule("2.1.6.1")
@pytest.mark.skipif(not settings.USING_POSTGRES, reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_to_change_or_delete_an_access_log_row(make_client, reception):
    from servicedesk.services.audit import access_record

    entry = access_record(actor=reception, obj=make_client(), request=None)
    for statement in (
        "UPDATE servicedesk_accesslog SET record_label = 'x' WHERE id = %s",
        "DELETE FROM servicedesk_accesslog WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    assert AccessLog.objects.filter(pk=entry.pk, record_label=entry.record_label).exists()


def test_the_data_protection_role_exists_as_a_group(db):
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name=Role.DATA_PROTECTION).exists()
