"""Erasure and retention reach every copy (2.1.6.1): after a client's data is erased, no
table of the database — every text, character and JSON column of every table, the
django-simple-history tables, the outbox, the admin's log — holds their name (in any case
ending, with or without diacritics), their phone number (in any spelling) or their e-mail,
and their attachment's file is gone from the storage.

The scan reads the tables the database itself lists (``connection.introspection``), not the
models, so a column added tomorrow is scanned as soon as it exists. No table is exempt: the
records that legitimately stay (the erasure marks, the request log, the audit trail's labels)
hold only pseudonymous references ("client #12", a register number)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection
from django.utils import timezone

from cases import services as cases_services
from cases.models import Client, WrittenSubmission
from cases.phones import digits
from complaints.models import Outcome, ReviewNote, State, SurveyInvitation
from complaints.register.services import workflow
from complaints.storage import private_root
from complaints.voice.services.surveys import survey_comment, survey_offer_for_contact, survey_rate
from servicedesk.models import Notification
from servicedesk.search import fold
from servicedesk.services import privacy
from servicedesk.services.retention import retention_apply
from tests.complaints.files import pdf_file
from tests.dataprotection import close
from tests.factories import CompetentInstitutionFactory

pytestmark = pytest.mark.django_db

NAME = "Zelma Kvēpšteina"
PHONE = "+371 29 876 543"
EMAIL = "zelma.kvepsteina@example.lv"
#: What must not be found: the stems of the name (so "Zelmai Kvēpšteinai" counts), folded.
STEMS = ("zelm", "kvepstein")
NATIONAL_DIGITS = "29876543"


def _values(value: Any) -> str:
    if isinstance(value, memoryview | bytes):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value if isinstance(value, str) else ""


def hits_in_database() -> list[str]:
    """Every (table, column) whose value holds the person's name, phone or e-mail."""
    found: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = _values(value)
                    if not text:
                        continue
                    folded = fold(text)
                    reasons = [s for s in STEMS if s in folded]
                    if NATIONAL_DIGITS in digits(text):
                        reasons.append("phone")
                    if EMAIL in text.lower():
                        reasons.append("e-mail")
                    if reasons:
                        found.append(f"{table}.{column} ({', '.join(reasons)}): {text[:120]!r}")
    return found


@pytest.fixture
def zelma(
    make_client,
    make_contact,
    register,
    reception,
    head,
    expert,
    unithead,
    admin,
    operations_unit,
    media_root,
):
    """A client with everything the desk can hold about a person, each mentioning them."""
    client = make_client(name=NAME, phones=(PHONE,), email=EMAIL)
    contact = make_contact(
        client=client,
        summary=f"Zvanīja {NAME}, tālr. 29876543, e-pasts {EMAIL}. Konteiners pilns.",
        phone_number=PHONE,
    )
    cases_services.callback_arrange(
        actor=reception,
        contact=contact,
        phone_number="29 87 65 43",
        question=f"Atzvanīt Zelmai Kvēpšteinai par rēķinu ({PHONE})",
        due_at=timezone.now() + timedelta(hours=4),
        owner=reception,
    )
    cases_services.consultation_request(
        actor=reception,
        contact=contact,
        contact_person=expert,
        question=f"Vai Kvēpšteinas kundzei pienākas atlaide? Tālr. {PHONE}",
    )
    cases_services.order_issue_report(
        actor=reception,
        contact=contact,
        unit=operations_unit,
        description="Pasūtījums Zelmai Kvēpšteinai kavējas; zvanīt 0037129876543",
    )
    referral = cases_services.referral_create(
        actor=reception,
        contact=contact,
        reason=f"{NAME} jautā par būvatļauju",
        institution=CompetentInstitutionFactory(),
    )
    cases_services.referral_email_slip(actor=reception, referral=referral, email=EMAIL, context={})
    cases_services.submission_draft_create(
        actor=reception,
        contact=contact,
        addressee="Pašvaldības dome",
        text=f"Es, {NAME}, lūdzu pārskatīt rēķinu. Tālr. {PHONE}, {EMAIL}",
    )
    letter = make_contact(client=client, channel="letter", summary=f"Vēstule no {NAME}")
    submission = cases_services.submission_register(
        actor=reception, contact=letter, subject=f"{NAME} lūdz pārrēķinu"
    )
    cases_services.submission_extend(
        actor=reception, submission=submission, reason="Jānoskaidro Kvēpšteinas līgums"
    )
    cases_services.submission_record_reply(
        actor=reception, submission=submission, reply="Cienījamā Zelma Kvēpšteina, ..."
    )
    # Closed long enough ago that the law no longer keeps it.
    WrittenSubmission.objects.filter(pk=submission.pk).update(
        closed_at=timezone.now() - timedelta(days=6 * 366)
    )
    contact_survey = survey_offer_for_contact(contact_id=contact.pk, email=EMAIL)
    assert contact_survey is not None

    # A complaint with an attachment, reviewed, noted, re-routed, answered and closed.
    item = register(
        client_name=NAME,
        client_email=EMAIL,
        client_phone="29876543",
        text=f"Es, {NAME}, sūdzos: konteiners netiek iztukšots. Zvaniet {PHONE}.",
        attachments=[pdf_file("Kvēpšteina foto.pdf")],
    )
    stored = private_root() / item.attachments.get().file.name
    assert stored.exists()
    if item.state == State.REGISTERED:  # e-mailed items are acknowledged on registration
        item = workflow.feedback_acknowledge(actor=head, item=item, expected_version=item.version)
    item = workflow.feedback_start_review(actor=head, item=item, expected_version=item.version)
    workflow.review_note_add(
        actor=head, item=item, text="Runāju ar Zelmu Kvēpšteinu pa tālruni 29876543"
    )
    item = workflow.feedback_decide(
        actor=head,
        item=item,
        expected_version=item.version,
        outcome=Outcome.UPHELD,
        decision_text="Kvēpšteinas kundzes sūdzība pamatota",
    )
    item = workflow.feedback_answer(
        actor=head,
        item=item,
        expected_version=item.version,
        reply_text="Cienījamā Zelma Kvēpšteina, atvainojamies.",
    )
    item = workflow.feedback_close(actor=head, item=item, expected_version=item.version)
    invitation = SurveyInvitation.objects.get(item=item)
    answer = survey_rate(invitation=invitation, rating=3)
    survey_comment(response=answer, comment=f"Paldies, {NAME}")
    contact_answer = survey_rate(invitation=contact_survey, rating=5)
    survey_comment(response=contact_answer, comment=f"Zelma apmierināta, {EMAIL}")
    # The admin's own log of a change to the card names the client in ``object_repr``.
    LogEntry.objects.log_actions(
        user_id=admin.pk,
        queryset=[client],
        action_flag=CHANGE,
        change_message=f"Mainīts vārds uz {NAME}",
    )
    return {"client": client, "item": item, "stored": stored}


