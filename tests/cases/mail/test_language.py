"""4.6 (docs/mail.md, "Foreign language"): an incoming e-mail's language is told when it is
filed; one in a foreign language is flagged in the queue and on its page, which offers the
document-management path — register it as a written submission — and a quick answer by
e-mail asks for a confirmation first."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.mail.language import detect_language
from cases.models import InboundEmail, WrittenSubmission
from cases.services import mail
from servicedesk.models import Notification
from tests.cases.mail.messages import message

LATVIAN = "Labdien! Kad tiks izvesti atkritumi no mūsu mājas? Konteiners ir pilns jau nedēļu."
LATVIAN_PLAIN = "Labdien, ludzu pasakiet, kad tiks izvesti atkritumi? Paldies, ar cienu Janis"
RUSSIAN = "Здравствуйте! Когда будет вывезен мусор? Контейнер полон уже неделю. Спасибо."
ENGLISH = "Hello, could you please tell me when the garbage will be collected? Thank you."
GERMAN = "Guten Tag, wann wird der Müll abgeholt? Der Container ist seit einer Woche voll."


@pytest.mark.rule("4.6")
@pytest.mark.parametrize(
    ("text", "language"),
    [
        (LATVIAN, "lv"),
        (LATVIAN_PLAIN, "lv"),  # no diacritics: still Latvian
        (RUSSIAN, "ru"),
        (ENGLISH, "en"),
        (GERMAN, "other"),
        ("Paldies!", ""),  # too short to tell: never flagged foreign
        ("", ""),
    ],
)
def test_the_language_of_a_text_is_told(text, language):
    assert detect_language(text) == language


def test_a_latvian_reply_quoting_english_is_latvian():
    assert detect_language("Re: Question\nPaldies, viss skaidrs, tā arī darīsim.") == "lv"


def receive(raw: bytes) -> InboundEmail:
    email, _ = mail.inbound_receive(received=mail.Received(mailbox="klienti@test/INBOX", raw=raw))
    return email


def foreign() -> InboundEmail:
    return receive(message(subject="Вывоз мусора", text=RUSSIAN, sender="Ivan <ivan@example.lv>"))


@pytest.mark.rule("4.6")
@pytest.mark.django_db
def test_the_language_is_recorded_when_the_email_is_filed():
    assert foreign().language == "ru"
    assert receive(message(text=LATVIAN_PLAIN)).language == "lv"
    email = receive(message(subject="Garbage", text=ENGLISH))
    assert email.language == "en" and email.in_foreign_language
    automatic = receive(
        message(subject="Out of office", text=ENGLISH, headers={"Auto-Submitted": "auto-replied"})
    )
    assert automatic.language == "" and not automatic.in_foreign_language  # no consultation


@pytest.mark.rule("4.6")
@pytest.mark.django_db
def test_the_queue_and_the_page_show_a_foreign_language_and_the_rules(client, reception, settings):
    settings.DOCUMENT_RULES_REFERENCE = "Dokumentu aprites noteikumi Nr. 5"
    email = foreign()
    latvian = receive(message(subject="Konteiners", text=LATVIAN))
    client.force_login(reception)

    queue = client.get(reverse("cases:mail_queue")).content.decode()
    rows = {row.split("</tr>")[0] for row in queue.split("<tr>")[1:]}
    flagged = [row for row in rows if "Svešvaloda (4.6)" in row or "Foreign language (4.6)" in row]
    assert len(flagged) == 1 and "Вывоз мусора" in flagged[0]

    page = client.get(reverse("cases:mail_detail", args=[email.pk])).content.decode()
    section = page.split('id="foreign-language"')[1].split("</section>")[0]
    assert "Dokumentu aprites noteikumi Nr. 5" in section
    assert 'id="register-written"' in section
    other = client.get(reverse("cases:mail_detail", args=[latvian.pk])).content.decode()
    assert 'id="foreign-language"' not in other


@pytest.mark.rule("4.6")
@pytest.mark.django_db
def test_the_page_registers_it_as_a_written_submission(client, reception):
    email = foreign()
    client.force_login(reception)

    page = client.post(
        reverse("cases:mail_register_written", args=[email.pk]),
        {"subject": "Вывоз мусора"},
        follow=True,
    ).content.decode()

    submission = WrittenSubmission.objects.get()
    email.refresh_from_db()
    assert submission.contact == email.contact and email.submission == submission
    assert submission.received_on == timezone.localdate(email.received_at)
    assert email.assigned_to == reception  # registered by whoever took it up
    assert submission.register_number in page
    # Once registered it is no longer a quick consultation: the reply needs no confirmation.
    preview = client.post(reverse("cases:mail_reply", args=[email.pk]), {"text": "Labdien!"})
    assert 'id="reply-preview"' in preview.content.decode()
    again = client.post(
        reverse("cases:mail_register_written", args=[email.pk]), {"subject": "x"}, follow=True
    )
    assert WrittenSubmission.objects.count() == 1
    assert "jau" in again.content.decode() or "already" in again.content.decode()


@pytest.mark.rule("4.6")
@pytest.mark.django_db
def test_a_quick_answer_by_email_asks_for_a_confirmation_first(client, reception):
    email = foreign()
    client.force_login(reception)
    url = reverse("cases:mail_reply", args=[email.pk])

    refused = client.post(url, {"text": "Добрый день!", "send": "1"}).content.decode()
    assert 'id="reply-preview"' not in refused
    assert "4.6" in refused and not Notification.objects.filter(kind="cases.mail_reply").exists()
    assert "Добрый день!" in refused  # what was typed is kept

    client.post(url, {"text": "Добрый день!", "confirm_foreign": "on", "send": "1"})
    assert Notification.objects.filter(kind="cases.mail_reply").count() == 1
    assert not WrittenSubmission.objects.exists()


@pytest.mark.django_db
def test_someone_outside_the_desk_cannot_register_it(client, outsider):
    email = foreign()
    client.force_login(outsider)
    response = client.post(
        reverse("cases:mail_register_written", args=[email.pk]), {"subject": "x"}
    )
    assert response.status_code in (403, 404)
    assert not WrittenSubmission.objects.exists()
