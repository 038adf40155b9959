"""Consultations with contact persons, written submissions, drafts and the knowledge base
(4.8–4.9, 2.1.2.2, 2.1.2.1)."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import deadlines, services
from cases.models import (
    Article,
    Channel,
    Consultation,
    Dispatch,
    Outcome,
    WrittenSubmission,
)
from servicedesk.models import Notification
from tests.factories import CompetentInstitutionFactory, InstitutionFactory

pytestmark = pytest.mark.django_db


# --- Consultations (4.3.2, 4.8, 4.9) -----------------------------------------------------------


@pytest.mark.rule("4.8")
def test_question_to_a_contact_person_notifies_them(reception, expert, client_for, make_contact):
    contact = make_contact()
    response = client_for(reception).post(
        f"/cases/{contact.pk}/consult/",
        {"contact_person": expert.pk, "question": "Vai konteineru var nomainīt šonedēļ?"},
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    rows = Notification.objects.filter(kind="cases.consultation_request", recipient=expert)
    assert {r.channel for r in rows} == {"email", "in_app"}
    assert Outcome.CONSULTED in contact.outcome_codes
    assert consultation.contact_person == expert


@pytest.mark.rule("4.9")
def test_answer_is_recorded_on_the_contact_with_response_time(
    reception, expert, client_for, make_contact
):
    contact = make_contact()
    consultation = services.consultation_request(
        actor=reception, contact=contact, contact_person=expert, question="Jautājums?"
    )
    Consultation.objects.filter(pk=consultation.pk).update(
        asked_at=timezone.now() - timedelta(minutes=7)
    )
    client_for(expert).post(
        f"/cases/consultations/{consultation.pk}/", {"answer": "Jā, piektdien."}
    )
    consultation.refresh_from_db()
    assert consultation.answer == "Jā, piektdien."
    assert 6 <= consultation.response_time.total_seconds() / 60 <= 8
    html = client_for(reception).get(f"/cases/{contact.pk}/").content.decode()
    assert "Jā, piektdien." in html and "7" in html
    assert Notification.objects.filter(
        kind="cases.consultation_answer", recipient=reception
    ).exists()


@pytest.mark.rule("4.9")
def test_only_the_person_asked_can_answer(reception, reception2, expert, make_contact):
    consultation = services.consultation_request(
        actor=reception, contact=make_contact(), contact_person=expert, question="?"
    )
    with pytest.raises(ValidationError):
        services.consultation_answer(actor=reception2, consultation=consultation, answer="x")


@pytest.mark.rule("4.9")
def test_unanswered_question_reminds_once(reception, expert, make_contact):
    services.consultation_request(
        actor=reception, contact=make_contact(), contact_person=expert, question="?"
    )
    later = timezone.now() + timedelta(hours=2)
    assert services.consultations_send_reminders(now=later) == 1
    assert services.consultations_send_reminders(now=later) == 0
    assert Notification.objects.filter(kind="cases.consultation_overdue").exists()


@pytest.mark.rule("4.9")
def test_a_question_unanswered_past_its_time_is_overdue_in_words(
    reception, expert, make_contact, client_for
):
    question = services.consultation_request(
        actor=reception, contact=make_contact(), contact_person=expert, question="Kad izvedīs?"
    )
    fresh = services.consultation_request(
        actor=reception, contact=make_contact(), contact_person=expert, question="Cik maksā?"
    )
    Consultation.objects.filter(pk=question.pk).update(
        asked_at=timezone.now() - timedelta(minutes=95)
    )
    html = client_for(expert).get("/cases/consultations/", HTTP_ACCEPT_LANGUAGE="lv")
    rows = html.content.decode().split("<tr>")[2:]  # after the header row
    overdue = next(row for row in rows if "Kad izvedīs?" in row)
    waiting = next(row for row in rows if "Cik maksā?" in row)
    assert "nokavēts" in overdue and "gaida 95 minūtes" in overdue
    assert "nokavēts" not in waiting and fresh.answered_at is None


# --- Written submissions (Law on Submissions, 4.6) ---------------------------------------------


def _letter(make_contact, received=dt.date(2026, 11, 2), **kw):
    started = timezone.make_aware(dt.datetime.combine(received, dt.time(10)))
    return make_contact(channel=Channel.LETTER, started_at=started, **kw)


def test_submission_gets_a_register_number_and_working_day_deadlines(
    reception, client_for, make_contact
):
    contact = _letter(make_contact)
    response = client_for(reception).post(
        f"/cases/{contact.pk}/submission/", {"subject": "Par rēķinu"}
    )
    submission = WrittenSubmission.objects.get()
    assert response.status_code == 302
    assert submission.register_number == "AADSO/2026/1"
    assert submission.reply_due == deadlines.reply_deadline(dt.date(2026, 11, 2))
    assert submission.forward_due == deadlines.forward_deadline(dt.date(2026, 11, 2))
    second = services.submission_register(
        actor=reception, contact=_letter(make_contact), subject="Otrs"
    )
    assert second.register_number == "AADSO/2026/2"
    page = client_for(reception).get(f"/cases/submissions/{submission.pk}/").content.decode()
    assert submission.reply_due.strftime("%d.%m.%Y") in page


def test_register_number_pattern_is_configurable(reception, make_contact, monkeypatch):
    from cases.services import written

    monkeypatch.setattr(written, "SUBMISSION_NUMBER_PATTERN", "IES-{year}-{seq:04d}")
    submission = services.submission_register(
        actor=reception, contact=_letter(make_contact), subject="x"
    )
    assert submission.register_number == "IES-2026-0001"


def test_phone_calls_are_not_registered_as_written_submissions(reception, make_contact):
    with pytest.raises(ValidationError):
        services.submission_register(actor=reception, contact=make_contact(), subject="x")


def test_extension_moves_the_deadline_and_tells_the_client(reception, make_contact):
    received = timezone.localdate()
    contact = _letter(make_contact, received=received, email_address="klients@example.lv")
    submission = services.submission_register(actor=reception, contact=contact, subject="x")
    services.submission_extend(
        actor=reception, submission=submission, reason="Jāsaņem informācija no pašvaldības"
    )
    assert submission.reply_due == deadlines.reply_deadline(received, extended=True)
    assert submission.extension_notice_at is not None
    notice = Dispatch.objects.get(kind=Dispatch.Kind.EXTENSION_NOTICE)
    assert submission.extension_notice == notice
    assert (notice.channel, notice.email) == (Dispatch.Channel.EMAIL, "klients@example.lv")
    assert "Jāsaņem informācija no pašvaldības" in notice.body
    assert notice.notification is not None
    assert notice.notification.email == "klients@example.lv"
    with pytest.raises(ValidationError):
        services.submission_extend(actor=reception, submission=submission, reason="vēlreiz")


def test_reply_is_recorded_and_closes_the_submission(reception, client_for, make_contact):
    submission = services.submission_register(
        actor=reception, contact=_letter(make_contact), subject="x"
    )
    client_for(reception).post(
        f"/cases/submissions/{submission.pk}/", {"action": "reply", "reply": "Atbildēts."}
    )
    submission.refresh_from_db()
    assert (submission.status, submission.reply) == ("replied", "Atbildēts.")


def test_forwarding_to_the_competent_body_closes_it(reception, make_contact):
    submission = services.submission_register(
        actor=reception, contact=_letter(make_contact), subject="x"
    )
    services.submission_forward(
        actor=reception, submission=submission, institution=CompetentInstitutionFactory()
    )
    assert submission.status == WrittenSubmission.Status.FORWARDED


def test_reminders_before_and_after_the_reply_deadline(reception, make_contact):
    submission = services.submission_register(
        actor=reception, contact=_letter(make_contact), subject="x"
    )
    before = submission.reply_due - timedelta(days=1)
    assert services.submissions_send_reminders(today=before) == 1
    assert services.submissions_send_reminders(today=before) == 0
    after = submission.reply_due + timedelta(days=1)
    assert services.submissions_send_reminders(today=after) == 1
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"cases.submission_before", "cases.submission_overdue"} <= kinds


def test_submission_register_lists_overdue(reception, client_for, make_contact):
    services.submission_register(
        actor=reception, contact=_letter(make_contact, received=dt.date(2026, 1, 5)), subject="x"
    )
    html = client_for(reception).get("/cases/submissions/?status=open").content.decode()
    assert "AADSO/2026/1" in html and "table-danger" in html


@pytest.mark.rule("4.6")
def test_foreign_language_email_is_forwarded_to_records(reception, make_contact, institution):
    contact = make_contact(
        channel=Channel.EMAIL_IN, language="ru", email_address="client@example.ru"
    )
    note = Notification.objects.get(kind="cases.forward_to_records")
    assert (note.email, note.rule_clause) == (institution.email, "4.6")
    assert Outcome.FORWARDED_TO_RECORDS in contact.outcome_codes


@pytest.mark.rule("4.6")
def test_latvian_email_is_not_forwarded_to_records(reception, make_contact, institution):
    make_contact(channel=Channel.EMAIL_IN, language="lv")
    assert not Notification.objects.filter(kind="cases.forward_to_records").exists()


# --- Drafting (2.1.2.2) --------------------------------------------------------------------------


@pytest.mark.rule("2.1.2.2")
def test_draft_for_the_client_opens_a_prefilled_printable_submission(
    reception, client_for, make_contact, make_client
):
    InstitutionFactory()
    client = make_client(service_address="Rīgas iela 5, Daugavpils", contract_number="L-77")
    contact = make_contact(client=client, summary="Lūdzu pārrēķināt maksu par 2026. gada maiju")
    form = client_for(reception).get(f"/cases/{contact.pk}/").context["draft_form"]
    assert form.initial["text"] == contact.summary
    response = client_for(reception).post(
        f"/cases/{contact.pk}/draft/", {"addressee": "SIA AADSO", "text": contact.summary}
    )
    html = client_for(reception).get(response.url).content.decode()
    for item in ("Rīgas iela 5, Daugavpils", "L-77", "pārrēķināt maksu", "print-slip"):
        assert item in html
    assert {Outcome.ADVISED_WRITTEN, Outcome.DRAFTED_SUBMISSION} <= set(contact.outcome_codes)


# --- Knowledge base (2.1.2.1, 3.4, 4.1.2, 4.1.3) ------------------------------------------


@pytest.fixture
def articles(topic):
    return {
        v: Article.objects.create(
            title=f"Kārtība {v}",
            slug=f"kartiba-{v}",
            topic=topic,
            body=f"Teksts {v}",
            visibility=v,
        )
        for v in Article.Visibility.values
    }


@pytest.mark.rule("2.1.2.1")
def test_procedure_is_emailed_to_the_client(reception, client_for, articles, make_contact):
    contact = make_contact()
    client_for(reception).post(
        "/cases/kb/kartiba-public/", {"email": "klients@example.lv", "contact": contact.pk}
    )
    assert Notification.objects.get(kind="cases.article").email == "klients@example.lv"
    assert Outcome.ARTICLE_SENT in contact.outcome_codes


@pytest.mark.rule("4.1.3")
def test_restricted_article_is_never_emailed(reception, articles):
    with pytest.raises(ValidationError):
        services.article_email_to_client(
            actor=reception, article=articles["restricted"], email="x@example.lv"
        )
    assert not Notification.objects.exists()


@pytest.mark.rule("4.1.2", "4.1.3")
def test_public_site_shows_public_articles_only(client, articles):
    html = client.get("/cases/procedures/").content.decode()
    assert "Kārtība public" in html
    assert "Kārtība internal" not in html and "Kārtība restricted" not in html
    assert client.get("/cases/procedures/kartiba-restricted/").status_code == 404
    assert client.get("/cases/procedures/kartiba-public/").status_code == 200


@pytest.mark.rule("3.4")
def test_public_page_explains_submission_review_with_current_deadlines(client, settings, db):
    settings.SUBMISSION_REPLY_WORKING_DAYS = 12
    response = client.get("/cases/procedures/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "within 12 working days" in response.content.decode()


def test_knowledge_base_is_searchable_from_the_contact_screen(reception, client_for, articles):
    page = client_for(reception).get("/cases/new/").content.decode()
    assert 'hx-get="/cases/kb/"' in page
    html = (
        client_for(reception)
        .get("/cases/kb/", {"q": "Kārtība"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "Kārtība internal" in html and "<html" not in html


def test_knowledge_base_search_ignores_case_and_diacritics(reception, client_for, articles):
    found = client_for(reception).get("/cases/kb/", {"q": "KARTIBA teksts"}, HTTP_HX_REQUEST="true")
    html = found.content.decode()
    assert "Kārtība internal" in html and "Kārtība public" in html
    nothing = client_for(reception).get(
        "/cases/kb/", {"q": "kartiba nekas"}, HTTP_HX_REQUEST="true"
    )
    assert "Kārtība internal" not in nothing.content.decode()
