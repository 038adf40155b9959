"""Attachments: type, size and content checked; stored under MEDIA_ROOT/attachments/ with
an unguessable name; downloaded only through the visibility gate."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.attachments import check_attachment
from complaints.models import Attachment, FeedbackItem, SubjectKind

from .files import docx_file, odt_file, pdf_file, png_file, txt_file


@pytest.mark.parametrize("make", [pdf_file, png_file, docx_file, odt_file, txt_file])
def test_each_allowed_type_with_matching_content_is_accepted(make):
    assert check_attachment(make()).size > 0


def test_jpeg_is_accepted():
    upload = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20)
    assert check_attachment(upload).content_type == "image/jpeg"


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "extension"),
        (SimpleUploadedFile("lapa.html", b"<html></html>"), "extension"),
        (SimpleUploadedFile("viltots.pdf", b"MZ\x90\x00 not a pdf"), "content"),
        (SimpleUploadedFile("attels.png", b"%PDF-1.4 a pdf named png"), "content"),
        (SimpleUploadedFile("vestule.docx", b"PK\x03\x04 broken zip"), "content"),
        (SimpleUploadedFile("teksts.txt", b"\x00\x01\x02binary"), "content"),
        (SimpleUploadedFile("tukss.pdf", b""), "empty"),
    ],
)
def test_wrong_type_or_content_is_refused_with_a_reason(upload, code):
    with pytest.raises(ValidationError) as error:
        check_attachment(upload)
    assert error.value.code == code


def test_odt_named_docx_is_refused():
    upload = odt_file("vestule.docx")
    with pytest.raises(ValidationError):
        check_attachment(upload)


def test_file_over_ten_megabytes_is_refused():
    with pytest.raises(ValidationError) as error:
        check_attachment(pdf_file(size=10 * 1024 * 1024 + 1))
    assert error.value.code == "size"
    assert check_attachment(pdf_file(size=10 * 1024 * 1024)).size == 10 * 1024 * 1024


def test_service_refuses_a_bad_attachment_and_registers_nothing(register):
    with pytest.raises(ValidationError):
        register(attachments=[SimpleUploadedFile("x.pdf", b"not a pdf")])
    assert not FeedbackItem.objects.exists()


def test_attachment_is_stored_under_attachments_with_a_random_name(register, settings):
    item = register(attachments=[pdf_file("Mans iesniegums.pdf")])
    attachment = item.attachments.get()
    assert attachment.original_name == "Mans iesniegums.pdf"
    assert attachment.file.name.startswith(f"attachments/{item.year}/")
    assert "iesniegums" not in attachment.file.name
    # Private storage (docs/client-voice.md): outside MEDIA_ROOT, which the development
    # server serves.
    assert (settings.PRIVATE_MEDIA_ROOT / attachment.file.name).exists()
    assert not (settings.MEDIA_ROOT / attachment.file.name).exists()


@pytest.mark.rule("2.1.4.4")
def test_download_goes_through_visibility(register, head, expert, reception2, client_for):
    item = register(
        subject_kind=SubjectKind.EMPLOYEE,
        subject_employee=expert.employee,
        attachments=[pdf_file()],
    )
    url = reverse("complaints:attachment", args=[item.pk, item.attachments.get().pk])
    response = client_for(head).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment;" in response["Content-Disposition"]
    assert client_for(expert).get(url).status_code == 404
    assert client_for(reception2).get(url).status_code == 404


def test_attachment_of_another_item_is_404(register, head, client_for):
    first = register(attachments=[pdf_file()])
    second = register()
    other = Attachment.objects.get(item=first)
    url = reverse("complaints:attachment", args=[second.pk, other.pk])
    assert client_for(head).get(url).status_code == 404


def test_register_form_explains_a_refused_file_and_keeps_the_text(reception, head, client_for):
    response = client_for(reception).post(
        reverse("complaints:new"),
        {
            "kind": "suggestion",
            "channel": "visit",
            "received_on": "2026-11-16",
            "client_name": "Anna Bērziņa",
            "text": "Lūdzu, uzstādiet vēl vienu konteineru.",
            "attachments": [SimpleUploadedFile("skripts.exe", b"MZ")],
        },
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "files of this type are not accepted" in content
    assert "Lūdzu, uzstādiet vēl vienu konteineru." in content
    assert not FeedbackItem.objects.exists()
