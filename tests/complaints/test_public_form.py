"""The public form (clauses 3.1, 4.11): no login, routed and notified like
any other item, attachments checked and kept privately, abuse resistance that keeps what the
client typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from complaints.models import (
    Channel,
    FeedbackItem,
    Kind,
    ReplyChannel,
    SubjectKind,
    SurveyOptOut,
)
from complaints.storage import check_private_storage
from servicedesk.models import Notification, ReviewAuthority
from tests.complaints.files import pdf_file, png_file, txt_file

URL = "/p/"
TEXT = "Konteiners pie Rīgas ielas 5 netika iztukšots jau trīs nedēļas."


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public(review_authorities):
    """An anonymous visitor's browser (no login)."""
    return Client()


def form_data(**overrides):
    data = {
        "kind": Kind.COMPLAINT,
        "subject_kind": SubjectKind.SERVICE,
        "subject_description": "Sadzīves atkritumu izvešana",
        "text": TEXT,
        "client_name": "Anna Bērziņa",
        "client_email": "anna@example.lv",
        "reply_channel": ReplyChannel.EMAIL,
        "privacy_accepted": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def notified(user, item):
    return Notification.objects.filter(
        recipient=user, kind="complaint_registered", object_id=item.pk
    )


@pytest.mark.rule("3.1")
def test_the_form_opens_without_login_in_latvian(public):
    response = public.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="lv">' in html
    for field_id in ("id_kind_0", "id_text", "id_attachments", "id_privacy_accepted"):
        assert f'id="{field_id}"' in html
    assert 'for="id_text"' in html  # labelled
    assert 'class="hp-field"' in html and 'name="website"' in html
    assert 'href="/p/privacy/"' in html


@pytest.mark.rule("4.11")
def test_public_complaint_about_an_employee_notifies_the_head_not_the_employee(
    public, head, expert, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = public.post(
            URL,
            form_data(
                subject_kind=SubjectKind.EMPLOYEE,
                subject_employee=expert.employee.pk,
                subject_description="",
            ),
        )
    assert response.status_code == 302
    assert response["Location"] == "/p/receipt/"
    item = FeedbackItem.objects.get()
    assert item.channel == Channel.WEB_FORM
    assert item.registered_by is None
    assert item.subject_employee == expert.employee
    assert item.authority.kind == ReviewAuthority.Kind.HEAD
    assert notified(head, item).exists()
    assert not Notification.objects.filter(recipient=expert).exists()
    submission = item.public_submission
    assert submission.reply_channel == ReplyChannel.EMAIL
    assert submission.privacy_accepted_at is not None


@pytest.mark.rule("4.11", "7.2")
def test_public_complaint_about_the_head_notifies_the_director_only(public, head, director):
    response = public.post(URL, form_data(subject_kind=SubjectKind.HEAD, subject_description=""))
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.authority.kind == ReviewAuthority.Kind.EXECUTIVE_DIRECTOR
    assert notified(director, item).exists()
    assert not Notification.objects.filter(recipient=head).exists()


def test_a_question_is_registered_as_feedback_with_the_question_flag(public, head):
    public.post(
        URL,
        form_data(
            kind="question",
            subject_kind=None,
            subject_description=None,
            reply_channel=ReplyChannel.PHONE,
            client_phone="+371 26123456",
        ),
    )
    item = FeedbackItem.objects.get()
    assert item.kind == Kind.FEEDBACK
    assert item.public_submission.is_question
    assert item.public_submission.reply_channel == ReplyChannel.PHONE
    assert item.client_phone == "+371 26123456"


@pytest.mark.rule("3.1")
def test_the_reply_channel_needs_its_contact_detail(public, head):
    response = public.post(URL, form_data(reply_channel=ReplyChannel.LETTER))
    assert response.status_code == 400
    assert 'href="#id_client_address"' in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_an_anonymous_submission_keeps_no_contact_details(public, head):
    response = public.post(
        URL,
        form_data(
            kind=Kind.SUGGESTION,
            is_anonymous="on",
            client_name="",
            client_email="",
            reply_channel="",
            subject_kind=None,
        ),
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.is_anonymous
    assert (item.client_name, item.client_email, item.client_phone) == ("", "", "")
    assert item.public_submission.reply_channel == ""


def test_the_anonymous_choice_warns_that_it_may_be_left_unexamined(public):
    html = public.get(URL).content.decode()
    # The help text under the checkbox is tied to it for screen readers.
    assert 'aria-describedby="id_is_anonymous_helptext"' in html
    assert 'id="id_is_anonymous_helptext"' in html


def test_a_validation_error_keeps_the_text_and_asks_for_the_files_again(public, head):
    response = public.post(URL, form_data(privacy_accepted=None, attachments=[pdf_file()]))
    assert response.status_code == 400
    html = response.content.decode()
    assert TEXT in html  # nothing typed is lost
    assert 'id="error-summary"' in html
    assert 'href="#id_privacy_accepted"' in html  # the summary links to the field
    assert 'id="files-again"' in html  # …and says the files must be chosen again
    assert not FeedbackItem.objects.exists()


def test_a_file_whose_content_does_not_match_is_refused(public, head):
    response = public.post(
        URL, form_data(attachments=[SimpleUploadedFile("rēķins.pdf", b"MZ\x90\x00 not a pdf")])
    )
    assert response.status_code == 400
    assert 'href="#id_attachments"' in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_at_most_five_attachments(public, head):
    files = [txt_file(f"piezime{n}.txt") for n in range(6)]
    response = public.post(URL, form_data(attachments=files))
    assert response.status_code == 400
    assert not FeedbackItem.objects.exists()
    files = [txt_file(f"piezime{n}.txt") for n in range(5)]
    assert public.post(URL, form_data(attachments=files)).status_code == 302
    assert FeedbackItem.objects.get().attachments.count() == 5


def test_an_overlong_text_is_refused_with_the_text_kept(public, head, settings):
    settings.COMPLAINTS_PUBLIC_TEXT_MAX_CHARS = 100
    long_text = "Ļoti gara sūdzība. " * 10
    response = public.post(URL, form_data(text=long_text))
    assert response.status_code == 400
    assert 'href="#id_text"' in response.content.decode()
    assert long_text.strip() in response.content.decode()


def test_a_filled_honeypot_registers_nothing(public, head):
    response = public.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert TEXT in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_too_many_submissions_from_one_address_answer_429_with_the_text(public, head, settings):
    settings.COMPLAINTS_PUBLIC_RATE_LIMIT = 2
    for _ in range(2):
        assert public.post(URL, form_data()).status_code == 302
    response = public.post(URL, form_data(text="Trešais iesniegums šajā stundā."))
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="lv">' in html
    assert "Trešais iesniegums šajā stundā." in html  # the client can copy it
    assert FeedbackItem.objects.count() == 2
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post(URL, form_data()).status_code == 302


def test_an_oversized_request_is_refused_before_it_is_read(public, head, settings):
    settings.COMPLAINTS_ATTACHMENT_MAX_BYTES = 1000
    response = public.post(URL, form_data(attachments=[pdf_file(size=1_200_000)]))
    assert response.status_code == 413
    assert not FeedbackItem.objects.exists()


def test_no_surveys_puts_the_address_on_the_opt_out_list(public, head):
    public.post(URL, form_data(no_surveys="on", client_email="Anna@Example.lv"))
    assert SurveyOptOut.objects.filter(email="anna@example.lv").exists()


@pytest.mark.rule("2.1.6.1")
def test_attachments_are_kept_outside_the_served_folders(public, head, settings, client_for):
    public.post(URL, form_data(attachments=[png_file("foto.png")]))
    attachment = FeedbackItem.objects.get().attachments.get()
    name = str(attachment.file.name)
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / name
    assert stored.is_file()
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    # Neither the development server's /media/ route nor a guessed URL reaches it…
    served = public.get(f"/media/{name}")  # 404 with DEBUG's media route, else to login
    assert served.status_code in (302, 404)
    assert b"PNG" not in b"".join(getattr(served, "streaming_content", [served.content]))
    # …only the download view, through the visibility gate.
    url = f"/complaints/{attachment.item_id}/attachments/{attachment.pk}/"
    assert client_for(head).get(url).status_code == 200
    assert public.get(url).status_code == 302  # to the login page


def test_a_private_folder_inside_media_root_is_a_configuration_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    assert [e.id for e in check_private_storage()] == ["complaints.E001"]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    assert check_private_storage() == []
