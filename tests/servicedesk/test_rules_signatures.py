"""Signatures under the rules (clause 9: employees "ar parakstu apliecina"): every employee,
with or without a login, in the register; the printable acknowledgement sheet; attaching the
signed sheet (a scan or a signed e-document) and marking who signed it; the file only for the
head and administrators."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from servicedesk.models import RulesSignature, RulesSignedSheet, RulesVersion
from servicedesk.selectors.rules import rules_register, versions_to_acknowledge
from servicedesk.services.rules import rules_acknowledge, rules_remind_unacknowledged
from servicedesk.services.rules_signatures import (
    check_signed_sheet,
    rules_signatures_record,
    rules_signed_sheet_attach,
)
from servicedesk.storage import private_root
from tests.factories import PASSWORD, EmployeeFactory

pytestmark = pytest.mark.django_db

SIGNED_ON = dt.date(2026, 11, 20)


def pdf(name: str = "parakstu-lapa.pdf", size: int | None = None) -> SimpleUploadedFile:
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        content += b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def edoc(name: str = "noteikumi.edoc", *, signed: bool = True) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.etsi.asic-e+zip")
        archive.writestr("noteikumi.pdf", b"%PDF-1.4\n")
        if signed:
            archive.writestr("META-INF/signatures0.xml", "<asic:XAdESSignatures/>")
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def inspector(operations_unit):
    """A territory inspector without a login: on paper only."""
    return EmployeeFactory(
        user=None,
        first_name="Andris",
        last_name="Bērziņš",
        position="Teritorijas apsekošanas speciālists",
        unit=operations_unit,
    )


@pytest.fixture
def version_1() -> RulesVersion:
    return RulesVersion.objects.get(number=1)


def attach(admin, version, upload=None) -> RulesSignedSheet:
    return rules_signed_sheet_attach(actor=admin, version=version, upload=upload or pdf())


# --- The register and the sheet -------------------------------------------------------------


@pytest.mark.rule("9")
def test_an_employee_without_a_login_is_in_the_register_as_missing(personas, inspector, version_1):
    register = rules_register(version_1)

    row = next(row for row in register.rows if row.employee == inspector)
    assert (row.name, row.position, row.unit) == (
        "Andris Bērziņš",
        "Teritorijas apsekošanas speciālists",
        "Ekspluatācijas nodaļa",
    )
    assert not row.has_login
    assert row in register.missing


@pytest.mark.rule("9")
def test_the_sheet_lists_every_employee_with_empty_date_and_signature_columns(
    personas, head, inspector, client_for, institution
):
    response = client_for(head).get("/rules/1/sheet/")

    assert response.status_code == 200
    page = response.content.decode()
    assert institution.name in page
    assert "Iepazīšanās ar klientu apkalpošanas noteikumiem" in page
    assert "Versija 1, spēkā no 01.03.2019." in page
    assert "Ar parakstu apliecinu iepazīšanos ar noteikumiem" in page
    table = page.split('id="sheet"')[1].split("</table>")[0]
    assert '<th scope="col" class="rules-sheet__signature">Paraksts</th>' in table
    for name in ("Andris Bērziņš", "Laura Kalniņa", "Pēteris Vītols", "Aivars Pudāns"):
        assert name in table
    assert "Dace Grava" not in table  # a login with a role, but no employee record
    assert table.count('<td class="rules-sheet__signature"></td>') == table.count("<tr>") - 1


@pytest.mark.rule("9")
def test_the_sheet_for_the_missing_leaves_out_who_signed_or_confirmed(
    personas, head, inspector, admin, client_for, version_1
):
    rules_acknowledge(
        actor=personas["reception"], version=version_1, password=PASSWORD, ip_address=None
    )
    sheet = attach(admin, version_1)
    rules_signatures_record(
        actor=admin, sheet=sheet, employees=[personas["expert"].employee], signed_on=SIGNED_ON
    )

    page = client_for(head).get("/rules/1/sheet/?only=missing").content.decode()

    table = page.split('id="sheet"')[1]
    assert "Andris Bērziņš" in table
    assert "Laura Kalniņa" not in table
    assert "Pēteris Vītols" not in table


# --- Attaching and marking ------------------------------------------------------------------


@pytest.mark.rule("9")
def test_signatures_from_a_sheet_show_in_the_register_apart_from_desk_confirmations(
    personas, head, admin, inspector, client_for, version_1
):
    reception = personas["reception"]
    rules_acknowledge(actor=reception, version=version_1, password=PASSWORD, ip_address=None)
    rules_acknowledge(
        actor=personas["expert"], version=version_1, password=PASSWORD, ip_address=None
    )
    sheet = attach(admin, version_1)

    rules_signatures_record(
        actor=admin, sheet=sheet, employees=[inspector, reception.employee], signed_on=SIGNED_ON
    )

    register = rules_register(version_1)
    assert {row.name for row in register.signed} == {"Andris Bērziņš", "Laura Kalniņa"}
    assert {row.name for row in register.confirmed} == {"Pēteris Vītols"}
    page = client_for(head).get("/rules/register/?version=1").content.decode()
    rows = page.split('id="register"')[1]
    inspector_row = rows.split("Andris Bērziņš")[1].split("</tr>")[0]
    assert "parakstīts" in inspector_row and "20.11.2026." in inspector_row
    assert f"/rules/signed-sheets/{sheet.pk}/" in inspector_row
    expert_row = rows.split("Pēteris Vītols")[1].split("</tr>")[0]
    assert "apstiprināts sistēmā" in expert_row and "nav paraksts" in expert_row
    assert "Andris Bērziņš" not in page.split('id="missing"')[1].split("</table>")[0]


@pytest.mark.rule("9")
def test_a_paper_signature_ends_the_banner_and_the_weekly_reminder(
    personas, admin, version_1, django_capture_on_commit_callbacks
):
    reception = personas["reception"]
    assert versions_to_acknowledge(reception) == [version_1]
    sheet = attach(admin, version_1)
    rules_signatures_record(
        actor=admin, sheet=sheet, employees=[reception.employee], signed_on=SIGNED_ON
    )

    assert versions_to_acknowledge(reception) == []
    with django_capture_on_commit_callbacks(execute=True):
        rules_remind_unacknowledged(today=dt.date(2026, 11, 23))
    assert not reception.notifications.exists()
    assert personas["reception2"].notifications.exists()


@pytest.mark.rule("9")
def test_an_employee_signs_a_version_once(personas, admin, inspector, version_1):
    first = attach(admin, version_1)
    rules_signatures_record(actor=admin, sheet=first, employees=[inspector], signed_on=SIGNED_ON)
    second = attach(admin, version_1, pdf("otra-lapa.pdf"))

    with pytest.raises(ValidationError) as refused:
        rules_signatures_record(
            actor=admin,
            sheet=second,
            employees=[inspector, personas["reception"].employee],
            signed_on=SIGNED_ON,
        )

    assert "Andris Bērziņš" in str(refused.value)
    assert RulesSignature.objects.count() == 1


def test_a_signing_date_in_the_future_is_refused(admin, inspector, version_1):
    sheet = attach(admin, version_1)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ValidationError):
        rules_signatures_record(actor=admin, sheet=sheet, employees=[inspector], signed_on=tomorrow)

    assert not RulesSignature.objects.exists()


def test_only_administrators_attach_sheets_and_record_signatures(
    personas, head, admin, inspector, version_1
):
    with pytest.raises(PermissionDenied):
        attach(head, version_1)
    sheet = attach(admin, version_1)
    with pytest.raises(PermissionDenied):
        rules_signatures_record(actor=head, sheet=sheet, employees=[inspector], signed_on=SIGNED_ON)


def test_the_sheet_is_kept_in_the_private_storage(admin, version_1):
    sheet = attach(admin, version_1)

    assert (private_root() / sheet.file.name).read_bytes().startswith(b"%PDF-")
    with pytest.raises(ValueError, match="no URL"):
        sheet.file.url  # noqa: B018


# --- What is accepted -----------------------------------------------------------------------


def test_a_signed_e_document_is_accepted_as_one(admin, version_1):
    sheet = attach(admin, version_1, edoc())

    assert sheet.kind == RulesSignedSheet.Kind.E_DOCUMENT
    assert sheet.content_type == "application/vnd.etsi.asic-e+zip"


def test_an_edoc_that_is_not_a_zip_is_refused(admin, version_1):
    fake = SimpleUploadedFile("noteikumi.edoc", b"%PDF-1.4 pretending to be signed")

    with pytest.raises(ValidationError) as refused:
        attach(admin, version_1, fake)

    assert refused.value.code == "content"
    assert not RulesSignedSheet.objects.exists()


def test_a_zip_without_a_signature_is_not_a_signed_e_document():
    with pytest.raises(ValidationError) as refused:
        check_signed_sheet(edoc("neparakstits.asice", signed=False))

    assert refused.value.code == "content"


def test_an_oversized_sheet_is_refused(admin, version_1, settings):
    settings.RULES_SHEET_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as refused:
        attach(admin, version_1, pdf(size=2048))

    assert refused.value.code == "size"
    assert not RulesSignedSheet.objects.exists()


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("lapa.pdf", b"not a pdf at all"), "content"),
        (SimpleUploadedFile("lapa.docx", b"PK\x03\x04"), "extension"),
        (SimpleUploadedFile("lapa.png", b""), "empty"),
    ],
    ids=["pdf-in-name-only", "other-type", "empty"],
)
def test_other_files_are_refused(upload, code):
    with pytest.raises(ValidationError) as refused:
        check_signed_sheet(upload)
    assert refused.value.code == code


# --- Pages and who may open them ------------------------------------------------------------


@pytest.mark.rule("9")
def test_the_administrator_attaches_a_sheet_and_marks_who_signed_it_on_the_pages(
    personas, admin, inspector, client_for, version_1
):
    client = client_for(admin)

    response = client.post("/rules/1/signed-sheets/new/", {"file": pdf()})

    sheet = RulesSignedSheet.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/rules/signed-sheets/{sheet.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Atzīmēt, kas parakstīja" in page
    response = client.post(
        f"/rules/signed-sheets/{sheet.pk}/",
        {"employees": [inspector.pk], "signed_on": "2026-11-20"},
    )
    assert response.status_code == 302
    signature = RulesSignature.objects.get()
    assert (signature.employee, signature.signed_on, signature.recorded_by) == (
        inspector,
        SIGNED_ON,
        admin,
    )
    page = client.get(f"/rules/signed-sheets/{sheet.pk}/").content.decode()
    assert "Andris Bērziņš" in page.split('id="signatures"')[1]


def test_a_refused_upload_is_shown_on_the_form(admin, client_for, version_1):
    fake = SimpleUploadedFile("noteikumi.edoc", b"not a container")

    response = client_for(admin).post("/rules/1/signed-sheets/new/", {"file": fake})

    assert response.status_code == 400
    assert "nav parakstīts e-dokuments" in response.content.decode()
    assert not RulesSignedSheet.objects.exists()


@pytest.mark.rule("9")
@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("head", 200), ("unithead", 403), ("reception", 403), ("outsider", 403)],
)
def test_only_head_and_administrators_get_the_signed_file_and_the_sheet(
    personas, admin, client_for, version_1, persona, status
):
    sheet = attach(admin, version_1)
    client = client_for(personas[persona])

    response = client.get(f"/rules/signed-sheets/{sheet.pk}/file/")

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Cache-Control"] == "private, no-store"
        assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/rules/signed-sheets/{sheet.pk}/").status_code == status
    assert client.get("/rules/1/sheet/").status_code == status


@pytest.mark.parametrize(("persona", "status"), [("admin", 200), ("head", 403), ("reception", 403)])
def test_only_administrators_open_the_upload_page(personas, client_for, persona, status):
    assert client_for(personas[persona]).get("/rules/1/signed-sheets/new/").status_code == status


def test_the_head_cannot_mark_signatures(personas, head, admin, inspector, client_for, version_1):
    sheet = attach(admin, version_1)

    response = client_for(head).post(
        f"/rules/signed-sheets/{sheet.pk}/",
        {"employees": [inspector.pk], "signed_on": "2026-11-20"},
    )

    assert response.status_code == 403
    assert not RulesSignature.objects.exists()


@pytest.mark.rule("9")
def test_the_demo_register_has_the_staff_without_logins():
    call_command("demo_data", stdout=StringIO())

    register = rules_register(RulesVersion.objects.get(number=1))

    without_login = {row.name for row in register.rows if not row.has_login}
    assert {"Olga Petrova", "Andris Bērziņš", "Sergejs Ivanovs"} <= without_login
    assert without_login <= {row.name for row in register.missing}


@pytest.mark.rule("9")
def test_a_signature_recorded_by_mistake_is_withdrawn_and_the_employee_is_missing_again(
    personas, head, admin, inspector, client_for, version_1
):
    sheet = attach(admin, version_1)
    [signature] = rules_signatures_record(
        actor=admin, sheet=sheet, employees=[inspector], signed_on=SIGNED_ON
    )
    url = f"/rules/signed-sheets/{sheet.pk}/"
    assert (
        f"/rules/signatures/{signature.pk}/withdraw/" in client_for(admin).get(url).content.decode()
    )
    assert "/withdraw/" not in client_for(head).get(url).content.decode()

    refused = client_for(head).post(f"/rules/signatures/{signature.pk}/withdraw/")
    assert refused.status_code == 403
    response = client_for(admin).post(f"/rules/signatures/{signature.pk}/withdraw/")

    assert response.status_code == 302 and response["Location"] == url
    assert not RulesSignature.objects.exists()
    assert inspector in [row.employee for row in rules_register(version_1).missing]
    assert RulesSignedSheet.objects.filter(pk=sheet.pk).exists()  # the sheet stays


def test_a_number_beyond_any_employee_is_refused_as_a_choice(inspector):
    from servicedesk.forms.rules import SignaturesForm
    from servicedesk.models import Employee

    form = SignaturesForm(
        data={"employees": ["99999999999999999999"], "signed_on": "2026-11-20"},
        employees=Employee.objects.all(),
    )
    assert not form.is_valid()
    assert "employees" in form.errors