@pytest.mark.rule("2.1.6.1")
def test_before_the_erasure_the_scan_finds_the_person_everywhere(zelma):
    """The positive control: the scan does find what it looks for, in each kind of copy."""
    tables = {hit.split(".")[0] for hit in hits_in_database()}
    for table in (
        "cases_client",
        "cases_historicalclient",
        "cases_historicalclientphone",
        "cases_contact",
        "cases_historicalcontact",
        "cases_callback",
        "cases_consultation",
        "cases_orderissue",
        "cases_referral",
        "cases_submissiondraft",
        "cases_writtensubmission",
        "complaints_feedbackitem",
        "complaints_historicalfeedbackitem",
        "complaints_historicalattachment",
        "complaints_reviewnote",
        "complaints_surveyinvitation",
        "complaints_surveyresponse",
        "servicedesk_notification",
        "django_admin_log",
    ):
        assert table in tables, table
    assert Notification.objects.filter(email=EMAIL).count() >= 4  # ack, reply, slip, surveys


@pytest.mark.rule("2.1.6.1")
def test_after_the_erasure_no_table_holds_the_name_phone_or_email(zelma, admin):
    done = privacy.subject_erase(actor=admin, record_type="cases.client", pk=zelma["client"].pk)
    assert done.report["kept"] == []
    assert hits_in_database() == []
    assert not zelma["stored"].exists()
    assert not [p for p in private_root().rglob("*") if p.is_file()]
    # The records stay, without the person: the complaint is still in the register.
    item = type(zelma["item"]).objects.get(pk=zelma["item"].pk)
    assert item.state == State.CLOSED and "konteiners netiek iztukšots" in item.text
    assert ReviewNote.objects.get(item=item).text.startswith("Runāju ar [")
    assert not Client.objects.get(pk=zelma["client"].pk).is_active
    # Nothing addressed to the client can still be sent.
    assert not Notification.objects.filter(
        email=privacy.ERASED_ADDRESS, status=Notification.Status.PENDING
    ).exists()


@pytest.mark.rule("2.1.6.1")
def test_retention_reaches_the_same_copies(zelma, settings):
    """Everything is older than the period: the nightly run leaves nothing either."""
    past = timezone.now() - timedelta(days=6 * 366)
    from cases.models import Contact
    from complaints.models import FeedbackItem

    Contact.objects.update(started_at=past)
    Client.objects.update(created_at=past)
    close(FeedbackItem.objects.get(pk=zelma["item"].pk), days_ago=6 * 366)
    report = retention_apply().report
    assert report["feedback_items"] == 1 and report["clients"] == 1
    assert hits_in_database() == []
    assert not zelma["stored"].exists()
