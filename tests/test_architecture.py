"""The shape of the code (ARCHITECTURE.md): servicedesk ← cases ← complaints, and no import
cycles between modules.

The test reads every module of the three apps with ``ast`` (migrations and tests left out)
and follows every import, the ones inside functions too: an import moved into a function
still makes the module depend on the other, it only hides the cycle until run time. A
higher app is reached through the registries the core offers (``servicedesk.start_page``,
``servicedesk.services.privacy.register_source``, ``servicedesk.scopes``), and a service
queues a task by its name (``servicedesk.celery.enqueue``): tasks import services, never
back. A failure prints the offending chain, each step with the file and line of its
import."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Lowest first: each app may import the ones before it, never the ones after it.
APPS = ("servicedesk", "cases", "complaints")


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    where: str  # "path:line" of the import statement


def modules(root: Path, apps: Sequence[str]) -> dict[str, Path]:
    """Every module of the apps by dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts or "tests" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _candidates(name: str, path: Path, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The dotted names one import statement may load: the module, and for ``from x import
    y`` also ``x.y`` (y may be a submodule)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    if node.level:
        package = name.split(".")
        # In a package's __init__ the module *is* the package: "." means itself.
        keep = len(package) - node.level + (1 if path.name == "__init__.py" else 0)
        base = ".".join(package[:keep] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    yield base
    yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(root: Path, apps: Sequence[str]) -> dict[str, dict[str, Edge]]:
    """module → {imported module: the import}, between the apps' own modules only. Importing
    one's own package is left out: Python has imported it before the module runs."""
    mods = modules(root, apps)
    graph: dict[str, dict[str, Edge]] = {name: {} for name in mods}
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):  # every level: function-level imports count
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _candidates(name, path, node):
                while target and target not in mods:  # a name inside a module: the module
                    target = target.rpartition(".")[0]
                if not target or target == name or name.startswith(f"{target}."):
                    continue
                where = f"{path.relative_to(root)}:{node.lineno}"
                graph[name].setdefault(target, Edge(name, target, where))
    return graph


def cycles(graph: dict[str, dict[str, Edge]]) -> list[list[Edge]]:
    """One concrete cycle (a list of imports, back to its start) for each strongly connected
    group of more than one module (Tarjan), shortest from the group's first module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_shortest_cycle(graph, group) for group in groups]


def _shortest_cycle(graph: dict[str, dict[str, Edge]], group: set[str]) -> list[Edge]:
    start = min(group)
    paths: dict[str, list[Edge]] = {start: []}
    queue = [start]
    while queue:  # breadth first inside the group, until an import leads back to the start
        node = queue.pop(0)
        for target, edge in sorted(graph[node].items()):
            if target == start:
                return [*paths[node], edge]
            if target in group and target not in paths:
                paths[target] = [*paths[node], edge]
                queue.append(target)
    raise AssertionError(f"no cycle found in {sorted(group)}")  # Tarjan said there is one


def against_direction(graph: dict[str, dict[str, Edge]], apps: Sequence[str]) -> list[Edge]:
    """Imports from a lower app of a higher one (servicedesk → cases, cases → complaints…)."""
    rank = {app: position for position, app in enumerate(apps)}
    return [
        edge
        for edges in graph.values()
        for edge in edges.values()
        if rank[edge.target.split(".")[0]] > rank[edge.source.split(".")[0]]
    ]


def describe(chain: Iterable[Edge]) -> str:
    return "\n".join(f"  {e.source} → {e.target}   ({e.where})" for e in chain)


# --- The project ------------------------------------------------------------------------------


def test_no_import_cycles_between_modules() -> None:
    found = cycles(import_graph(ROOT, APPS))
    assert not found, "Import cycles (function-level imports count):\n" + "\n\n".join(
        describe(chain) for chain in found
    )


def test_imports_follow_servicedesk_cases_complaints() -> None:
    wrong = against_direction(import_graph(ROOT, APPS), APPS)
    assert not wrong, "Imports against servicedesk ← cases ← complaints:\n" + describe(wrong)


def test_every_app_is_read() -> None:
    """The walk sees the apps' modules (a moved root would make the tests above pass on
    nothing), and it sees imports inside functions."""
    graph = import_graph(ROOT, APPS)
    assert {
        "servicedesk.tasks",
        "cases.services.contacts",
        "complaints.register.services.workflow",
    } <= set(graph)
    # servicedesk.apps imports its selectors inside ready(): the edge is there all the same.
    assert "servicedesk.selectors.data_requests" in graph["servicedesk.apps"]


def test_a_web_process_queues_a_task_by_name_without_importing_the_tasks() -> None:
    """``servicedesk.celery.enqueue`` finds a task that nothing in the process imported yet
    (services never import ``tasks.py``), the way a web process queues a notification."""
    script = (
        "import sys\n"
        "from servicedesk.celery import enqueue\n"
        "assert 'servicedesk.tasks' not in sys.modules, 'already imported'\n"
        "enqueue('servicedesk.tasks.deliver_notification', 0)\n"
        "assert 'servicedesk.tasks' in sys.modules\n"
    )
    env = {**os.environ, "CELERY_BROKER_URL": "memory://", "DJANGO_DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


# --- The checker itself, on planted trees ------------------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_hidden_in_a_function_is_found_with_its_chain(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/a.py": "from low.b import thing\n",
            "low/b.py": "from . import c\nthing = 1\n",
            "low/c.py": "def late():\n    from low import a\n",
            "low/migrations/0001_initial.py": "import high.x\n",  # left out
        },
    )
    found = cycles(import_graph(root, ("low",)))
    assert [[(e.source, e.target) for e in chain] for chain in found] == [
        [("low.a", "low.b"), ("low.b", "low.c"), ("low.c", "low.a")]
    ]
    assert "low/c.py:2" in describe(found[0])


def test_an_import_against_the_direction_is_found_even_inside_a_function(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/a.py": "def late():\n    from high.b import thing\n",
            "high/__init__.py": "",
            "high/b.py": "from low import a\nthing = 1\n",
        },
    )
    graph = import_graph(root, ("low", "high"))
    assert [(e.source, e.target, e.where) for e in against_direction(graph, ("low", "high"))] == [
        ("low.a", "high.b", "low/a.py:2")
    ]
