"""Name badges (2.2, 3.3) and work IDs (2.3): the admin actions, the print page and the PDF."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from servicedesk import badges
from tests.factories import EmployeeFactory, UnitFactory

PRINT_URL = reverse("badges_print")
CHANGELIST = "/admin/servicedesk/employee/"
VALID_UNTIL = dt.date(2099, 11, 26)

NAMES = [
    ("Jānis", "Ozols"),
    ("Līga", "Kļaviņa"),
    ("Ģirts", "Šķēle"),
    ("Ūna", "Žagare"),
    ("Ēriks", "Čakste"),
    ("Aija", "Ņikitina"),
    ("Kārlis", "Bērziņš"),
    ("Zane", "Liepa"),
    ("Oskars", "Kalns"),
    ("Inga", "Strazda"),
    ("Rihards", "Ēcis"),
    ("Marta", "Ābele"),
]


def _png(colour: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (60, 80), colour).save(buffer, "PNG")
    return SimpleUploadedFile(f"{colour}.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def unit(institution):
    return UnitFactory(institution=institution, name="Klientu apkalpošanas centrs")


@pytest.fixture
def twelve(unit):
    return [
        EmployeeFactory(
            user=None,
            first_name=first,
            last_name=last,
            unit=unit,
            position=f"Speciālists nr. {n}",
            work_id_number=f"AADSO-{n:03}",
            work_id_valid_until=VALID_UNTIL,
        )
        for n, (first, last) in enumerate(NAMES, start=1)
    ]


def _ids(employees) -> str:
    return ",".join(str(e.pk) for e in employees)


def _pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


# --- the admin actions --------------------------------------------------------------------


@pytest.mark.rule("2.2", "3.3")
def test_badge_action_on_employee_list_opens_print_page_with_selected_ids(
    admin, client_for, twelve
):
    chosen = twelve[:3]
    response = client_for(admin).post(
        CHANGELIST,
        {"action": "print_name_badges", "_selected_action": [e.pk for e in chosen]},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{PRINT_URL}?kind=badge&ids={_ids(chosen).replace(',', '%2C')}"
    page = client_for(admin).get(response["Location"])
    assert page.content.decode().count('class="print-card ') == 3


@pytest.mark.rule("2.3")
def test_work_id_action_opens_print_page_when_all_work_ids_are_valid(admin, client_for, twelve):
    response = client_for(admin).post(
        CHANGELIST,
        {"action": "print_work_ids", "_selected_action": [twelve[0].pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{PRINT_URL}?kind=work_id&ids={twelve[0].pk}"


@pytest.mark.rule("2.3")
def test_work_id_action_refuses_an_expired_work_id_and_names_it(admin, client_for, twelve):
    expired_on = timezone.localdate() - dt.timedelta(days=1)
    twelve[0].work_id_valid_until = expired_on
    twelve[0].save()

    response = client_for(admin).post(
        CHANGELIST,
        {"action": "print_work_ids", "_selected_action": [twelve[0].pk, twelve[1].pk]},
        follow=True,
    )

    assert response.redirect_chain[-1][0].startswith(CHANGELIST)
    text = response.content.decode()
    # Checked language-neutrally: the message names the employee and the expiry date.
    (message,) = [str(m) for m in response.context["messages"]]
    assert "Jānis Ozols" in message and f"{expired_on:%d.%m.%Y.}" in message
    assert "Līga" not in message
    assert "print-card" not in text


# --- the print page -----------------------------------------------------------------------


@pytest.mark.rule("2.2", "3.3")
def test_print_page_shows_name_surname_position_and_institution_ten_cards_a_sheet(
    admin, client_for, twelve, institution
):
    response = client_for(admin).get(PRINT_URL, {"kind": "badge", "ids": _ids(twelve)})

    assert response.status_code == 200
    html = response.content.decode()
    sheets = html.split('<section class="print-sheet"')[1:]
    assert len(sheets) == 2
    assert [s.count('class="print-card ') for s in sheets] == [10, 2]
    for employee in twelve:
        assert f'print-card__first-name">{employee.first_name}<' in html
        assert f'print-card__surname">{employee.last_name}<' in html
        assert f"{employee.position}<" in html
    assert html.count("Atkritumu apsaimniekošanas Dienvidlatgales") >= 12
    assert 'href="?kind=badge&amp;ids=' in html and "format=pdf" in html


@pytest.mark.rule("2.2")
def test_print_page_draws_crop_marks_at_card_corners(admin, client_for, twelve):
    html = client_for(admin).get(PRINT_URL, {"kind": "badge", "ids": _ids(twelve)}).content
    sheets = html.decode().split('<section class="print-sheet"')[1:]

    # Full sheet: 3 vertical cuts × top and bottom + 6 horizontal cuts × left and right.
    # Second sheet, one row of two cards: 3 × 2 + 2 × 2.
    assert [s.count('<line class="crop-mark"') for s in sheets] == [18, 10]
    # mm coordinates, not localised with a decimal comma.
    assert 'x1="14.0" y1="11.0" x2="9.0" y2="11.0"' in sheets[0]


@pytest.mark.rule("2.2")
def test_crop_marks_stay_outside_every_card_and_on_the_page(unit):
    employees = [EmployeeFactory(user=None, unit=unit) for _ in range(10)]
    (sheet,) = badges.layout_sheets(employees)

    assert len(sheet.crop_marks) == 18
    for mark in sheet.crop_marks:
        for card in sheet.cards:
            inside_x = card.x_mm < mark.x1 < card.x_mm + 90 or card.x_mm < mark.x2 < card.x_mm + 90
            inside_y = card.y_mm < mark.y1 < card.y_mm + 55 or card.y_mm < mark.y2 < card.y_mm + 55
            assert not (inside_x and inside_y)
        assert min(mark.x1, mark.x2) > 0 and max(mark.x1, mark.x2) < 210
        assert min(mark.y1, mark.y2) > 0 and max(mark.y1, mark.y2) < 297
    assert (sheet.cards[0].x_mm, sheet.cards[0].y_mm) == (15, 11)
    assert (sheet.cards[9].x_mm, sheet.cards[9].y_mm) == (105, 231)


def test_print_page_queries_do_not_grow_with_the_number_of_cards(admin, client_for, twelve):
    client = client_for(admin)
    client.get(PRINT_URL, {"kind": "badge", "ids": _ids(twelve[:1])})  # warm the session

    counts = []
    for chosen in (twelve[:2], twelve):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PRINT_URL, {"kind": "badge", "ids": _ids(chosen)}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- the PDF ------------------------------------------------------------------------------


@pytest.mark.rule("2.2", "3.3")
def test_pdf_download_has_a_page_per_sheet_with_latvian_names(admin, client_for, twelve):
    response = client_for(admin).get(
        PRINT_URL, {"kind": "badge", "ids": _ids(twelve), "format": "pdf"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 2
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = _pdf_text(reader)
    for first, last in NAMES:
        assert first in text and last in text
    assert "Speciālists nr. 12" in text


def test_pdf_uses_the_packaged_font_when_the_machine_has_no_dejavu(
    admin, client_for, twelve, monkeypatch, tmp_path
):
    monkeypatch.setattr(badges, "DEJAVU_DIR", tmp_path / "no-fonts")
    badges._fonts.cache_clear()
    try:
        response = client_for(admin).get(
            PRINT_URL, {"kind": "badge", "ids": _ids(twelve[:4]), "format": "pdf"}
        )
        reader = PdfReader(BytesIO(response.content))
        fonts = reader.pages[0]["/Resources"]["/Font"]
        assert any("NotoSans" in str(f.get_object()["/BaseFont"]) for f in fonts.values())
        text = _pdf_text(reader)
        assert "Kļaviņa" in text and "Šķēle" in text and "Žagare" in text
    finally:
        badges._fonts.cache_clear()


@pytest.mark.rule("2.2", "2.3")
def test_pdf_draws_the_institution_logo_and_employee_photo(admin, client_for, twelve, institution):
    institution.logo = _png("green")
    institution.save()
    twelve[0].photo = _png("blue")
    twelve[0].save()

    badge_pdf = client_for(admin).get(
        PRINT_URL, {"kind": "badge", "ids": _ids(twelve[:2]), "format": "pdf"}
    )
    work_id_pdf = client_for(admin).get(
        PRINT_URL, {"kind": "work_id", "ids": _ids(twelve[:2]), "format": "pdf"}
    )

    badge_images = PdfReader(BytesIO(badge_pdf.content)).pages[0].images
    work_id_images = PdfReader(BytesIO(work_id_pdf.content)).pages[0].images
    assert len(badge_images) >= 1  # the logo
    assert len(work_id_images) >= 2  # the logo and the photo
    html = client_for(admin).get(PRINT_URL, {"kind": "work_id", "ids": _ids(twelve[:2])})
    assert html.content.decode().count('class="print-card__photo"') == 1


# --- work IDs -----------------------------------------------------------------------------


@pytest.mark.rule("2.3")
def test_work_id_cards_show_number_and_valid_until(admin, client_for, twelve):
    client = client_for(admin)
    query = {"kind": "work_id", "ids": _ids(twelve[:2])}

    html = client.get(PRINT_URL, query).content.decode()
    assert html.count('class="print-card print-card--work-id"') == 2
    assert "AADSO-001" in html and "AADSO-002" in html
    assert html.count("26.11.2099.") == 2

    pdf = client.get(PRINT_URL, {**query, "format": "pdf"})
    text = _pdf_text(PdfReader(BytesIO(pdf.content)))
    assert "AADSO-001" in text and "26.11.2099." in text


@pytest.mark.rule("2.3")
def test_expired_work_id_is_refused_and_nothing_is_printed(admin, client_for, twelve):
    expired_on = timezone.localdate() - dt.timedelta(days=1)
    twelve[1].work_id_valid_until = expired_on
    twelve[1].save()
    query = {"kind": "work_id", "ids": _ids(twelve[:3])}

    for response in (
        client_for(admin).get(PRINT_URL, query),
        client_for(admin).get(PRINT_URL, {**query, "format": "pdf"}),
    ):
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        text = response.content.decode()
        assert "Līga Kļaviņa" in text and f"{expired_on:%d.%m.%Y.}" in text
        assert "print-card" not in text
        assert "Jānis" not in text  # the valid ones are not printed either


@pytest.mark.rule("2.3")
def test_work_id_valid_until_today_still_prints(admin, client_for, twelve):
    twelve[0].work_id_valid_until = timezone.localdate()
    twelve[0].save()

    response = client_for(admin).get(PRINT_URL, {"kind": "work_id", "ids": str(twelve[0].pk)})

    assert response.status_code == 200


@pytest.mark.rule("2.3")
def test_work_id_without_number_or_validity_is_refused(admin, client_for, twelve):
    twelve[0].work_id_number = ""
    twelve[0].save()
    twelve[1].work_id_valid_until = None
    twelve[1].save()

    response = client_for(admin).get(PRINT_URL, {"kind": "work_id", "ids": _ids(twelve[:2])})

    assert response.status_code == 400
    text = response.content.decode()
    assert "Jānis Ozols" in text and "Līga Kļaviņa" in text
    # A name badge needs neither.
    assert (
        client_for(admin).get(PRINT_URL, {"kind": "badge", "ids": _ids(twelve[:2])}).status_code
        == 200
    )


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["", "pdf"])
def test_only_administrators_print_cards(reception, head, client_for, twelve, fmt):
    for user in (reception, head):
        response = client_for(user).get(
            PRINT_URL, {"kind": "badge", "ids": _ids(twelve), "format": fmt}
        )
        assert response.status_code == 403


@pytest.mark.parametrize("query", [{}, {"kind": "poster", "ids": "1"}, {"ids": "1,x"}])
def test_malformed_print_link_explains_what_to_do(admin, client_for, query):
    response = client_for(admin).get(PRINT_URL, query)

    assert response.status_code == 400
    assert 'class="alert alert-danger"' in response.content.decode()
