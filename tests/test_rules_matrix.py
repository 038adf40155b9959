"""``manage.py rules_matrix``: clause → tests from the ``rule`` markers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from servicedesk.management.commands.rules_matrix import (
    Clause,
    Depth,
    Matrix,
    atoms,
    build_matrix,
    covers,
    depth_of,
    describe,
    is_valid_clause,
    read_depths,
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

## Depth

| clause | depth | why |
|---|---|---|
| 3.2 | desk | Hours are computed |
| 4.8–4.9 | desk | Requests are tracked |
| 4.7 | guidance | Search only |
"""

SMALL_TESTS = """\
import pytest

@pytest.mark.rule("3.2")
def test_hours():
    \"\"\"Open now follows the reception hours.

    More words that are not the summary.\"\"\"

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
    assert clauses["4.7"] == "guide"
    assert clauses["Annex 1, atypical"] == "must"
    assert len([r for r in rules if r.kind == "must"]) >= 35


def test_depth_rows_are_read_from_the_depth_section_only(tmp_path):
    path = tmp_path / "RULES.md"
    path.write_text(
        SMALL_RULES + "\n## Later\n\n| 7.1 | desk | after the section |\n", encoding="utf-8"
    )

    depths = read_depths(path)

    assert [(d.clause, d.depth) for d in depths] == [
        ("3.2", "desk"),
        ("4.8–4.9", "desk"),
        ("4.7", "guidance"),
    ]
    assert [row.clause for row in read_rules(path)] == ["3.2", "4.8–4.9", "4.7"]


def test_a_range_row_is_as_deep_as_its_shallowest_part():
    row = Clause("2.1.6.1–2", "data", "Access", "must")
    depths = [Depth("2.1.6.1", "desk", "access"), Depth("2.1.6.2", "evidence", "identity")]

    assert depth_of(row, depths) == depths[1]
    assert depth_of(row, [Depth("2.1.6.1–2", "guidance", "x"), *depths]).depth == "guidance"
    assert depth_of(Clause("4.11", "", "", "must"), depths) is None


def test_a_test_is_described_by_its_docstring_first_line_or_its_name():
    def test_with_doc():
        """The head is told at once.

        Details."""

    def test_without_doc():
        pass

    assert describe(test_with_doc, "test_with_doc") == "The head is told at once."
    assert describe(test_without_doc, "test_callback_is_queued[x]") == "Callback is queued"


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
    depths = [Depth("3.2", "desk", "computed"), Depth("4.8–4.9", "guidance", "help only")]

    tests, unmatched = build_matrix(rules, markers)
    matrix = Matrix(rules, depths, tests, unmatched, {"tests/a.py::test_hours": "Open now"})
    text = render_markdown(matrix)

    assert tests == {
        "3.2": ["tests/a.py::test_hours"],
        "4.8–4.9": ["tests/b.py::test_answer"],
        "7.1": [],
    }
    assert unmatched == [("tests/b.py::test_answer", "99.1")]
    assert "| 3.2 | must | desk | Reception hours | Open now (`tests/a.py::test_hours`) |" in text
    assert "| 7.1 | must | **none** | Routing | **none** |" in text
    assert "2 of 3" in text and "1 of 3 are done by the desk" in text
    problems = " ".join(matrix.problems())
    assert "1 markers name no clause of the table: tests/b.py::test_answer (99.1)" in problems
    assert "1 'must' clauses have no test: 7.1" in problems
    assert "1 'must' clauses have no depth: 7.1" in problems
    assert "1 'must' clauses are guidance only: 4.8–4.9" in problems


def test_check_passes_when_every_must_clause_has_a_test_and_a_depth(tmp_path):
    (tmp_path / "RULES.md").write_text(SMALL_RULES, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_small.py").write_text(SMALL_TESTS, encoding="utf-8")

    result = _manage(
        "--check", "--rules", str(tmp_path / "RULES.md"), "--tests", str(tmp_path / "tests")
    )

    assert result.returncode == 0, result.stderr
    assert "test_small.py::test_consultation_answer" in result.stdout
    assert "Open now follows the reception hours. (`" in result.stdout
    assert "| 4.7 | guide | guidance |" in result.stdout  # a guide row may stay guidance
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


def test_check_fails_on_a_marker_that_names_no_row(tmp_path):
    """A planted "3.5" marker (the chapter, not a row of the table) fails the check."""
    (tmp_path / "RULES.md").write_text(SMALL_RULES, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    planted = SMALL_TESTS + '\n@pytest.mark.rule("3.5")\ndef test_dashboard():\n    pass\n'
    (tmp_path / "tests" / "test_small.py").write_text(planted, encoding="utf-8")
    args = ["--rules", str(tmp_path / "RULES.md"), "--tests", str(tmp_path / "tests")]

    checked = _manage("--check", *args)

    assert checked.returncode == 1
    assert "1 markers name no clause of the table" in checked.stderr
    assert "test_small.py::test_dashboard (3.5)" in checked.stderr
    assert "## Markers naming no clause of the table" in checked.stdout


def test_check_fails_on_a_must_clause_that_is_guidance_only(tmp_path):
    shallow = SMALL_RULES.replace("| 3.2 | desk |", "| 3.2 | guidance |")
    (tmp_path / "RULES.md").write_text(shallow, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_small.py").write_text(SMALL_TESTS, encoding="utf-8")
    args = ["--rules", str(tmp_path / "RULES.md"), "--tests", str(tmp_path / "tests")]

    checked = _manage("--check", *args)

    assert checked.returncode == 1
    assert "1 'must' clauses are guidance only: 3.2" in checked.stderr


def _row(output: str, start: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(start))


def test_the_real_suite_is_collected_and_generic_tests_claim_no_clause():
    result = _manage()

    assert result.returncode == 0, result.stderr
    data_protection = _row(result.stdout, "| 2.1.6.1")
    assert "test_audit.py::test_opening_a_client_card_is_recorded_with_who_when_and_address" in (
        data_protection
    )
    assert "test_every_post_form_on_every_page_carries_the_csrf_token" not in data_protection
    assert "test_the_csp_forbids_inline_scripts" not in data_protection
    assert "test_fuzz.py" not in data_protection
    assert "test_version_1_clauses_are_numbered_as_in_the_text" not in _row(result.stdout, "| 9 |")
    assert "test_phone_screen_timer_prompts_at_ten_minutes" not in _row(result.stdout, "| 4.2.4 |")
    assert "Markers naming no clause" not in result.stdout


def test_every_row_of_the_rules_table_states_its_depth():
    depths = read_depths()

    missing = [row.clause for row in read_rules() if depth_of(row, depths) is None]

    assert missing == []
