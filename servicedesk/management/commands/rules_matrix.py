"""Which tests show which clause of the customer service rules (docs/RULES.md), and how deep.

``python manage.py rules_matrix`` collects the test suite (no test runs), reads every
``@pytest.mark.rule("…")`` marker and prints a markdown table: each clause of ``docs/RULES.md``,
its kind, its depth (from the "Depth" section at the end of ``docs/RULES.md``) and the tests that
name it, each with the behaviour it shows (the first line of its docstring, or its name).

``--check`` exits 1 when the matrix overstates the desk:

- a marker names a clause that matches no row of the table (a typo or a clause that is gone);
- a "must" clause has no test;
- a "must" clause has no depth stated, or its depth is "guidance" (the desk only explains);
- a row of the Depth section names no row of the clause table.

Clause names in markers are the rules' own numbers ("4.11", "2.1.2.3") or the table's row
names ("Annex 1, typical"). A marker covers a table row when it names the row itself, a clause
inside the row's range ("4.1.2" for "4.1.2–4.1.3", "2.1.6.2" for "2.1.6.1–2") or a sub-clause of
the row's clause ("4.3.1.1" for "4.3.1").

Depth says what the desk itself does about a clause:

- ``desk``: the desk does it or refuses what breaks it (routes, notifies, blocks, prints);
- ``evidence``: a person does it and the desk records that it was done (a checklist, a signed
  sheet, an offer ticked with its time);
- ``guidance``: the desk only shows help text; a "must" clause may not stay there.
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

DEPTHS = ("desk", "evidence", "guidance")
DEPTH_HEADING = "## Depth"

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


@dataclass(frozen=True)
class Depth:
    clause: str
    depth: str
    why: str


def _table_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def read_rules(path: Path = RULES_FILE) -> list[Clause]:
    """The clause table of docs/RULES.md: ``| clause | says | desk does | kind |`` rows."""
    rows: list[Clause] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = _table_cells(line)
        if len(cells) != 4 or cells[3] not in ("must", "guide"):
            continue  # the header, the separator, anything else
        rows.append(Clause(*cells))
    return rows


def read_depths(path: Path = RULES_FILE) -> list[Depth]:
    """The Depth section of docs/RULES.md: ``| clause | depth | why |`` rows after "## Depth"."""
    rows: list[Depth] = []
    in_section = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_section = line.strip() == DEPTH_HEADING
            continue
        if not in_section or not line.startswith("|"):
            continue
        cells = _table_cells(line)
        if len(cells) == 3 and cells[1].lower() in DEPTHS:
            rows.append(Depth(cells[0], cells[1].lower(), cells[2]))
    return rows


def depth_of(row: Clause, depths: list[Depth]) -> Depth | None:
    """The depth stated for a row: the Depth row naming it, else the shallowest Depth row of a
    clause inside it (a row "2.1.6.1–2" with depths for 2.1.6.1 and 2.1.6.2 is as deep as the
    shallower of the two)."""
    wanted = normalise(row.clause)
    for depth in depths:
        if normalise(depth.clause) == wanted:
            return depth
    parts = [d for d in depths if covers(d.clause, row.clause) or covers(row.clause, d.clause)]
    if not parts:
        return None
    return max(parts, key=lambda d: DEPTHS.index(d.depth))


@dataclass
class _Collector:
    """A pytest plugin that records each collected test's rule markers and what it shows."""

    markers: dict[str, list[str]] = field(default_factory=dict)  # node id → clauses
    behaviour: dict[str, str] = field(default_factory=dict)  # node id → what the test shows

    def pytest_collection_finish(self, session: Any) -> None:
        for item in session.items:
            clauses = [str(arg) for mark in item.iter_markers("rule") for arg in mark.args]
            if clauses:
                # Parametrised variants show the same thing: one line per test function.
                node_id = item.nodeid.split("[", 1)[0]
                self.markers.setdefault(node_id, []).extend(clauses)
                self.behaviour[node_id] = describe(getattr(item, "function", None), item.name)


def describe(function: Any, name: str) -> str:
    """What a test shows: its docstring's first line, or its name in words."""
    doc = (getattr(function, "__doc__", None) or "").strip()
    if doc:
        return " ".join(doc.split("\n\n", 1)[0].split())
    words = name.split("[", 1)[0].removeprefix("test_").replace("_", " ")
    return words[:1].upper() + words[1:]


def collect_markers(
    tests_dir: Path = TESTS_DIR,
) -> tuple[dict[str, list[str]], dict[str, str], int, str]:
    """Run pytest's collection in this process; return node id → clauses, node id → what the
    test shows, pytest's exit code (0: collected cleanly) and pytest's output (which names any
    collection error)."""
    import pytest

    collector = _Collector()
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exit_code = pytest.main(
            ["--collect-only", "-q", "-p", "no:cacheprovider", str(tests_dir)],
            plugins=[collector],
        )
    code = 0 if exit_code in (0, 5) else int(exit_code)  # 5: no tests collected
    return collector.markers, collector.behaviour, code, output.getvalue()


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


