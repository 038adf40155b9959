"""Name badges (rules 2.2, 3.3) and work-ID cards (rule 2.3): sheets, checks and the PDF.

2.2: an employee who serves clients wears a name badge (name, surname, position, institution).
2.3: an employee who visits clients carries a work ID. 3.3: clients can tell who serves them.

The printout is A4 with 90×55 mm cards, two columns by five rows, the grid centred on the page.
Cards touch, so one cut separates two cards; crop marks continue each cut line into the white
space outside the cards and are never drawn over a card. The HTML print page and the PDF both
take their geometry from :func:`layout_sheets`, so they print the same sheet.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from io import BytesIO
from pathlib import Path

from django.db.models.fields.files import FieldFile
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from servicedesk.models import Employee, Institution

logger = logging.getLogger(__name__)

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
CARD_WIDTH_MM = 90.0
CARD_HEIGHT_MM = 55.0
COLUMNS = 2
ROWS = 5
CARDS_PER_SHEET = COLUMNS * ROWS
MARGIN_LEFT_MM = (PAGE_WIDTH_MM - COLUMNS * CARD_WIDTH_MM) / 2  # 15 mm
MARGIN_TOP_MM = (PAGE_HEIGHT_MM - ROWS * CARD_HEIGHT_MM) / 2  # 11 mm
# The mark starts a little away from the card so a cut a hair off the line leaves no ink on it.
CROP_MARK_GAP_MM = 1.0
CROP_MARK_LENGTH_MM = 5.0


class CardKind(StrEnum):
    BADGE = "badge"
    WORK_ID = "work_id"


@dataclass(frozen=True)
class Card:
    """One employee's card in its slot; ``x_mm``/``y_mm`` is the top-left corner on the page."""

    employee: Employee
    institution: Institution | None
    slot: int
    x_mm: float
    y_mm: float


@dataclass(frozen=True)
class CropMark:
    """A line from (x1, y1) to (x2, y2), in mm from the page's top-left corner."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Sheet:
    number: int
    cards: tuple[Card, ...]
    crop_marks: tuple[CropMark, ...]


def slot_origin(slot: int) -> tuple[float, float]:
    """Top-left corner (mm) of slot 0…9, filled left to right, top to bottom."""
    row, column = divmod(slot, COLUMNS)
    return MARGIN_LEFT_MM + column * CARD_WIDTH_MM, MARGIN_TOP_MM + row * CARD_HEIGHT_MM


def _rect(slot: int) -> tuple[float, float, float, float]:
    x, y = slot_origin(slot)
    return x, y, x + CARD_WIDTH_MM, y + CARD_HEIGHT_MM


def _touches_card(mark: CropMark, rects: Iterable[tuple[float, float, float, float]]) -> bool:
    """Whether the mark would lie on a card (edges included: a mark along the cut between two
    cards would print on them)."""
    left, right = sorted((mark.x1, mark.x2))
    top, bottom = sorted((mark.y1, mark.y2))
    return any(
        left <= x1 and right >= x0 and top <= y1 and bottom >= y0 for x0, y0, x1, y1 in rects
    )


def crop_marks(slots: Sequence[int]) -> tuple[CropMark, ...]:
    """Crop marks for the occupied slots: at each card corner, one mark continuing each edge
    outwards, dropped where it would run onto another card, shared marks drawn once."""
    rects = [_rect(slot) for slot in slots]
    gap, length = CROP_MARK_GAP_MM, CROP_MARK_LENGTH_MM
    marks: dict[tuple[float, ...], CropMark] = {}
    for x0, y0, x1, y1 in rects:
        for x, y, dx, dy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
            horizontal = CropMark(x + dx * gap, y, x + dx * (gap + length), y)
            vertical = CropMark(x, y + dy * gap, x, y + dy * (gap + length))
            for mark in (horizontal, vertical):
                if not _touches_card(mark, rects):
                    key = (
                        round(min(mark.x1, mark.x2), 3),
                        round(min(mark.y1, mark.y2), 3),
                        round(max(mark.x1, mark.x2), 3),
                        round(max(mark.y1, mark.y2), 3),
                    )
                    marks.setdefault(key, mark)
    return tuple(marks.values())


def layout_sheets(
    employees: Sequence[Employee], *, default_institution: Institution | None = None
) -> list[Sheet]:
    """Group the employees into A4 sheets of ten cards, in the order given.

    An employee's institution is their unit's; one without a unit gets ``default_institution``.
    """
    sheets: list[Sheet] = []
    for start in range(0, len(employees), CARDS_PER_SHEET):
        chunk = employees[start : start + CARDS_PER_SHEET]
        cards = []
        for slot, employee in enumerate(chunk):
            x, y = slot_origin(slot)
            institution = employee.unit.institution if employee.unit else default_institution
            cards.append(Card(employee, institution, slot, x, y))
        marks = crop_marks([card.slot for card in cards])
        sheets.append(Sheet(len(sheets) + 1, tuple(cards), marks))
    return sheets


def employees_for_print(ids: Iterable[int]) -> list[Employee]:
    """The selected employees with their unit and institution, in the directory's order."""
    return list(Employee.objects.filter(pk__in=list(ids)).select_related("unit__institution"))


