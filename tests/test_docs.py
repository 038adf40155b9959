"""The documentation names what exists, and nothing cites tracker numbers.

* Every path a page under ``docs/`` or the README names in backticks (``servicedesk/xyz.py``,
  ``templates/notifications/email.txt``) or links to exists in the tree, and every dotted
  Python name it gives in backticks
  (``complaints.register.services.registration.feedback_register``) imports.
* No code, template, test or page refers to a numbered issue: a reader has no tracker to look
  it up in. Cite the clause of the rules or the page of the docs that explains the behaviour.
"""

from __future__ import annotations

import importlib
import re
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
TOP_LEVEL = ("servicedesk", "cases", "complaints", "templates", "static", "tests", "docs", "bench")
TOP_FILES = {"docker-compose.yml", "Dockerfile", "Makefile", "manage.py", "pyproject.toml"}

BACKTICKED = re.compile(r"`([^`\n]+)`")
LINKED = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
# A placeholder or a pattern, not one file: `<template>_body.txt`, `templates/<app>/`, `*.py`.
PLACEHOLDER = re.compile(r"[<>{}*…]|\.\.\.")
PYTHON_NAME = re.compile(r"^(servicedesk|cases|complaints)(\.[A-Za-z_]\w*)+$")
# A numbered issue of a tracker, also when the number is on the next line.
ISSUE_REFERENCE = re.compile(r"\b[Ii]ssues?\s+(?:#|no\.?\s*)?\d+")
SCANNED_SUFFIXES = {".py", ".md", ".html", ".txt", ".js", ".css", ".yml", ".toml", ".cfg"}


def _path_of(token: str) -> str | None:
    """The repository path ``token`` names, or None when it names none."""
    token = token.strip().rstrip(".,:;")
    token = token.split("::", 1)[0]  # tests/x.py::test_y
    if " " in token or PLACEHOLDER.search(token) or token.startswith(("/", "http")):
        return None
    if token in TOP_FILES:
        return token
    first, _, rest = token.partition("/")
    if first in TOP_LEVEL and rest:
        return token
    return None


def _exists(path: str) -> bool:
    """A file or folder; a migration named by app and name (``cases/0005_contact_stats_index``,
    ``servicedesk/0006``); or a template name as Django finds it (``cases/email/abusive_refusal``
    for the ``_subject.txt``/``_body.txt`` pair of a notification)."""
    if (ROOT / path).exists():
        return True
    app, _, rest = path.partition("/")
    if re.fullmatch(r"\d{4}\w*", rest):
        return any((ROOT / app / "migrations").glob(f"{rest}*.py"))
    for name in (path, f"{path}_body.txt", f"{path}.html"):
        try:
            get_template(name)
        except TemplateDoesNotExist:
            continue
        return True
    return False


def _names(page: Path) -> list[tuple[str, str]]:
    text = page.read_text(encoding="utf-8")
    found = [(m.group(1), "backticks") for m in BACKTICKED.finditer(text)]
    found += [(m.group(1), "link") for m in LINKED.finditer(text)]
    return found


def _resolves(dotted: str) -> bool:
    """Import the longest module prefix of ``dotted``, then follow the attributes. Two parts
    may also be a model (``cases.Contact``); two lower-case parts that import nothing are a
    record type or a check id (``cases.client``, ``complaints.E001``), not Python."""
    parts = dotted.split(".")
    if len(parts) == 2 and not _importable(dotted):
        if parts[1][:1].isupper() and not parts[1][1:].isdigit():
            try:
                apps.get_model(parts[0], parts[1])
            except LookupError:
                return False
        return True
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(obj, attribute):
                return False
            obj = getattr(obj, attribute)
        return True
    return False


def _importable(dotted: str) -> bool:
    module, _, attribute = dotted.rpartition(".")
    try:
        return hasattr(importlib.import_module(module), attribute)
    except ImportError:
        return False


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_path_a_page_names_exists(page):
    missing = []
    for token, how in _names(page):
        if how == "link":
            if token.startswith(("http:", "https:", "mailto:")):
                continue
            target = (page.parent / token).resolve()
            if not target.exists():
                missing.append(token)
            continue
        path = _path_of(token)
        if path is not None and not _exists(path):
            missing.append(path)
    assert not missing, f"{page.name} names what does not exist: {sorted(set(missing))}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_python_name_a_page_gives_imports(page, db):
    broken = [
        token
        for token, how in _names(page)
        if how == "backticks"
        and PYTHON_NAME.match(token.rstrip("()"))
        and not _resolves(token.rstrip("()"))
    ]
    assert not broken, f"{page.name} names what cannot be imported: {sorted(set(broken))}"


def test_the_path_check_can_fail():
    assert _path_of("servicedesk/views/health.py") == "servicedesk/views/health.py"
    assert _path_of("templates/notifications/<template>_body.txt") is None
    assert not (ROOT / "servicedesk/no_such_module.py").exists()
    assert not _resolves("complaints.services.no_such_function")
    assert _resolves("complaints.register.services.registration.feedback_register")
    assert not _resolves("cases.NoSuchModel")
    assert not _exists("cases/9999_no_such_migration")
    assert _exists("cases/email/abusive_refusal")


def _scanned_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [
        ROOT / name
        for name in listed
        if Path(name).suffix in SCANNED_SUFFIXES
        and not name.startswith(("locale/", ".venv/"))
        and (ROOT / name).is_file()
    ]


def test_nothing_refers_to_a_numbered_issue():
    found = []
    for path in _scanned_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in ISSUE_REFERENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {match.group()!r}")
    assert not found, "cite the rule's clause or the doc instead:\n" + "\n".join(found)


def test_the_issue_check_can_fail():
    word = "issue"  # spelled apart, so that this file does not trip its own check
    assert ISSUE_REFERENCE.search(f"routed here ({word}\n4, item 3)")
    assert ISSUE_REFERENCE.search(f"{word.title()} 5: the dashboard")
    assert not ISSUE_REFERENCE.search("an order issue on a contact (4.10.1)")