@dataclass
class Matrix:
    """Everything the command prints and checks."""

    rules: list[Clause]
    depths: list[Depth]
    tests: dict[str, list[str]]  # row clause → node ids
    unmatched: list[tuple[str, str]]
    behaviour: dict[str, str] = field(default_factory=dict)

    def depth(self, row: Clause) -> str:
        found = depth_of(row, self.depths)
        return found.depth if found else ""

    def stray_depths(self) -> list[Depth]:
        """Depth rows that name no row of the clause table."""
        return [d for d in self.depths if not any(depth_of(r, [d]) for r in self.rules)]

    def problems(self) -> list[str]:
        """Why ``--check`` fails: one sentence per kind of overstatement."""
        must = [row for row in self.rules if row.kind == "must"]
        found: list[str] = []
        if self.unmatched:
            names = sorted({f"{node} ({marker})" for node, marker in self.unmatched})
            found.append(f"{len(names)} markers name no clause of the table: {', '.join(names)}")
        untested = [row.clause for row in must if not self.tests[row.clause]]
        if untested:
            found.append(f"{len(untested)} 'must' clauses have no test: {', '.join(untested)}")
        no_depth = [row.clause for row in must if not self.depth(row)]
        if no_depth:
            found.append(f"{len(no_depth)} 'must' clauses have no depth: {', '.join(no_depth)}")
        shallow = [row.clause for row in must if self.depth(row) == "guidance"]
        if shallow:
            found.append(f"{len(shallow)} 'must' clauses are guidance only: {', '.join(shallow)}")
        stray = [d.clause for d in self.stray_depths()]
        if stray:
            found.append(f"{len(stray)} depth rows name no clause of the table: {', '.join(stray)}")
        return found


def _tests_cell(matrix: Matrix, row: Clause) -> str:
    nodes = matrix.tests[row.clause]
    if not nodes:
        return "**none**" if row.kind == "must" else "—"
    return "<br>".join(f"{matrix.behaviour.get(node, node)} (`{node}`)" for node in nodes)


def render_markdown(matrix: Matrix) -> str:
    must = [row for row in matrix.rules if row.kind == "must"]
    covered = [row for row in must if matrix.tests[row.clause]]
    deep = [row for row in must if matrix.depth(row) in ("desk", "evidence")]
    lines = [
        "# Rules → tests",
        "",
        "Generated by `python manage.py rules_matrix` from docs/RULES.md and the "
        "`@pytest.mark.rule` markers.",
        f'{len(covered)} of {len(must)} "must" clauses have at least one test; '
        f"{len(deep)} of {len(must)} are done by the desk or recorded as evidence.",
        "",
        "| clause | kind | depth | what the desk does | tests (what each shows) |",
        "|---|---|---|---|---|",
    ]
    for row in matrix.rules:
        depth = matrix.depth(row) or ("**none**" if row.kind == "must" else "—")
        lines.append(
            f"| {row.clause} | {row.kind} | {depth} | {row.does} | {_tests_cell(matrix, row)} |"
        )
    if matrix.unmatched:
        lines += ["", "## Markers naming no clause of the table", ""]
        lines += [f"- `{node}`: {marker}" for node, marker in matrix.unmatched]
    stray = matrix.stray_depths()
    if stray:
        lines += ["", "## Depth rows naming no clause of the table", ""]
        lines += [f"- {d.clause}: {d.depth}" for d in stray]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = (
        "Print the rules → tests matrix (markdown) with each clause's depth; --check exits 1 "
        "when a marker names no clause, or a 'must' clause has no test or is guidance only."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help=(
                "exit 1 when a marker names no clause of the table, a 'must' clause has no "
                "test, no depth or only guidance, or the tests do not collect"
            ),
        )
        parser.add_argument("--rules", type=Path, default=RULES_FILE, help="the clause table")
        parser.add_argument("--tests", type=Path, default=TESTS_DIR, help="the tests to collect")

    def handle(self, *args: Any, **options: Any) -> None:
        rules = read_rules(options["rules"])
        if not rules:
            raise CommandError(f"no clause table in {options['rules']}")
        markers, behaviour, collect_error, pytest_output = collect_markers(options["tests"])
        tests, unmatched = build_matrix(rules, markers)
        matrix = Matrix(rules, read_depths(options["rules"]), tests, unmatched, behaviour)
        self.stdout.write(render_markdown(matrix), ending="")
        if collect_error:
            message = f"pytest could not collect the tests (exit code {collect_error})"
            self.stderr.write(pytest_output[-4000:])
            if options["check"]:
                raise CommandError(message)
            self.stderr.write(message)
        problems = matrix.problems()
        if options["check"] and problems:
            raise CommandError("; ".join(problems))
