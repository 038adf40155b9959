"""The letter of a dispatch as an A4 PDF (docs/correspondence.md, "The letter").

Layout, in millimetres from the page's top-left corner (A4, 210 × 297):

* the letterhead at the top: the institution's name, then its registration number, address,
  phone, e-mail and official e-address on one line, and a rule under them;
* the address block in the window of a C5/DL window envelope (left window): ``WINDOW_LEFT_MM``
  from the left edge, ``WINDOW_TOP_MM`` from the top, ``WINDOW_WIDTH_MM`` × ``WINDOW_HEIGHT_MM``;
  the text keeps ``WINDOW_PADDING_MM`` inside it so a shifted sheet still shows every line;
* the outgoing number and the date on the right, level with the window's top;
* under the window: the subject, the text, and the signer's name and position.

Drawn with ReportLab in Noto Sans (or DejaVu; ``servicedesk.badges._fonts``), which have every
Latvian letter. The page is built with ``SimpleDocTemplate``: the fixed parts are drawn on the
first page's canvas, the text flows below them onto as many pages as it needs."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from cases.models import Dispatch
from servicedesk.badges import _fonts
from servicedesk.models import Institution

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0
WINDOW_LEFT_MM = 20.0
WINDOW_TOP_MM = 45.0
WINDOW_WIDTH_MM = 90.0
WINDOW_HEIGHT_MM = 45.0
WINDOW_PADDING_MM = 4.0
MARGIN_MM = 20.0
#: The text starts this far from the top, under the window.
TEXT_TOP_MM = WINDOW_TOP_MM + WINDOW_HEIGHT_MM + 10.0
ADDRESS_SIZE = 10.5
ADDRESS_LEADING = 13.0
#: The letters are written in the state language (State Language Law).
LETTER_LANGUAGE = "lv"


def window_rect_points() -> tuple[float, float, float, float]:
    """The envelope window as (x0, y0, x1, y1) in PDF points, origin at the bottom-left."""
    x0 = WINDOW_LEFT_MM * mm
    y1 = (PAGE_HEIGHT_MM - WINDOW_TOP_MM) * mm
    return x0, y1 - WINDOW_HEIGHT_MM * mm, x0 + WINDOW_WIDTH_MM * mm, y1


def _letterhead_lines(institution: Institution | None) -> tuple[str, str]:
    if institution is None:
        return "", ""
    details = [
        _("Reg. No. %(number)s") % {"number": institution.registration_number}
        if institution.registration_number
        else "",
        institution.address,
        _("phone %(phone)s") % {"phone": institution.phone} if institution.phone else "",
        institution.email,
        _("e-address %(address)s") % {"address": institution.official_e_address}
        if institution.official_e_address
        else "",
    ]
    return institution.name, ", ".join(part for part in details if part)


class _FirstPage:
    """Draws the letterhead, the number and date and the address block on page one."""

    def __init__(self, dispatch: Dispatch, institution: Institution | None) -> None:
        self.dispatch = dispatch
        self.institution = institution
        self.fonts = _fonts()

    def __call__(self, canvas: Any, doc: Any) -> None:
        regular, bold = self.fonts.regular, self.fonts.bold
        top = PAGE_HEIGHT_MM * mm
        name, details = _letterhead_lines(self.institution)
        canvas.setFont(bold, 13)
        canvas.drawString(MARGIN_MM * mm, top - 18 * mm, name)
        canvas.setFont(regular, 8)
        canvas.drawString(MARGIN_MM * mm, top - 23 * mm, details)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_MM * mm, top - 26 * mm, (PAGE_WIDTH_MM - MARGIN_MM) * mm, top - 26 * mm)
        right = (PAGE_WIDTH_MM - MARGIN_MM) * mm
        canvas.setFont(regular, 10)
        dated = date_format(self.dispatch.dated, "d.m.Y")
        canvas.drawRightString(right, top - WINDOW_TOP_MM * mm - 4 * mm, dated)
        canvas.drawRightString(
            right,
            top - WINDOW_TOP_MM * mm - 9 * mm,
            _("No. %(number)s") % {"number": self.dispatch.number},
        )
        self._address(canvas)

    def _address(self, canvas: Any) -> None:
        x0, _y0, _x1, y1 = window_rect_points()
        pad = WINDOW_PADDING_MM * mm
        lines = [self.dispatch.recipient_name, *self.dispatch.postal_address.splitlines()]
        lines = [line.strip() for line in lines if line.strip()]
        most = int((WINDOW_HEIGHT_MM * mm - 2 * pad) // ADDRESS_LEADING)
        text = canvas.beginText(x0 + pad, y1 - pad - ADDRESS_SIZE)
        text.setFont(self.fonts.regular, ADDRESS_SIZE, leading=ADDRESS_LEADING)
        for line in lines[:most]:
            text.textLine(line)
        canvas.drawText(text)


def _story(dispatch: Dispatch, regular: str, bold: str) -> list[Any]:
    heading = ParagraphStyle("subject", fontName=bold, fontSize=11, leading=14, spaceAfter=8)
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14, spaceAfter=6)
    story: list[Any] = [Paragraph(escape(dispatch.subject), heading)]
    for paragraph in dispatch.body.split("\n\n"):
        if paragraph.strip():
            story.append(Paragraph(escape(paragraph.strip()).replace("\n", "<br/>"), body))
    story.append(Spacer(1, 12 * mm))
    if dispatch.signer_position:
        story.append(Paragraph(escape(dispatch.signer_position), body))
    if dispatch.signer_name:
        story.append(Paragraph(escape(dispatch.signer_name), body))
    return story


def letter_pdf(dispatch: Dispatch, institution: Institution | None) -> bytes:
    """The letter as PDF bytes (the layout above)."""
    buffer = BytesIO()
    with override(LETTER_LANGUAGE):
        fonts = _fonts()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_MM * mm,
            rightMargin=MARGIN_MM * mm,
            topMargin=TEXT_TOP_MM * mm,
            bottomMargin=MARGIN_MM * mm,
            title=dispatch.subject,
            author=institution.name if institution else "",
        )
        first_page = _FirstPage(dispatch, institution)
        document.build(
            _story(dispatch, fonts.regular, fonts.bold),
            onFirstPage=first_page,
            onLaterPages=lambda canvas, doc: None,
        )
    return buffer.getvalue()
