"""The letter of a dispatch (cases.dispatch.letter_pdf): Latvian letters, the number, the
signer, and the address inside the window of a C5/DL window envelope."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from cases import services
from cases.dispatch.letter_pdf import letter_pdf, window_rect_points
from cases.models import Dispatch
from servicedesk.selectors.organisation import current_institution


@pytest.fixture
def letter(reception, institution):
    return services.dispatch_to_client(
        actor=reception,
        kind=Dispatch.Kind.SUBMISSION_REPLY,
        target=None,
        name="Ārija Šņore",
        address="Žagaru iela 7-12\nĀdaži, LV-2164",
        subject="Atbilde uz iesniegumu",
        body="Labdien!\n\nJūsu iesniegums ir izskatīts. Ā š ž ņ ļ ķ ģ ū ī ē č.",
    )


def _text_and_positions(pdf: bytes) -> tuple[str, list[tuple[str, float, float]]]:
    page = PdfReader(BytesIO(pdf)).pages[0]
    pieces: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((text.strip(), x, y))

    text = page.extract_text(visitor_text=visit)
    return text, pieces


def test_the_letter_carries_the_latvian_text_the_number_and_the_signer(letter, institution):
    text, _pieces = _text_and_positions(letter_pdf(letter, current_institution()))
    assert letter.number in text
    assert "Ā š ž ņ ļ ķ ģ ū ī ē č" in text
    assert "Atbilde uz iesniegumu" in text
    assert "Laura Kalniņa" in text and "Klientu apkalpošanas speciāliste" in text
    assert institution.name in text


def test_the_address_sits_inside_the_envelope_window(letter):
    _text, pieces = _text_and_positions(letter_pdf(letter, None))
    x0, y0, x1, y1 = window_rect_points()
    for line in ("Ārija Šņore", "Žagaru iela 7-12", "Ādaži, LV-2164"):
        found = [(x, y) for text, x, y in pieces if text == line]
        assert found, line
        x, y = found[0]
        assert x0 <= x <= x1 and y0 <= y <= y1, (line, x, y)