def default_institution_for(employees: Sequence[Employee]) -> Institution | None:
    """The institution printed for employees without a unit (the desk serves one institution);
    queried only when someone needs it."""
    if all(employee.unit_id for employee in employees):
        return None
    return Institution.objects.order_by("pk").first()


def work_id_problems(employees: Iterable[Employee], *, today: dt.date) -> list[str]:
    """2.3: why these work IDs must not be printed; empty when all may be.

    A work ID needs a number and a validity date, and must not have expired (valid on its
    last day). The caller prints nothing while any problem remains: a sheet with a card left
    out is easily mistaken for a complete one.
    """
    problems = []
    for employee in employees:
        name = employee.full_name
        if not employee.work_id_number:
            problems.append(_("%(name)s has no work ID number.") % {"name": name})
        if employee.work_id_valid_until is None:
            problems.append(_("The work ID of %(name)s has no validity date.") % {"name": name})
        elif employee.work_id_valid_until < today:
            problems.append(
                _("Work ID of %(name)s expired on %(date)s; renew it before printing.")
                % {
                    "name": name,
                    "date": date_format(employee.work_id_valid_until, "SHORT_DATE_FORMAT"),
                }
            )
    return problems


# --- PDF ------------------------------------------------------------------------------------

# Fonts with every Latvian letter (āčēģīķļņšūž). Debian's DejaVu if the machine has it,
# otherwise Noto Sans from the fontpkg-noto-sans dependency (a variable font with no separate
# bold file: bold is drawn by stroking the outline). Reportlab's own Vera lacks ā, ē, ī, ū.
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str
    fake_bold: bool


def _register(name: str, path: Path) -> str:
    # Reportlab keeps the first font registered under a name, so each file has its own name.
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


@cache
def _fonts() -> _Fonts:
    regular, bold = DEJAVU_DIR / "DejaVuSans.ttf", DEJAVU_DIR / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        return _Fonts(
            _register("DejaVuSans", regular), _register("DejaVuSans-Bold", bold), fake_bold=False
        )
    import fontpkg_noto_sans

    noto = _register("NotoSans", Path(fontpkg_noto_sans.ROOT) / "files" / "NotoSans[wdth,wght].ttf")
    return _Fonts(noto, noto, fake_bold=True)


def _image(field: FieldFile | None) -> ImageReader | None:
    """The uploaded image, or None if there is none or it cannot be read (the card is still
    printed, without the picture)."""
    if not field:
        return None
    try:
        with field.open("rb") as handle:
            data = handle.read()
        image = Image.open(BytesIO(data))
        image.load()
    except (OSError, ValueError):
        logger.warning("Cannot read image %s for a card", field.name)
        return None
    return ImageReader(image)


