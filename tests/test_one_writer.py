"""One writer per model (STYLE.md): outside each app's services, no code saves, updates,
creates or deletes rows. The test reads the source with ``ast`` and lists every call named
like a write; each one outside the writers must be on the allow-list below with its reason.

An entry is (path, the called expression). A new write outside the services fails the first
test; an entry that no longer matches anything fails the second, so the list stays short."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("servicedesk", "cases", "complaints")
WRITE_METHODS = frozenset(
    {
        "save",
        "update",
        "create",
        "get_or_create",
        "update_or_create",
        "delete",
        "bulk_create",
        "bulk_update",
    }
)

# The writers: the services of each app.
WRITER_PACKAGES = (
    "servicedesk/services/",
    "cases/services/",
    "complaints/register/services/",
    # the public form, survey answers, survey invitations and opt-outs
    "complaints/voice/services/",
)
WRITER_MODULES: frozenset[str] = frozenset()
# Demo data is written by commands that build a fresh demo database, not by the desk.
DEMO_COMMANDS = frozenset(
    {
        "servicedesk/management/commands/demo_data.py",
        "cases/management/commands/demo_contacts.py",
    }
)

ALLOWED: dict[tuple[str, str], str] = {
    # Calls named like a write that are not database writes.
    ("servicedesk/badges.py", "canvas.save"): "ReportLab canvas: ends a PDF page, no model.",
    ("servicedesk/selectors/organisation.py", "cache.delete"): (
        "drops a cached institution name; no row is written"
    ),
    ("servicedesk/views/privacy.py", "context.update"): "a template context dict",
    ("servicedesk/views/public.py", "context.update"): "a template context dict",
    ("servicedesk/settings.py", "CACHES['default'].setdefault('OPTIONS', {}).update"): (
        "the cache settings dict (Redis time-outs), not a model"
    ),
    (
        "complaints/reports/selectors.py",
        "query.update",
    ): "a QueryDict copy for a link's query string",
    ("complaints/reports/exports.py", "workbook.save"): "openpyxl workbook written to a buffer",
    ("complaints/storage.py", "served.update"): "a dict of served directories (a check)",
    # A model's own save that derives a column from the others (the writer is still the
    # service that calls it).
    ("cases/models/written.py", "super().save"): (
        "Article.save stems its search text from the title, summary and text (4.7); "
        "cases.services.knowledge writes the articles"
    ),
    ("cases/models/clients.py", "super().save"): (
        "Client.save folds its search text from the name, contract number and e-mail; "
        "cases.services.clients writes the clients"
    ),
    ("cases/models/clients.py", "super().bulk_create"): (
        "ClientQuerySet.bulk_create gives the demo data's clients their search text"
    ),
    ("complaints/models/register.py", "super().save"): (
        "FeedbackItem.save folds its search columns from the number, name and text; "
        "complaints.register.services writes the items"
    ),
    ("complaints/models/register.py", "super().bulk_create"): (
        "FeedbackItemQuerySet.bulk_create gives bulk-made items their search columns"
    ),
    # Erasure (2.1.6.1) of what has no workflow: no version to check, no history to write;
    # the erasure mark of the item or contact they hang on is the trace.
    ("complaints/privacy.py", "invitations.exclude(email='').update"): (
        "survey invitations lose the client's address in bulk on erasure or retention"
    ),
    ("complaints/privacy.py", "SurveyOptOut.objects.filter(email__in=addresses).delete"): (
        "an erasure request forgets the subject's survey opt-outs (the address is the data)"
    ),
}


def _is_writer(path: str) -> bool:
    return path.startswith(WRITER_PACKAGES) or path in WRITER_MODULES


def _scanned() -> list[Path]:
    files = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel or rel in DEMO_COMMANDS or _is_writer(rel):
                continue
            files.append(path)
    return files


def write_calls(source: str) -> list[tuple[int, str]]:
    """(line, called expression) of every call whose method is named like a write."""
    return [
        (node.lineno, ast.unparse(node.func))
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WRITE_METHODS
    ]


def _found() -> list[tuple[str, int, str]]:
    return [
        (path.relative_to(ROOT).as_posix(), line, called)
        for path in _scanned()
        for line, called in write_calls(path.read_text(encoding="utf-8"))
    ]


def test_the_scanner_sees_writes_of_every_form():
    source = (
        "item.save(update_fields=['x'])\n"
        "Item.objects.filter(pk=1).update(x=1)\n"
        "Item.objects.create(x=1)\n"
        "Item.objects.get_or_create(x=1)\n"
        "Item.objects.update_or_create(x=1)\n"
        "item.delete()\n"
        "Item.objects.bulk_create([])\n"
        "Item.objects.bulk_update([], ['x'])\n"
        "print(item.saved)\n"
    )
    assert [line for line, _ in write_calls(source)] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_every_app_scanned_and_the_writers_left_out():
    scanned = {p.relative_to(ROOT).as_posix() for p in _scanned()}
    assert "cases/views/contacts.py" in scanned and "complaints/register/views.py" in scanned
    assert "servicedesk/admin/organisation.py" in scanned
    assert not any(_is_writer(p) for p in scanned)
    assert "complaints/register/services/workflow.py" not in scanned
    assert "complaints/voice/services/submissions.py" not in scanned


def test_only_services_write():
    outside = [
        f"{path}:{line}: {called}(…)"
        for path, line, called in _found()
        if (path, called) not in ALLOWED
    ]
    assert not outside, (
        "Writes outside the services (move them into a service, or add an entry to ALLOWED "
        "with the reason):\n" + "\n".join(outside)
    )


def test_every_allowed_write_still_exists():
    found = {(path, called) for path, _, called in _found()}
    stale = sorted(set(ALLOWED) - found)
    assert not stale, f"Allow-list entries that match nothing any more: {stale}"
