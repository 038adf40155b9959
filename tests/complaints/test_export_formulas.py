"""Text typed on the public form never runs as a formula in a staff member's spreadsheet
(CSV or formula injection): the register exports write it as text (servicedesk/spreadsheets.py)."""

from __future__ import annotations

import ast
import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from complaints.models import FeedbackItem, Kind, ReplyChannel, SubjectKind
from servicedesk.spreadsheets import SafeCsvWriter, csv_cell, is_formula_like

ROOT = Path(__file__).resolve().parents[2]
HYPERLINK = '=HYPERLINK("http://x","y")'


def submit(subject_description: str) -> FeedbackItem:
    """A citizen's complaint through the public form, naming the service as typed."""
    response = Client().post(
        "/p/",
        {
            "kind": Kind.COMPLAINT,
            "subject_kind": SubjectKind.SERVICE,
            "subject_description": subject_description,
            "text": "Konteiners netika iztukšots.",
            "client_name": "Anna Bērziņa",
            "client_email": "anna@example.lv",
            "reply_channel": ReplyChannel.EMAIL,
            "privacy_accepted": "on",
            "website": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return FeedbackItem.objects.get(subject_description=subject_description)


def export(browser: Client, fmt: str):
    response = browser.get(reverse("complaints:register_export", args=["complaints", fmt]))
    assert response.status_code == 200
    return response


def service_column() -> str:
    with translation.override("lv"):
        return gettext("Service or process")


def csv_cells(response) -> dict[str, str]:
    """Register number → the "Service or process" cell, as the file holds it."""
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index(service_column())
    return {row[0]: row[column] for row in rows[1:]}


def test_a_formula_typed_on_the_public_form_is_text_in_the_csv_export(
    review_authorities, head, client_for
):
    item = submit(HYPERLINK)
    phone = submit("+371 26123456")
    negative = submit("-15")

    cells = csv_cells(export(client_for(head), "csv"))

    assert cells[item.register_number] == "'" + HYPERLINK  # shown as text, never run
    assert cells[phone.register_number] == "+371 26123456"  # a number reads as typed
    assert cells[negative.register_number] == "-15"


def test_a_formula_typed_on_the_public_form_is_a_string_cell_in_the_xlsx_export(
    review_authorities, head, client_for
):
    from openpyxl import load_workbook

    item = submit(HYPERLINK)
    phone = submit("+371 26123456")

    content = export(client_for(head), "xlsx").content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(archive.read(name).decode() for name in sheets)
    assert not re.search(r"<f[\s>]", xml)  # no formula element anywhere
    assert "HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in xml or 'HYPERLINK("http' in xml

    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    column = header.index(service_column())
    cells = {row[0].value: row[column] for row in sheet.iter_rows(min_row=2)}
    hyperlink = cells[item.register_number]
    assert (hyperlink.value, hyperlink.data_type) == (HYPERLINK, "s")
    assert hyperlink.quotePrefix  # Excel keeps it text even when the cell is edited
    number = cells[phone.register_number]
    assert (number.value, number.data_type) == ("+371 26123456", "s")
    assert not number.quotePrefix


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-15", "-15"),
        ("+371 26 123 456", "+371 26 123 456"),
        ("12,5", "12,5"),
        ("Rēķini", "Rēķini"),
        ("a=b", "a=b"),
        ("", ""),
        (None, None),
    ],
)
def test_csv_cells_starting_like_a_formula_get_an_apostrophe(value, written):
    assert csv_cell(value) == written
    if isinstance(value, str) and written != value:
        assert is_formula_like(value)


def test_the_safe_csv_writer_writes_every_cell_through_the_check():
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, delimiter=";")
    writer.writerow(["AADSO/2026/1", "=1+1", 5])
    writer.writerows([["@x", "-7"]])
    assert buffer.getvalue().splitlines() == ["AADSO/2026/1;'=1+1;5", "'@x;-7"]


def _writes_spreadsheets_unsafely(path: Path) -> list[str]:
    """csv.writer/csv.DictWriter outside the safe module, and an XLSX writer (it imports
    openpyxl) that does not take its text cells from the safe module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    uses_openpyxl = uses_safe_cells = False
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"writer", "DictWriter"}
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "csv"
        ):
            found.append(f"csv.{node.func.attr} (line {node.lineno})")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
            uses_openpyxl = True
        if isinstance(node, ast.ImportFrom) and node.module == "servicedesk.spreadsheets":
            uses_safe_cells = uses_safe_cells or "xlsx_text_cell" in {a.name for a in node.names}
    if uses_openpyxl and not uses_safe_cells:
        found.append("writes XLSX without servicedesk.spreadsheets.xlsx_text_cell")
    return found


def test_every_csv_and_xlsx_writer_of_the_project_goes_through_the_safe_module():
    offenders = {}
    for app in ("servicedesk", "cases", "complaints"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "spreadsheets.py":
                continue
            found = _writes_spreadsheets_unsafely(path)
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    assert not offenders, f"use servicedesk.spreadsheets instead: {offenders}"
