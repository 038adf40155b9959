"""The erasure (2.1.6.1, GDPR art. 17): each source anonymises what it may and says what it
keeps and why; the outbox is swept for what no source led to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from servicedesk.models import DataSubjectRequest, Notification
from servicedesk.services.privacy.readers import ask_readers, log_request
from servicedesk.services.privacy.registry import (
    Identity,
    Outcome,
    sources,
    subject_get,
    withheld_notice,
)
from servicedesk.services.privacy.scrubbing import notifications_scrub, scrubber

if TYPE_CHECKING:
    from servicedesk.types import User


def subject_erase_plan(
    *, record_type: str, pk: int, actor: User | None = None
) -> tuple[Identity, Outcome]:
    """What an erasure would anonymise and what it would keep (for the confirmation screen),
    as far as ``actor`` may know of it."""
    _subject, identity = subject_get(record_type, pk)
    return identity, identity_erase_plan(identity, actor=actor)


def identity_erase_plan(identity: Identity, *, actor: User | None = None) -> Outcome:
    """``subject_erase_plan`` for a subject the page has already resolved (``subject_get``)."""
    outcome = Outcome()
    with translation.override("lv"):
        for source in sources():
            outcome.merge(source.erase(identity, apply=False, actor=actor))
    return outcome


@transaction.atomic
def subject_erase(
    *, actor: User, record_type: str, pk: int, note: str = "", data_request: Any = None
) -> DataSubjectRequest:
    """2.1.6.1 (GDPR art. 17): anonymise a data subject's personal data.

    1. Resolve the subject and its identity (names, phones, e-mails) before anything changes.
    2. Each source anonymises its records, whatever the handler may see: personal fields
       replaced, free text scrubbed, attachments removed, change history, notifications and
       admin log entries scrubbed; records the law makes us keep are left and reported with
       the reason.
    3. The outbox is swept once more for rows addressed to the subject or naming them that
       no record led to (outside the records kept by law).
    4. Log the request and its report — only what the handler may know of (2.1.4.4); the
       readers of a kept record hidden from the handler are told in their inbox."""
    _subject, identity = subject_get(record_type, pk)
    outcome = Outcome()
    with translation.override("lv"):
        for source in sources():
            outcome.merge(source.erase(identity, apply=True, actor=actor))
        _outbox_sweep(identity, outcome)
    logged = log_request(
        DataSubjectRequest.Kind.ERASURE,
        identity,
        actor=actor,
        data_request=data_request,
        note=note,
        report={
            "erased": outcome.erased,
            "kept": [
                {"what": k.what, "reason": k.reason, "scope": list(k.scope) if k.scope else None}
                for k in outcome.kept
            ],
            "notice": withheld_notice(),
        },
    )
    ask_readers(outcome.withheld, logged=logged, handler=actor, kind="erasure")
    return logged


def _outbox_sweep(identity: Identity, outcome: Outcome) -> None:
    """The outbox rows no source led to but that are addressed to the subject or name them
    in full (by e-mail address or whole name), except rows about records kept by law."""
    condition = Q(pk__in=[])
    for email in identity.emails:
        if email:
            condition |= Q(email__iexact=email) | Q(body__icontains=email)
    for name in identity.names:
        if len(name.strip()) >= 5:
            condition |= Q(subject__icontains=name.strip()) | Q(body__icontains=name.strip())
    rows = Notification.objects.filter(condition)
    for label, ids in outcome.untouched.items():
        if not ids:
            continue
        app_label, model = label.split(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is not None:
            rows = rows.exclude(content_type=content_type, object_id__in=[str(i) for i in ids])
    notifications_scrub(rows, scrub=scrubber(identity), emails=identity.emails)
