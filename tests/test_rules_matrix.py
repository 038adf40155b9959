"""``manage.py rules_matrix``: clause → tests from the ``rule`` markers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from servicedesk.management.commands.rules_matrix import (
    Clause,
    atoms,
    build_matrix,
    covers,
    is_valid_clause,
    read_rules,
    render_markdown,
)

ROOT = Path(__file__).resolve().parent.parent

SMALL_RULES = """\
| clause | what it says (short) | what the desk does | kind |
|---|---|---|---|
| 3.2 | Acceptable working hours | Reception hours | must |
| 4.8–4.9 | Ask contact persons | Consultation requests | must |
| 4.7 | Use the website | Knowledge base search | guide |
"""

SMALL_TESTS = """\
import pytest

@pytest.mark.rule("3.2")
def test_hours():
    pass

@pytest.mark.rule("4.9")
def test_consultation_answer():
    pass
"""


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run(
        [sys.executable, "manage.py", "rules_matrix", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("4.11", {"4.11"}),
        ("4.8–4.9", {"4.8", "4.9"}),
        ("2.1.6.1–2", {"2.1.6.1", "2.1.6.2"}),
        ("4.2.1–4.2.3", {"4.2.1", "4.2.2", "4.2.3"}),
        ("Annex 1, typical", {"annex 1 typical"}),
    ],
)
def test_a_clause_name_stands_for_its_single_clauses(name, expected):
    assert atoms(name) == expected


def test_a_marker_covers_its_row_a_clause_in_its_range_and_a_sub_clause():
    assert covers("4.11", "4.11")
    assert covers("4.1.3", "4.1.2–4.1.3")
    assert covers("2.1.6.2", "2.1.6.1–2")
    assert covers("4.3.1.1", "4.3.1")
    assert covers("annex 1, typical", "Annex 1, typical")
    assert not covers("4.1", "4.11")
    assert not covers("4.1", "4.1.1")  # a whole chapter does not show one clause
    assert not covers("4.10.1", "4.1.1")
    assert not covers("Annex 1, typical", "Annex 1, atypical")


@pytest.mark.parametrize(
    ("clause", "valid"),
    [
        ("4.11", True),
        ("4.2.1–4.2.3", True),
        ("Annex 1, atypical", True),
        ("4.11.", False),
        ("clause 4", False),
        ("", False),
        (4.11, False),
    ],
)
def test_marker_arguments_must_look_like_clauses(clause, valid):
    assert is_valid_clause(clause) is valid


def test_the_clause_table_is_read_from_docs_rules_md():
    rules = read_rules()

    clauses = {row.clause: row.kind for row in rules}
    assert clauses["4.11"] == "must"
    assert clauses["4.1.4"] == "guide"
    assert clauses["Annex 1, atypical"] == "must"
    assert len([r for r in rules if r.kind == "must"]) >= 35


def test_matrix_lists_tests_per_clause_and_markers_naming_no_clause():
    rules = [
        Clause("3.2", "hours", "Reception hours", "must"),
        Clause("4.8–4.9", "ask", "Consultations", "must"),
        Clause("7.1", "routing", "Routing", "must"),
    ]
    markers = {
        "tests/a.py::test_hours": ["3.2"],
        "tests/b.py::test_answer": ["4.9", "99.1"],
    }

    matrix, unmatched = build_matrix(rules, markers)
    text = render_markdown(rules, matrix, unmatched)

    assert matrix == {
        "3.2": ["tests/a.py::test_hours"],
        "4.8–4.9": ["tests/b.py::test_answer"],
        "7.1": [],
    }
    assert unmatched == [("tests/b.py::test_answer", "99.1")]
    assert "| 3.2 | must | Reception hours | `tests/a.py::test_hours` |" in text
    assert "| 7.1 | must | Routing | **none** |" in text
    assert "2 of 3" in text


def test_check_passes_when_every_must_clause_has_a_test(tmp_path):
    (tmp_path / "RULES.md").write_text(SMALL_RULES, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_small.py").write_text(SMALL_TESTS, encoding="utf-8")

    result = _manage(
        "--check", "--rules", str(tmp_path / "RULES.md"), "--tests", str(tmp_path / "tests")
    )

    assert result.returncode == 0, result.stderr
    assert "test_small.py::test_consultation_answer" in result.stdout
    assert "2 of 2" in result.stdout


def test_check_fails_and_names_the_must_clause_without_a_test(tmp_path):
    (tmp_path / "RULES.md").write_text(SMALL_RULES + "| 7.2 | Head | Routing | must |\n", "utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_small.py").write_text(SMALL_TESTS, encoding="utf-8")
    args = ["--rules", str(tmp_path / "RULES.md"), "--tests", str(tmp_path / "tests")]

    checked = _manage("--check", *args)
    listed = _manage(*args)

    assert checked.returncode == 1
    assert "1 'must' clauses have no test: 7.2" in checked.stderr
    assert listed.returncode == 0  # without --check it only reports


def test_the_real_suite_is_collected(tmp_path):
    result = _manage()

    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("| 2.1.6.1–2 |"))
    assert "test_auth.py::test_five_failed_logins_lock_the_account" in row