class _CardPainter:
    """Draws cards on a reportlab canvas. Coordinates in, mm from the card's top-left."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.fonts = _fonts()
        self._logos: dict[int, ImageReader | None] = {}
        self.card: Card | None = None

    def _point(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        assert self.card is not None
        return (self.card.x_mm + x_mm) * mm, (PAGE_HEIGHT_MM - self.card.y_mm - y_mm) * mm

    def text(
        self,
        value: str,
        x_mm: float,
        baseline_mm: float,
        *,
        size: float,
        width_mm: float,
        bold: bool = False,
        min_size: float = 6.0,
    ) -> None:
        """One line, shrunk until it fits the width (long Latvian surnames)."""
        font = self.fonts.bold if bold else self.fonts.regular
        while size > min_size and pdfmetrics.stringWidth(value, font, size) > width_mm * mm:
            size -= 0.5
        fake_bold = bold and self.fonts.fake_bold
        # Fake bold fills and strokes the outline. Render mode and line width are graphics
        # state that reportlab does not reset, so they live only inside a save/restore.
        self.canvas.saveState()
        text = self.canvas.beginText(*self._point(x_mm, baseline_mm))
        text.setFont(font, size)
        if fake_bold:
            text.setTextRenderMode(2)
            self.canvas.setLineWidth(size / 40)
        text.textOut(value)
        self.canvas.drawText(text)
        self.canvas.restoreState()

    def paragraph(
        self, value: str, x_mm: float, top_mm: float, *, size: float, width_mm: float, lines: int
    ) -> float:
        """Up to ``lines`` wrapped lines; returns the y (mm) below the last one."""
        leading = size * 1.2 / mm
        wrapped = simpleSplit(value, self.fonts.regular, size, width_mm * mm)[:lines]
        y = top_mm
        for line in wrapped:
            y += leading
            self.text(line, x_mm, y - leading * 0.25, size=size, width_mm=width_mm)
        return y

    def image(self, image: ImageReader, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> None:
        x, y = self._point(x_mm, y_mm + h_mm)
        self.canvas.drawImage(
            image, x, y, w_mm * mm, h_mm * mm, preserveAspectRatio=True, anchor="c", mask="auto"
        )

    def header(self, institution: Institution | None) -> float:
        """Logo and institution name across the top; returns the y (mm) below it."""
        text_x = 5.0
        if institution is not None:
            if institution.pk not in self._logos:
                self._logos[institution.pk] = _image(institution.logo)
            logo = self._logos[institution.pk]
            if logo is not None:
                self.image(logo, 4.0, 4.0, 16.0, 11.0)
                text_x = 22.0
            self.paragraph(institution.name, text_x, 3.5, size=6.5, width_mm=86.0 - text_x, lines=3)
        self.canvas.setLineWidth(0.3)
        self.canvas.setStrokeGray(0.6)
        self.canvas.line(*self._point(4.0, 16.5), *self._point(86.0, 16.5))
        self.canvas.setStrokeGray(0)
        return 16.5

    def badge(self, card: Card) -> None:
        self.card = card
        employee = card.employee
        self.header(card.institution)
        self.text(employee.first_name, 5.0, 28.0, size=16, width_mm=80.0, bold=True)
        self.text(employee.last_name, 5.0, 36.5, size=16, width_mm=80.0, bold=True)
        self.paragraph(employee.position, 5.0, 40.0, size=9, width_mm=80.0, lines=2)

    def work_id(self, card: Card) -> None:
        self.card = card
        employee = card.employee
        self.header(card.institution)
        text_x = 5.0
        photo = _image(employee.photo)
        if photo is not None:
            self.image(photo, 4.0, 19.0, 24.0, 32.0)
            text_x = 31.0
        width = 86.0 - text_x
        self.text(_("WORK ID"), text_x, 22.5, size=7, width_mm=width)
        self.text(employee.full_name, text_x, 29.0, size=12, width_mm=width, bold=True)
        self.paragraph(employee.position, text_x, 30.5, size=7.5, width_mm=width, lines=2)
        number = _("ID No. %(number)s") % {"number": employee.work_id_number}
        self.text(number, text_x, 45.5, size=8, width_mm=width, bold=True)
        valid = employee.work_id_valid_until
        if valid is not None:
            until = _("Valid until %(date)s") % {"date": date_format(valid, "SHORT_DATE_FORMAT")}
            self.text(until, text_x, 50.5, size=8, width_mm=width)

    def crop_mark(self, mark: CropMark) -> None:
        self.canvas.setLineWidth(0.25)
        self.canvas.line(
            mark.x1 * mm,
            (PAGE_HEIGHT_MM - mark.y1) * mm,
            mark.x2 * mm,
            (PAGE_HEIGHT_MM - mark.y2) * mm,
        )


def render_pdf(sheets: Sequence[Sheet], *, kind: CardKind, title: str) -> bytes:
    """The sheets as a print-ready A4 PDF, one page per sheet, fonts embedded."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH_MM * mm, PAGE_HEIGHT_MM * mm))
    canvas.setTitle(title)
    canvas.setCreator("AADSO klientu apkalpošanas dienests")
    painter = _CardPainter(canvas)
    for sheet in sheets:
        for card in sheet.cards:
            canvas.saveState()
            if kind is CardKind.WORK_ID:
                painter.work_id(card)
            else:
                painter.badge(card)
            canvas.restoreState()
        for mark in sheet.crop_marks:
            painter.crop_mark(mark)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
