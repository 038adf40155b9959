"""No block of code is written twice (STYLE.md: one function serves where the logic is the same).

Two checks over the three apps' Python modules and templates (migrations, tests and the
commands that build demo data left out):

- **the same lines**: six or more consecutive lines, white space folded, that stand again
  elsewhere (blank lines, comments, imports, lone brackets and model field declarations do
  not count);
- **the same shape**: a run of three or more statements inside a function, six or more lines
  long, whose syntax tree is the same as another run's once names, attributes and constants
  are blanked (docstrings left out): the copy that was renamed.

Model field declarations are data, not logic, and are left out of the shape check (a class
body is not a function body).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("servicedesk", "cases", "complaints")
RUN = 6
# A shape is a run of at least this many statements: one long call looks like any other call
# with as many arguments once the values are blanked.
MIN_STATEMENTS = 3
SUFFIXES = (".py", ".html", ".txt")
_SKIP_LINE = re.compile(r"^(#|\{#|from \S+ import|import |[\[\](){}:,]+$)")


def _measured(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    if "migrations" in parts or "tests" in parts or "locale" in parts:
        return False
    return not ("commands" in parts and path.name.lstrip("_").startswith("demo"))


def _files(root: Path) -> Iterator[Path]:
    for app in (*APPS, "templates"):
        for path in sorted((root / app).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file() and _measured(path, root):
                yield path


def _declarations(text: str, suffix: str) -> set[int]:
    """The lines of imports and of model field declarations (``name = models.X(...)`` in a
    class body): lists of names, not logic."""
    if suffix != ".py":
        return set()
    lines: set[int] = set()
    for node in ast.walk(ast.parse(text)):
        spans = []
        if isinstance(node, ast.Import | ast.ImportFrom):
            spans.append(node)
        elif isinstance(node, ast.ClassDef):
            spans += [s for s in node.body if _is_field(s)]
        for span in spans:
            lines.update(range(span.lineno, (span.end_lineno or span.lineno) + 1))
    return lines


def _is_field(statement: ast.stmt) -> bool:
    value = getattr(statement, "value", None)
    if not isinstance(statement, ast.Assign | ast.AnnAssign) or not isinstance(value, ast.Call):
        return False
    func = value.func
    while isinstance(func, ast.Attribute):
        func = func.value
    return isinstance(func, ast.Name) and func.id == "models"


def _significant(text: str, suffix: str = ".py") -> list[tuple[int, str]]:
    skipped = _declarations(text, suffix)
    kept = []
    for number, line in enumerate(text.splitlines(), 1):
        folded = " ".join(line.split())
        if folded and number not in skipped and not _SKIP_LINE.match(folded):
            kept.append((number, folded))
    return kept


def same_lines(root: Path = ROOT) -> list[str]:
    """Every run of ``RUN`` significant lines that stands in two places (first pair shown)."""
    seen: dict[tuple[str, ...], str] = {}
    found: dict[str, str] = {}
    for path in _files(root):
        where = path.relative_to(root).as_posix()
        lines = _significant(path.read_text(encoding="utf-8"), path.suffix)
        for start in range(len(lines) - RUN + 1):
            window = tuple(line for _, line in lines[start : start + RUN])
            here = f"{where}:{lines[start][0]}"
            if window in seen and not seen[window].startswith(f"{where}:"):
                found.setdefault(
                    seen[window].split(":")[0] + " ~ " + where, f"{seen[window]} ~ {here}"
                )
            elif window in seen:
                first = int(seen[window].split(":")[1])
                if lines[start][0] - first >= RUN:  # not an overlap of one run with itself
                    found.setdefault(f"{where} ~ {where}", f"{seen[window]} ~ {here}")
            else:
                seen[window] = here
    return sorted(found.values())


class _Blank(ast.NodeTransformer):
    """Names, attributes, arguments and constants blanked: what is left is the shape."""

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.copy_location(ast.Name(id="_", ctx=node.ctx), node)

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        node.attr = "_"
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.copy_location(ast.Constant(value=None), node)

    def visit_keyword(self, node: ast.keyword) -> ast.AST:
        self.generic_visit(node)
        node.arg = "_"
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg = "_"
        node.annotation = None
        return node


def _bodies(tree: ast.AST) -> Iterator[list[ast.stmt]]:
    """Every list of statements inside a function (a module's or class's own body is left out:
    there stand declarations, model fields among them)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef):
            continue
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                yield body


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


def _span(statements: list[ast.stmt]) -> int:
    return (statements[-1].end_lineno or statements[-1].lineno) - statements[0].lineno + 1


def same_shape(root: Path = ROOT) -> list[str]:
    """Every run of statements (``RUN`` lines or more) whose blanked tree stands twice."""
    places: dict[str, list[str]] = defaultdict(list)
    for path in _files(root):
        if path.suffix != ".py":
            continue
        where = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), where)
        for body in _bodies(tree):
            body = [s for s in body if not _is_docstring(s)]
            for start in range(len(body)):
                for end in range(start + MIN_STATEMENTS, len(body) + 1):
                    run = body[start:end]
                    if _span(run) < RUN:
                        continue
                    blanked = [_Blank().visit(ast.parse(ast.unparse(s)).body[0]) for s in run]
                    key = "|".join(ast.dump(s) for s in blanked)
                    places[key].append(f"{where}:{run[0].lineno}")
                    break  # the shortest run from this start is enough
    found = set()
    for spots in places.values():
        distinct = sorted(set(spots))
        if len(distinct) > 1:
            found.add(" ~ ".join(distinct))
    return sorted(found)


def test_no_block_is_written_twice() -> None:
    repeated = same_lines()
    assert not repeated, "The same lines stand twice; let one function serve: " + "; ".join(
        repeated
    )


def test_no_block_is_copied_under_other_names() -> None:
    repeated = same_shape()
    assert not repeated, "The same code under other names; let one function serve: " + (
        "; ".join(repeated)
    )


def test_the_checks_find_a_planted_copy(tmp_path: Path) -> None:
    """The checks can fail: a copied block and a renamed copy are both found."""
    for app in (*APPS, "templates"):
        (tmp_path / app).mkdir()
    body = "\n".join(f"    total_{i} = compute(x, {i})" for i in range(RUN))
    renamed = body.replace("total_", "sum_").replace("compute", "figure")
    (tmp_path / "cases" / "a.py").write_text(f"def a(x):\n{body}\n", encoding="utf-8")
    (tmp_path / "cases" / "b.py").write_text(f"def b(x):\n{body}\n", encoding="utf-8")
    (tmp_path / "complaints" / "c.py").write_text(f"def c(y):\n{renamed}\n", encoding="utf-8")
    assert same_lines(tmp_path) == ["cases/a.py:2 ~ cases/b.py:2"]
    assert same_shape(tmp_path) == ["cases/a.py:2 ~ cases/b.py:2 ~ complaints/c.py:2"]
