"""Data subject requests (2.1.6.1, GDPR): export everything held about a client as JSON and
a Latvian PDF; erase (anonymise) it except what the law makes us keep; log each request."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cases import services as cases_services
from cases.models import Client, ClientPhone, Contact, WrittenSubmission
from complaints.models import FeedbackItem, SurveyInvitation, SurveyResponse
from complaints.storage import private_root
from servicedesk.models import AccessLog, DataSubjectRequest
from tests.complaints.files import pdf_file
from tests.dataprotection import close

pytestmark = pytest.mark.django_db

SUMMARY = "Anna Bērziņa zvanīja no 26 123 456, atbildi lūdz uz anna@example.lv. Konteiners pilns."


@pytest.fixture
def anna(make_client, make_contact, register):
    """A client with a contact, a closed complaint (by e-mail), an open one (by phone) and a
    survey answer."""
    client = make_client()
    contact = make_contact(client=client, summary=SUMMARY, phone_number="+37126123456")
    closed = close(
        register(
            attachments=[pdf_file("Anna foto.pdf")],
            text="Es, Anna Bērziņa, sūdzos. Tālr. +371 26123456.",
        )
    )
    open_item = register(client_email="", client_phone="26123456", text="Otra sūdzība")
    invitation = SurveyInvitation.objects.create(
        source=SurveyInvitation.Source.CONTACT, contact=contact, email="anna@example.lv"
    )
    SurveyResponse.objects.create(
        via=SurveyResponse.Via.EMAIL, invitation=invitation, rating=2, comment="Anna neapmierināta"
    )
    other = register(client_name="Jānis Ozols", client_email="janis@example.lv", text="Cits")
    return {
        "client": client,
        "contact": contact,
        "closed": closed,
        "open": open_item,
        "other": other,
    }


@pytest.mark.rule("2.1.6.1")
def test_export_as_json_holds_contacts_items_survey_answers_and_attachments(
    anna, admin, client_for, data_request
):
    # The administrator sees and reads ordinary complaints (2.1.4.4: the export goes through
    # the gate of whoever makes it; see test_privacy_gate.py for what others get).
    response = client_for(admin).post(
        f"/privacy/requests/{data_request(anna['client']).pk}/export.json"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    text = json.dumps(data, ensure_ascii=False)
    assert data["data_subject"] == "Anna Bērziņa"
    assert SUMMARY in text
    assert anna["closed"].register_number in text and anna["open"].register_number in text
    assert anna["other"].register_number not in text  # someone else's complaint
    assert "Anna foto.pdf" in text
    assert "Anna neapmierināta" in text
    assert "+371 26 123 456" in text


@pytest.mark.rule("2.1.6.1")
def test_export_as_pdf_is_readable_and_logged(anna, admin, client_for, data_request):
    response = client_for(admin).post(
        f"/privacy/requests/{data_request(anna['client']).pk}/export.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Anna Bērziņa" in text
    assert "Konteiners pilns" in text
    assert anna["closed"].register_number in text
    logged = DataSubjectRequest.objects.get()
    assert logged.kind == DataSubjectRequest.Kind.EXPORT and logged.handled_by == admin
    assert "Bērziņa" not in logged.subject_label
    assert AccessLog.objects.filter(
        action="export", record_type="cases.client", record_id=anna["client"].pk, actor=admin
    ).exists()


@pytest.mark.rule("2.1.6.1")
def test_the_screen_explains_what_would_be_kept_by_law(anna, admin, client_for):
    page = client_for(admin).get(f"/privacy/clients/{anna['client'].pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert anna["open"].register_number in html  # not closed: kept
    assert "Law on Submissions" in html or "Iesniegumu likum" in html


@pytest.mark.rule("2.1.6.1")
def test_erasure_anonymises_personal_fields_free_text_and_attachments(
    anna, admin, client_for, media_root, data_request
):
    attachment = anna["closed"].attachments.get()
    stored = private_root() / attachment.file.name
    assert stored.exists()
    response = client_for(admin).post(
        f"/privacy/requests/{data_request(anna['client'], 'erasure').pk}/erase/",
        {"confirm": "on", "note": "Klātienē"},
    )
    assert response.status_code == 302
    client = Client.objects.get(pk=anna["client"].pk)
    assert "Bērziņa" not in client.name and client.email == "" and not client.is_active
    assert not ClientPhone.objects.filter(client=client).exists()
    contact = Contact.objects.get(pk=anna["contact"].pk)
    assert "Bērziņa" not in contact.summary and "Anna" not in contact.summary
    assert "26 123 456" not in contact.summary and "anna@example.lv" not in contact.summary
    assert "Konteiners pilns" in contact.summary  # the rest of the record stays
    assert contact.phone_number == ""
    closed = FeedbackItem.objects.get(pk=anna["closed"].pk)
    assert closed.client_name == closed.client_email == ""
    assert "Bērziņa" not in closed.text and "26123456" not in closed.text
    assert not closed.attachments.exists()
    assert not stored.exists()
    assert SurveyResponse.objects.get().comment.startswith("[")
    # the open item is kept as it is, and the report says why
    kept = FeedbackItem.objects.get(pk=anna["open"].pk)
    assert kept.client_phone == "26123456"
    logged = DataSubjectRequest.objects.get(kind=DataSubjectRequest.Kind.ERASURE)
    assert logged.note == "Klātienē"
    assert any(anna["open"].register_number in k["what"] for k in logged.report["kept"])
    page = client_for(admin).get(response["Location"])
    assert anna["open"].register_number in page.content.decode()
    # someone else's complaint is untouched
    assert FeedbackItem.objects.get(pk=anna["other"].pk).client_name == "Jānis Ozols"


@pytest.mark.rule("2.1.6.1")
def test_erasure_scrubs_the_change_history_too(anna, dpo, client_for, data_request):
    client_for(dpo).post(
        f"/privacy/requests/{data_request(anna['client'], 'erasure').pk}/erase/", {"confirm": "on"}
    )
    names = set(Client.audit_trail.filter(id=anna["client"].pk).values_list("name", flat=True))
    assert not any("Bērziņa" in n for n in names)
    numbers = set(
        ClientPhone.audit_trail.filter(client_id=anna["client"].pk).values_list("number", flat=True)
    )
    assert numbers == {""}
    summaries = Contact.audit_trail.filter(id=anna["contact"].pk).values_list("summary", flat=True)
    assert not any("Bērziņa" in s for s in summaries)
    texts = FeedbackItem.audit_trail.filter(id=anna["closed"].pk).values_list("text", flat=True)
    assert not any("Bērziņa" in t for t in texts)


@pytest.mark.rule("2.1.6.1")
def test_a_written_submission_within_its_retention_period_is_kept_with_the_client_card(
    make_client, make_contact, reception, dpo, client_for, data_request
):
    client = make_client()
    contact = make_contact(client=client, channel="letter", summary="Anna Bērziņa raksta")
    submission = cases_services.submission_register(
        actor=reception, contact=contact, subject="Anna Bērziņa lūdz"
    )
    page = client_for(dpo).get(f"/privacy/clients/{client.pk}/")
    assert submission.register_number in page.content.decode()
    client_for(dpo).post(
        f"/privacy/requests/{data_request(client, 'erasure').pk}/erase/", {"confirm": "on"}
    )
    assert Client.objects.get(pk=client.pk).name == "Anna Bērziņa"
    assert WrittenSubmission.objects.get(pk=submission.pk).subject == "Anna Bērziņa lūdz"
    # once closed long enough ago, the next request erases it
    WrittenSubmission.objects.filter(pk=submission.pk).update(
        status=WrittenSubmission.Status.REPLIED, closed_at=timezone.now() - timedelta(days=6 * 366)
    )
    client_for(dpo).post(
        f"/privacy/requests/{data_request(client, 'erasure').pk}/erase/", {"confirm": "on"}
    )
    assert "Bērziņa" not in Client.objects.get(pk=client.pk).name
    assert "Bērziņa" not in WrittenSubmission.objects.get(pk=submission.pk).subject


@pytest.mark.rule("2.1.6.1")
def test_erasure_needs_the_confirmation(anna, dpo, client_for, data_request):
    response = client_for(dpo).post(
        f"/privacy/requests/{data_request(anna['client'], 'erasure').pk}/erase/", {}
    )
    assert response.status_code == 400
    assert Client.objects.get(pk=anna["client"].pk).name == "Anna Bērziņa"
    assert not DataSubjectRequest.objects.exists()


@pytest.mark.rule("2.1.6.1")
@pytest.mark.parametrize("who", ["reception", "head", "outsider"])
def test_only_the_data_protection_contact_and_administrators_handle_requests(
    who, personas, anna, client_for, data_request
):
    browser = client_for(personas[who])
    assert browser.get("/privacy/").status_code == 403
    assert (
        browser.post(f"/privacy/requests/{data_request(anna['client']).pk}/export.json").status_code
        == 403
    )
    assert (
        browser.post(
            f"/privacy/requests/{data_request(anna['client'], 'erasure').pk}/erase/",
            {"confirm": "on"},
        ).status_code
        == 403
    )
    assert not DataSubjectRequest.objects.exists()


@pytest.mark.rule("2.1.6.1")
def test_the_client_is_found_by_phone_on_the_requests_page(anna, admin, client_for):
    page = client_for(admin).get("/privacy/?q=26123456")
    assert page.status_code == 200
    assert f"/privacy/clients/{anna['client'].pk}/" in page.content.decode()


@pytest.mark.rule("2.1.6.1")
def test_export_holds_the_remedy_of_an_error_made_on_the_clients_contact(
    anna, admin, reception, client_for, data_request
):
    # 2.1.1.2: what the desk does about its error is the client's data too.
    cases_services.contact_flag_our_error(
        actor=reception,
        contact=anna["contact"],
        apologised=True,
        told_right_to_complain=True,
        remedy=cases_services.RemedyPlan(
            "Pārrēķināt Annas rēķinu", reception, timezone.localdate() + timedelta(days=3)
        ),
    )
    response = client_for(admin).post(
        f"/privacy/requests/{data_request(anna['client']).pk}/export.json"
    )
    text = json.dumps(json.loads(response.content), ensure_ascii=False)
    assert "Pārrēķināt Annas rēķinu" in text
