"""The export (2.1.6.1, GDPR art. 15, 20): every source's sections as the handler may read
them, logged as a request and as an access, and a request's report as a viewer may read it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from servicedesk.models import DataSubjectRequest
from servicedesk.selectors.audit import discover, restriction_for
from servicedesk.services.audit import access_record_by_type
from servicedesk.services.privacy.readers import ask_readers, log_request
from servicedesk.services.privacy.registry import (
    Identity,
    Section,
    sources,
    subject_get,
    withheld_notice,
)

if TYPE_CHECKING:
    from servicedesk.types import User


@dataclass
class Export:
    identity: Identity
    sections: list[Section]
    created_at: datetime
    request: DataSubjectRequest
    notice: str = ""

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "data_subject": self.identity.display_name,
                "created_at": self.created_at.isoformat(),
                "sections": {s.key: {"title": s.title, "rows": s.rows} for s in self.sections},
                "provided_separately": self.notice,
            },
            ensure_ascii=False,
            indent=2,
            default=_json_default,
        ).encode("utf-8")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _collect(identity: Identity, actor: User) -> list[Section]:
    with translation.override("lv"):
        sections: list[Section] = []
        for source in sources():
            sections.extend(source.export(identity, actor=actor))
        return sections


@transaction.atomic
def subject_export(
    *,
    actor: User,
    record_type: str,
    pk: int,
    request: HttpRequest | None = None,
    data_request: Any = None,
) -> Export:
    """2.1.6.1 (GDPR art. 15, 20): everything the desk holds about a data subject that the
    handler may know of, in Latvian.

    1. Resolve the subject; each registered source contributes its sections, read through
       the handler's gate (2.1.4.4).
    2. Log the request (``DataSubjectRequest``; counts of what the handler got) and the read
       (``AccessLog``, "export").
    3. Ask the readers of each withheld record (in their inbox) to provide its part; the
       export carries the fixed sentence ``withheld_notice`` either way."""
    _subject, identity = subject_get(record_type, pk)
    sections = _collect(identity, actor)
    logged = log_request(
        DataSubjectRequest.Kind.EXPORT,
        identity,
        actor=actor,
        data_request=data_request,
        report={"sections": {s.key: len(s.rows) for s in sections}},
    )
    access_record_by_type(
        actor=actor,
        record_type=identity.record_type,
        record_id=identity.record_id,
        label=identity.label,
        request=request,
        action="export",
    )
    ask_readers(
        (w for s in sections for w in s.withheld), logged=logged, handler=actor, kind="export"
    )
    return Export(identity, sections, timezone.now(), logged, notice=withheld_notice())


def report_for(viewer: User, report: dict[str, Any]) -> dict[str, Any]:
    """A request's report as ``viewer`` may read it: a kept record whose scope they may not
    see (a complaint about them, handled by someone else) is left out (2.1.4.4)."""
    discover()
    kept = []
    for entry in report.get("kept", []):
        scope = entry.get("scope")
        restriction = restriction_for(scope[0]) if scope else None
        if restriction is not None and not restriction.visible(viewer).filter(pk=scope[1]).exists():
            continue
        kept.append(entry)
    return {**report, "kept": kept} if "kept" in report else dict(report)
