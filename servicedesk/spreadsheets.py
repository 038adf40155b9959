"""CSV and XLSX cells that a spreadsheet program shows as text, never runs as a formula.

Anyone can type into the public form, and what they type reaches the registers' exports. A
spreadsheet program takes a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
line break before one) as a formula: ``=HYPERLINK("http://x", "Click")`` becomes a live link in
a staff member's Excel, ``=cmd|'/C calc'!A0`` a command (CSV or formula injection). So every
CSV and XLSX writer of the project goes through this module:

* CSV: such a cell gets a leading apostrophe, which Excel and LibreOffice show as text;
* XLSX: every text is written as a string cell (``t="inlineStr"``, never ``<f>``), and such a
  text is also marked "quote prefix", so that editing the cell does not turn it into a formula.

A value that is only a number, signed or spaced (``-15``, ``+371 26123456``), cannot hold a
formula and is left as it is, so that it still reads as typed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d .,]*")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet program read this text as a formula?"""
    return text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell that opens as text: a formula-like text gets an apostrophe."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


class SafeCsvWriter:
    """``csv.writer`` whose every cell goes through ``csv_cell``."""

    def __init__(self, stream: _Writable, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def xlsx_text_cell(sheet: Any, text: str) -> Any:
    """A write-only XLSX cell that holds ``text`` as a string, whatever it starts with.

    openpyxl would store a text starting with ``=`` as a formula; the data type is forced back
    to string, and a formula-like text gets Excel's quote prefix (shown without an apostrophe,
    kept as text when edited)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell
