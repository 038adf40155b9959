"""Restricted-access information (4.1.3): knowledge-base articles and feedback items marked
restricted never appear on public pages, in client e-mails, on the tracking page or in
exports to those without the right. (Also shown elsewhere: the public procedures list and
the article service, tests/cases/test_written.py.)"""

from __future__ import annotations

import pytest

from cases.models import Article
from complaints.models import FeedbackItem, Kind
from complaints.register.services import workflow
from complaints.register.services.registration import FeedbackInput
from complaints.voice.services.submissions import public_submission_register
from servicedesk.models import Notification
from tests.complaints.files import pdf_file
from tests.dataprotection import close

pytestmark = pytest.mark.django_db

SECRET = "Slepenā informācija: objekta apsardzes kods 4471"


@pytest.fixture
def restricted_article(db):
    return Article.objects.create(
        title="Iekšējā kārtība",
        slug="ieksejais",
        body=SECRET,
        visibility=Article.Visibility.RESTRICTED,
    )


@pytest.mark.rule("4.1.3")
def test_a_restricted_article_is_not_found_by_the_public_search(client, restricted_article):
    html = client.get("/cases/procedures/?q=apsardzes").content.decode()
    assert "Iekšējā kārtība" not in html and "4471" not in html
    assert client.get("/cases/procedures/ieksejais/").status_code == 404


@pytest.mark.rule("4.1.3")
def test_the_article_page_offers_no_e_mail_and_refuses_one(
    restricted_article, reception, client_for
):
    browser = client_for(reception)
    page = browser.get("/cases/kb/ieksejais/").content.decode()
    assert 'name="email"' not in page
    browser.post("/cases/kb/ieksejais/", {"email": "klients@example.lv"})
    assert not Notification.objects.filter(email="klients@example.lv").exists()


@pytest.fixture
def restricted_item(register):
    return register(text=SECRET, is_restricted=True, attachments=[pdf_file()])


@pytest.mark.rule("4.1.3")
def test_no_e_mail_about_a_restricted_item_carries_its_text(restricted_item, head):
    sent = Notification.objects.all()
    # the reviewer was told (4.11) and the client acknowledged, without the text
    assert sent.filter(kind="complaint_registered").exists()
    assert sent.filter(kind="complaint_acknowledgement", email="anna@example.lv").exists()
    assert not sent.filter(body__contains="4471").exists()
    assert not sent.filter(subject__contains="4471").exists()


@pytest.mark.rule("4.1.3")
def test_the_reply_to_a_restricted_item_is_not_e_mailed(restricted_item, head):
    item = FeedbackItem.objects.get(pk=restricted_item.pk)
    item = workflow.feedback_start_review(actor=head, item=item, expected_version=item.version)
    item = workflow.feedback_decide(
        actor=head,
        item=item,
        expected_version=item.version,
        outcome="upheld",
        decision_text="Pamatota",
    )
    workflow.feedback_answer(
        actor=head, item=item, expected_version=item.version, reply_text=f"Atbilde: {SECRET}"
    )
    assert not Notification.objects.filter(kind="complaint_reply").exists()
    assert not Notification.objects.filter(body__contains="4471").exists()


@pytest.mark.rule("4.1.3", "2.1.6.1")
def test_an_administrator_sees_the_register_entry_but_not_the_content(
    restricted_item, admin, client_for
):
    browser = client_for(admin)
    page = browser.get(f"/complaints/{restricted_item.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert restricted_item.register_number in html and "4471" not in html
    attachment = restricted_item.attachments.get()
    download = f"/complaints/{restricted_item.pk}/attachments/{attachment.pk}/"
    assert browser.get(download).status_code == 404
    found = browser.get("/complaints/?q=apsardzes").content.decode()
    assert restricted_item.register_number not in found


@pytest.mark.rule("4.1.3")
def test_those_who_registered_and_review_it_read_it(restricted_item, reception, head, client_for):
    for user in (reception, head):
        assert "4471" in client_for(user).get(f"/complaints/{restricted_item.pk}/").content.decode()


@pytest.mark.rule("4.1.3")
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_carry_no_restricted_content_for_an_administrator(register, admin, client_for, fmt):
    item = register(is_restricted=True, subject_description="Apsardzes kods 4471")
    response = client_for(admin).get(f"/complaints/registers/all/export.{fmt}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "xlsx":
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(body)).active
        body = "\n".join(
            ";".join(str(c) for c in row if c is not None)
            for row in sheet.iter_rows(values_only=True)
        ).encode()
    text = body.decode("utf-8-sig")
    assert item.register_number in text and "4471" not in text
    legacy = client_for(admin).get("/complaints/export.csv").content.decode("utf-8-sig")
    assert "4471" not in legacy


@pytest.mark.rule("4.1.3")
def test_the_tracking_page_never_shows_a_restricted_reply(review_authorities, head, media_root):
    from django.test import Client

    receipt = public_submission_register(
        data=FeedbackInput(
            kind=Kind.SUGGESTION,
            channel="web_form",
            text="Ierosinājums",
            is_anonymous=False,
            client_name="Anna Bērziņa",
            client_email="anna@example.lv",
        )
    )
    FeedbackItem.objects.filter(pk=receipt.item.pk).update(is_restricted=True)
    item = FeedbackItem.objects.get(pk=receipt.item.pk)
    item = workflow.feedback_start_review(actor=head, item=item, expected_version=item.version)
    item = workflow.feedback_decide(
        actor=head,
        item=item,
        expected_version=item.version,
        outcome="upheld",
        decision_text="Pieņemts",
    )
    workflow.feedback_answer(
        actor=head, item=item, expected_version=item.version, reply_text=f"Atbilde: {SECRET}"
    )
    close(item)
    page = Client().get(f"/p/track/{receipt.token}/")
    assert page.status_code == 200
    assert "4471" not in page.content.decode()
