"""CSV and XLSX exports of the registers (3.5.1): every export of feedback items (the
registers' and the feedback register's old ``/complaints/export.csv``) is written here.

Only the rows the exporting user may see (``selectors.register_items`` goes through
``complaints_visible_to``), and of those only the register data: never the texts, and the
subject description and outcome only where the user may read the item's content
(``selectors.readable_content``: ethics and restricted-access items stay with their reviewers,
4.1.3). Headers in the user's language
(Latvian by default); dates as Latvians write them (26.11.2026.). The CSV carries a UTF-8
byte-order mark and ";" as separator, which is what Excel set to Latvian expects. Text typed
on the public form never becomes a formula (``servicedesk.spreadsheets``)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from servicedesk.spreadsheets import SafeCsvWriter, xlsx_text_cell

DATE_FORMAT = "%d.%m.%Y."
#: Excel's number format for the same: the trailing dot is a literal.
XLSX_DATE_FORMAT = "DD.MM.YYYY."
CHUNK = 2000
FORMATS = ("csv", "xlsx")

Cell = str | date | None


def _subject(item: Any) -> str:
    if not item.subject_kind:
        return ""
    label = item.get_subject_kind_display()
    if item.subject_employee_id and item.content_readable:
        return f"{label}: {item.subject_employee.full_name}"
    return str(label)


def _within_deadline(item: Any) -> str:
    if item.answered_on is None:
        return ""
    return _("yes") if item.answered_on <= item.reply_due else _("no")


def columns() -> list[tuple[str, Callable[[Any], Cell]]]:
    """(header, value) of each column, headers translated now (the request's language)."""
    return [
        (_("Register number"), lambda i: i.register_number),
        (_("Kind"), lambda i: str(i.get_kind_display())),
        (_("Channel"), lambda i: str(i.get_channel_display())),
        (_("Subject"), _subject),
        (_("Service or process"), lambda i: i.topic),
        (_("Reviewed by"), lambda i: str(i.authority.get_kind_display())),
        (_("Clause"), lambda i: i.routing_clause),
        (_("State"), lambda i: str(i.get_state_display())),
        (_("Outcome"), lambda i: str(i.get_outcome_display()) if i.content_readable else ""),
        (_("Received on"), lambda i: i.received_on),
        (_("Reply due"), lambda i: i.reply_due),
        (_("Answered on"), lambda i: i.answered_on),
        (_("Answered within the deadline"), _within_deadline),
        (_("Overdue"), lambda i: _("yes") if i.is_overdue else ""),
    ]


def rows(items: Iterable[Any]) -> Iterator[list[Cell]]:
    """The header row, then one row per item (values, dates as dates)."""
    spec = columns()
    yield [header for header, _value in spec]
    for item in items:
        yield [value(item) for _header, value in spec]


def _iterate(items: Any) -> Iterable[Any]:
    # Chunks from a server-side cursor: a large register never sits in memory whole.
    return items.iterator(chunk_size=CHUNK) if hasattr(items, "iterator") else items


def _csv_cell(cell: Any) -> Any:
    """Dates as Latvians write them, decimals with a comma (as Excel set to Latvian reads)."""
    if isinstance(cell, date):
        return cell.strftime(DATE_FORMAT)
    if isinstance(cell, float):
        return f"{cell:.1f}".replace(".", ",")
    return "" if cell is None else cell


def csv_response(items: Any, filename: str) -> HttpResponse:
    return table_csv_response(rows(_iterate(items)), filename)


def table_csv_response(table: Iterable[list[Any]], filename: str) -> HttpResponse:
    """A header row and data rows (text, numbers, dates) as the registers' CSV."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # the byte-order mark makes Excel read UTF-8
    writer = SafeCsvWriter(response, delimiter=";")
    for row in table:
        writer.writerow([_csv_cell(cell) for cell in row])
    return response


def xlsx_response(items: Any, filename: str, *, sheet_title: str) -> HttpResponse:
    return table_xlsx_response(rows(_iterate(items)), filename, sheet_title=sheet_title)


def table_xlsx_response(
    table: Iterable[list[Any]], filename: str, *, sheet_title: str
) -> HttpResponse:
    """A header row (bold) and data rows as the registers' XLSX: real dates and numbers, text
    never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)
    spec_rows = iter(table)
    header = next(spec_rows)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in spec_rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = XLSX_DATE_FORMAT
                cells.append(cell)
            elif isinstance(value, str) and value:
                # A string cell, even when the text starts with "=": never a formula.
                cells.append(xlsx_text_cell(sheet, value))
            else:
                cells.append(None if value == "" else value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def response(items: Any, fmt: str, *, filename: str, sheet_title: str) -> HttpResponse:
    """The items as ``fmt`` (one of ``FORMATS``), as a download named ``filename``."""
    if fmt == "xlsx":
        return xlsx_response(items, filename, sheet_title=sheet_title)
    return csv_response(items, filename)
