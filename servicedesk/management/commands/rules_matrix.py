"""Which tests show which clause of the customer service rules (docs/RULES.md).

``python manage.py rules_matrix`` collects the test suite (no test runs), reads every
``@pytest.mark.rule("…")`` marker and prints a markdown table: each clause of ``docs/RULES.md``,
its kind, and the tests that name it. ``--check`` exits 1 when a "must" clause has no test.

Clause names in markers are the rules' own numbers ("4.11", "2.1.2.3") or the table's row
names ("Annex 1, typical"). A marker covers a table row when it names the row itself, a clause
inside the row's range ("4.1.2" for "4.1.2–4.1.3", "2.1.6.2" for "2.1.6.1–2") or a sub-clause of
the row's clause ("4.3.1.1" for "4.3.1").
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

RULES_FILE = Path(settings.BASE_DIR) / "docs" / "RULES.md"
TESTS_DIR = Path(settings.BASE_DIR) / "tests"

_NUMBER = r"\d+(?:\.\d+)*"
_NUMBERED = re.compile(rf"^({_NUMBER})(?:-({_NUMBER}))?$")
_ANNEX = re.compile(r"^annex \d+(?: (?:typical|atypical))?$")


def normalise(clause: str) -> str:
    """One spelling per clause: en and em dashes as hyphens, no commas, lower case."""
    text = clause.strip().replace("–", "-").replace("—", "-").replace(",", " ")
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split()).lower()


def is_valid_clause(clause: object) -> bool:
    """A marker argument names a clause: "4.11", "4.2.1–4.2.3", "2.1.6.1–2", "Annex 1, typical"."""
    if not isinstance(clause, str):
        return False
    text = normalise(clause)
    return bool(_NUMBERED.match(text) or _ANNEX.match(text))


def atoms(clause: str) -> frozenset[str]:
    """The single clauses a name stands for: a range "4.8–4.9" is {"4.8", "4.9"}."""
    text = normalise(clause)
    match = _NUMBERED.match(text)
    if not match or not match.group(2):
        return frozenset({text})
    start = match.group(1).split(".")
    end = match.group(2).split(".")
    if len(end) < len(start):  # "2.1.6.1-2": the end repeats only the last parts
        end = start[: len(start) - len(end)] + end
    if start[:-1] != end[:-1] or int(end[-1]) < int(start[-1]):
        return frozenset({text})
    prefix = ".".join(start[:-1])
    return frozenset(
        f"{prefix}.{n}" if prefix else str(n) for n in range(int(start[-1]), int(end[-1]) + 1)
    )


def covers(marker: str, row_clause: str) -> bool:
    """Does a test marked ``marker`` show the table row ``row_clause``?"""
    row_atoms = atoms(row_clause)
    return any(m == r or m.startswith(r + ".") for m in atoms(marker) for r in row_atoms)


@dataclass(frozen=True)
class Clause:
    clause: str
    summary: str
    does: str
    kind: str


def read_rules(path: Path = RULES_FILE) -> list[Clause]:
    """The clause table of docs/RULES.md: ``| clause | says | desk does | kind |`` rows."""
    rows: list[Clause] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[3] not in ("must", "guide"):
            continue  # the header, the separator, anything else
        rows.append(Clause(*cells))
    return rows


@dataclass
class _Collector:
    """A pytest plugin that records each collected test's rule markers."""

    markers: dict[str, list[str]] = field(default_factory=dict)  # node id → clauses

    def pytest_collection_finish(self, session: Any) -> None:
        for item in session.items:
            clauses = [str(arg) for mark in item.iter_markers("rule") for arg in mark.args]
            if clauses:
                # Parametrised variants show the same thing: one line per test function.
                self.markers.setdefault(item.nodeid.split("[", 1)[0], []).extend(clauses)


def collect_markers(tests_dir: Path = TESTS_DIR) -> tuple[dict[str, list[str]], int, str]:
    """Run pytest's collection in this process; return node id → clauses, pytest's exit code
    (0: collected cleanly) and pytest's output (which names any collection error)."""
    import pytest

    collector = _Collector()
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exit_code = pytest.main(
            ["--collect-only", "-q", "-p", "no:cacheprovider", str(tests_dir)],
            plugins=[collector],
        )
    if exit_code not in (0, 5):  # 5: no tests collected
        return collector.markers, int(exit_code), output.getvalue()
    return collector.markers, 0, output.getvalue()


def build_matrix(
    rules: list[Clause], markers: dict[str, list[str]]
) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Row clause → the tests that cover it, and the (test, marker) pairs naming no row."""
    matrix: dict[str, list[str]] = {row.clause: [] for row in rules}
    unmatched: list[tuple[str, str]] = []
    for node_id, clauses in sorted(markers.items()):
        for marker in dict.fromkeys(clauses):
            hits = [row.clause for row in rules if covers(marker, row.clause)]
            for clause in hits:
                if node_id not in matrix[clause]:
                    matrix[clause].append(node_id)
            if not hits:
                unmatched.append((node_id, marker))
    return matrix, unmatched


def render_markdown(
    rules: list[Clause],
    matrix: dict[str, list[str]],
    unmatched: list[tuple[str, str]],
) -> str:
    must = [row for row in rules if row.kind == "must"]
    covered = [row for row in must if matrix[row.clause]]
    lines = [
        "# Rules → tests",
        "",
        "Generated by `python manage.py rules_matrix` from docs/RULES.md and the "
        "`@pytest.mark.rule` markers.",
        f'{len(covered)} of {len(must)} "must" clauses have at least one test.',
        "",
        "| clause | kind | what the desk does | tests |",
        "|---|---|---|---|",
    ]
    for row in rules:
        tests = "<br>".join(f"`{node}`" for node in matrix[row.clause])
        if not tests:
            tests = "**none**" if row.kind == "must" else "—"
        lines.append(f"| {row.clause} | {row.kind} | {row.does} | {tests} |")
    if unmatched:
        lines += ["", "## Markers naming no clause of the table", ""]
        lines += [f"- `{node}`: {marker}" for node, marker in unmatched]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = (
        "Print the rules → tests matrix (markdown) from the tests' @pytest.mark.rule markers; "
        "--check exits 1 when a 'must' clause of docs/RULES.md has no test."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="exit 1 when a 'must' clause has no test (or the tests do not collect)",
        )
        parser.add_argument("--rules", type=Path, default=RULES_FILE, help="the clause table")
        parser.add_argument("--tests", type=Path, default=TESTS_DIR, help="the tests to collect")

    def handle(self, *args: Any, **options: Any) -> None:
        rules = read_rules(options["rules"])
        if not rules:
            raise CommandError(f"no clause table in {options['rules']}")
        markers, collect_error, pytest_output = collect_markers(options["tests"])
        matrix, unmatched = build_matrix(rules, markers)
        self.stdout.write(render_markdown(rules, matrix, unmatched), ending="")
        if collect_error:
            message = f"pytest could not collect the tests (exit code {collect_error})"
            self.stderr.write(pytest_output[-4000:])
            if options["check"]:
                raise CommandError(message)
            self.stderr.write(message)
        uncovered = [row.clause for row in rules if row.kind == "must" and not matrix[row.clause]]
        if options["check"] and uncovered:
            raise CommandError(
                f"{len(uncovered)} 'must' clauses have no test: {', '.join(uncovered)}"
            )
