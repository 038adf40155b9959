"""Standard answers and procedures in a reply (docs/mail.md, "Answering"): editors keep the
answers, picking one fills its placeholders, and only a public procedure reaches a client."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.models import Article, InboundEmail, StandardAnswer
from cases.services import mail
from cases.services.mail_reply import inbound_reply
from cases.services.standard_answers import standard_answer_fill, standard_answer_save
from servicedesk.models import Notification
from tests.cases.mail.messages import message

pytestmark = pytest.mark.django_db

TEXT = "Labdien, {klients}! Jūsu lieta {numurs}.\nAr cieņu, {darbinieks}"


def receive(subject: str = "Konteiners") -> InboundEmail:
    email, _ = mail.inbound_receive(
        received=mail.Received(mailbox="klienti@test/INBOX", raw=message(subject=subject))
    )
    return email


def article(visibility: str) -> Article:
    return Article.objects.create(
        title=f"Kārtība {visibility}",
        slug=f"kartiba-{visibility}",
        body="Soļi",
        visibility=visibility,
    )


def test_picking_an_answer_fills_its_placeholders(reception, admin):
    answer = standard_answer_save(actor=admin, title="Izvešana", text=TEXT)
    email = receive(subject="Par iesniegumu AADSO/2026/V-12")
    email.case_reference = "AADSO/2026/V-12"

    text = standard_answer_fill(answer=answer, email=email, actor=reception)

    assert text == "Labdien, Anna Bērziņa! Jūsu lieta AADSO/2026/V-12.\nAr cieņu, Laura Kalniņa"


def test_only_knowledge_editors_keep_standard_answers(reception):
    with pytest.raises(PermissionDenied):
        standard_answer_save(actor=reception, title="X", text="Y")


def test_an_unknown_placeholder_is_refused(admin):
    with pytest.raises(ValidationError):
        standard_answer_save(actor=admin, title="X", text="Labdien, {vards}!")


@pytest.mark.rule("4.1.3")
@pytest.mark.parametrize("visibility", [Article.Visibility.INTERNAL, Article.Visibility.RESTRICTED])
def test_a_non_public_procedure_never_goes_to_a_client(reception, visibility):
    email = receive()
    with pytest.raises(ValidationError):
        inbound_reply(actor=reception, email=email, text="Labdien!", procedure=article(visibility))
    assert not Notification.objects.filter(kind="cases.mail_reply").exists()


@pytest.mark.rule("4.1.2")
def test_a_public_procedure_goes_into_the_reply(reception):
    email = receive()
    row = inbound_reply(
        actor=reception, email=email, text="Labdien!", procedure=article(Article.Visibility.PUBLIC)
    )
    assert "Kārtība public\n\nSoļi" in row.body


def test_the_reply_page_offers_only_public_procedures(client, reception):
    article(Article.Visibility.PUBLIC)
    article(Article.Visibility.RESTRICTED)
    email = receive()
    client.force_login(reception)
    page = client.get(reverse("cases:mail_reply", args=[email.pk])).content.decode()
    assert "Kārtība public" in page
    assert "Kārtība restricted" not in page


def test_the_reply_page_fills_the_picked_answer(client, reception, admin):
    answer = standard_answer_save(actor=admin, title="Izvešana", text=TEXT)
    email = receive()
    client.force_login(reception)
    url = reverse("cases:mail_reply", args=[email.pk])
    page = client.get(url, {"answer": answer.pk}).content.decode()
    assert "Labdien, Anna Bērziņa!" in page
    assert "Ar cieņu, Laura Kalniņa" in page


def test_editors_create_answers_on_their_screen_and_others_cannot(client, reception, admin):
    client.force_login(reception)
    assert client.get(reverse("cases:answer_list")).status_code == 200
    assert client.get(reverse("cases:answer_new")).status_code == 403
    client.force_login(admin)
    client.post(reverse("cases:answer_new"), {"title": "Izvešana", "text": TEXT})
    answer = StandardAnswer.objects.get()
    client.post(reverse("cases:answer_edit", args=[answer.pk]), {"title": "Izvešana", "text": "Jā"})
    answer.refresh_from_db()
    assert answer.text == "Jā"
    assert "Izvešana" in client.get(reverse("cases:answer_list")).content.decode()
