"""Modules and functions stay a size one can read (ARCHITECTURE.md: "Split a module into a
package when it passes ~600 lines, by topic").

Every module of the three apps (migrations, tests and the commands that build demo data left
out) has at most ``MODULE_LINES`` lines, and every function or method at most
``FUNCTION_LINES`` lines from its ``def`` to its last line, docstring included.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("servicedesk", "cases", "complaints")
MODULE_LINES = 600
FUNCTION_LINES = 60


def _measured(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    if "migrations" in parts or "tests" in parts:
        return False
    # The demo-data commands are long lists of sample records, not logic.
    return not ("commands" in parts and path.name.lstrip("_").startswith("demo"))


def _functions(
    tree: ast.AST, prefix: str = ""
) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function and method with its qualified name (``Class.method``, ``outer.inner``)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                yield name, node
            yield from _functions(node, f"{name}.")
        else:
            yield from _functions(node, prefix)


def oversized(root: Path = ROOT) -> dict[str, int]:
    """Every module and function over the limits, with its length in lines."""
    found: dict[str, int] = {}
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if not _measured(path, root):
                continue
            text = path.read_text(encoding="utf-8")
            where = path.relative_to(root).as_posix()
            if (lines := len(text.splitlines())) > MODULE_LINES:
                found[where] = lines
            for name, node in _functions(ast.parse(text, where)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > FUNCTION_LINES:
                    found[f"{where}::{name}"] = length
    return found


def test_no_module_or_function_is_over_the_limit() -> None:
    over = oversized()
    assert not over, (
        f"Over {MODULE_LINES} lines per module or {FUNCTION_LINES} per function; split by "
        "topic: " + ", ".join(f"{key} ({lines} lines)" for key, lines in sorted(over.items()))
    )


def test_the_measure_catches_a_long_function_and_module(tmp_path: Path) -> None:
    """The check itself can fail: a planted long function and long module are found."""
    package = tmp_path / "servicedesk"
    package.mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES))
    (package / "long.py").write_text(f"def long():\n{body}\n", encoding="utf-8")
    (package / "big.py").write_text("x = 1\n" * (MODULE_LINES + 1), encoding="utf-8")
    (package / "migrations").mkdir()
    (package / "migrations" / "0001_big.py").write_text("x = 1\n" * 700, encoding="utf-8")
    for app in APPS[1:]:
        (tmp_path / app).mkdir()
    assert oversized(tmp_path) == {
        "servicedesk/big.py": MODULE_LINES + 1,
        "servicedesk/long.py::long": FUNCTION_LINES + 1,
    }
