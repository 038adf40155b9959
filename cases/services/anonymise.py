"""Anonymising contacts and client cards (2.1.6.1): the writes of an erasure request and of
the retention run. ``cases.privacy`` decides what may go (kept by law, already erased) and
calls these; they write the records, scrub every copy and leave the erasure mark (the trace
that says what was anonymised, when and why). The change-history row each save writes names
the actor: the person handling the request, or nobody for the nightly retention run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q

from cases.models import (
    Callback,
    Client,
    ClientPhone,
    ConflictAction,
    ConflictLog,
    Consultation,
    Contact,
    Dispatch,
    OrderIssue,
    Referral,
    Remedy,
    Representative,
    SubmissionDraft,
    WrittenSubmission,
)
from cases.services._common import by
from cases.services.mail import inbound_scrub
from servicedesk.models import Notification
from servicedesk.services.privacy import (
    dependents_anonymise,
    derived_scrub,
    history_scrub,
    mark_erased,
    notifications_scrub,
    placeholder,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

CLIENT = "cases.client"
CONTACT = "cases.contact"
CONTACT_TEXTS = ("summary",)
# What hangs on a contact, each with its own notifications to scrub.
ON_CONTACT: tuple[type[Model], ...] = (
    Callback,
    Referral,
    OrderIssue,
    Consultation,
    SubmissionDraft,
    ConflictLog,
    WrittenSubmission,
    Remedy,
)


def _records_on_contacts_scrub(ids: list[int], *, scrub: Callable[[str], str]) -> set[str]:
    """Scrub what hangs on the contacts; answers the addresses referral slips went to."""
    addresses: set[str] = set()
    for cb in Callback.objects.filter(contact_id__in=ids):
        cb.question = scrub(cb.question)
        cb.phone_number = ""
        cb.save(update_fields=["question", "phone_number"])
    for r in Referral.objects.filter(contact_id__in=ids):
        addresses.add(r.emailed_to)
        r.reason = scrub(r.reason) or placeholder()
        r.emailed_to = ""
        r.save(update_fields=["reason", "emailed_to"])
    for d in SubmissionDraft.objects.filter(contact_id__in=ids):
        d.text = scrub(d.text)
        d.addressee = scrub(d.addressee) or placeholder()
        d.save(update_fields=["text", "addressee"])
    for q in Consultation.objects.filter(contact_id__in=ids):
        q.question = scrub(q.question) or placeholder()
        q.answer = scrub(q.answer)
        q.save(update_fields=["question", "answer"])
    for issue in OrderIssue.objects.filter(contact_id__in=ids):
        issue.description = scrub(issue.description) or placeholder()
        issue.order_reference = scrub(issue.order_reference)
        issue.save(update_fields=["description", "order_reference"])
    for action in ConflictAction.objects.filter(log__contact_id__in=ids):
        action.note = scrub(action.note)
        action.save(update_fields=["note"])
    for remedy in Remedy.objects.filter(contact_id__in=ids):  # 2.1.1.2
        remedy.action = scrub(remedy.action) or placeholder()
        remedy.outcome = scrub(remedy.outcome) or (remedy.outcome and placeholder())
        remedy.save(update_fields=["action", "outcome"])
    for s in WrittenSubmission.objects.filter(contact_id__in=ids):
        s.subject = scrub(s.subject) or placeholder()
        s.reply = scrub(s.reply)
        s.extension_reason = scrub(s.extension_reason)
        s.save(update_fields=["subject", "reply", "extension_reason"])
    addresses |= inbound_scrub(ids, scrub=scrub)  # e-mails filed as the contacts
    return addresses


def _history_on_contacts_scrub(ids: list[int], *, scrub: Callable[[str], str]) -> None:
    """The change history of the callbacks, consultations and written submissions on the
    contacts keeps their earlier texts and numbers: scrubbed like the records (2.1.6.1)."""
    history_scrub(
        Callback.audit_trail.model,
        key="contact_id",
        ids=ids,
        blank=("phone_number",),
        texts=("question",),
        scrub=scrub,
    )
    history_scrub(
        Consultation.audit_trail.model,
        key="contact_id",
        ids=ids,
        texts=("question", "answer", "history_change_reason"),
        scrub=scrub,
    )
    history_scrub(
        WrittenSubmission.audit_trail.model,
        key="contact_id",
        ids=ids,
        texts=("subject", "reply", "extension_reason"),
        scrub=scrub,
    )


#: What of a dispatch names its recipient; one to an authority (the formal forwarding)
#: keeps the authority's, its text still goes.
DISPATCH_RECIPIENT = ("recipient_name", "postal_address", "email", "handed_to")


@transaction.atomic
def dispatches_anonymise(
    *,
    scrub: Callable[[str], str],
    client_ids: Sequence[int] = (),
    targets: Sequence[Model] = (),
) -> int:
    """The outgoing correspondence to the clients ``client_ids`` or about ``targets`` (a
    submission, a feedback item) forgets the client: the recipient's name and addresses go
    (not an authority's), the subject is scrubbed and the text, which may name them anywhere,
    becomes the placeholder. The number, date, channel and state stay: the register's own
    trace. Returns how many rows were changed."""
    which = Q(client_id__in=list(client_ids))
    for target in targets:
        which |= Q(content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk))
    changed, outbox, emails = 0, [], set()
    for dispatch in Dispatch.objects.filter(which):
        if dispatch.notification_id is not None:
            outbox.append(dispatch.notification_id)
        if dispatch.kind != Dispatch.Kind.FORMAL_FORWARDING:
            emails.add(dispatch.email)
            for name in DISPATCH_RECIPIENT:
                setattr(dispatch, name, "")
        dispatch.subject = scrub(dispatch.subject)
        dispatch.body = placeholder()
        dispatch.save(update_fields=[*DISPATCH_RECIPIENT, "subject", "body"])
        changed += 1
    # The e-mail's outbox row (it may have no target to be found by: a card's own letter).
    emails.discard("")
    notifications_scrub(Notification.objects.filter(pk__in=outbox), scrub=scrub, emails=emails)
    return changed


@transaction.atomic
def contact_anonymise(
    *,
    actor: User | None,
    ids: list[int],
    scrub: Callable[[str], str],
    reason: str,
    emails: Sequence[str] = (),
) -> None:
    """Clear the contacts' phone and e-mail and scrub their texts and those of everything
    hanging on them; then every copy: their change history, the notifications about them and
    the records on them (a notification e-mailed to the client loses the address), the
    admin's log, and the dependents registered by higher apps (survey invitations)."""
    if not ids:
        return
    addresses = set(emails)
    for contact in Contact.objects.filter(pk__in=ids):
        addresses.add(contact.email_address)
        contact.summary = scrub(contact.summary)
        contact.phone_number = ""
        contact.email_address = ""
        contact.foreign_language_requested = scrub(contact.foreign_language_requested)
        by(contact, actor).save(
            update_fields=["summary", "phone_number", "email_address", "foreign_language_requested"]
        )
    addresses |= _records_on_contacts_scrub(ids, scrub=scrub)
    history_scrub(
        Contact.audit_trail.model,
        ids=ids,
        blank=("phone_number", "email_address"),
        texts=(*CONTACT_TEXTS, "foreign_language_requested"),
        scrub=scrub,
    )
    _history_on_contacts_scrub(ids, scrub=scrub)
    dispatches_anonymise(
        scrub=scrub, targets=list(WrittenSubmission.objects.filter(contact_id__in=ids))
    )
    addresses.discard("")
    derived_scrub(Contact, ids, scrub=scrub, emails=addresses)
    for model in ON_CONTACT:
        derived_scrub(
            model,
            list(model._default_manager.filter(contact_id__in=ids).values_list("pk", flat=True)),
            scrub=scrub,
            emails=addresses,
        )
    dependents_anonymise(CONTACT, ids, scrub=scrub)
    mark_erased(CONTACT, ids, reason=reason)


@transaction.atomic
def client_anonymise(
    *,
    actor: User | None,
    pk: int,
    scrub: Callable[[str], str],
    reason: str,
    emails: Sequence[str] = (),
) -> None:
    """Replace the client's personal fields, delete their phone numbers, deactivate the card,
    and scrub the card's and the phones' change history, the notifications about them (sent
    to ``emails``, the card's own addresses) and the admin's log."""
    client = Client.objects.filter(pk=pk).first()
    if client is None:
        return
    values = {
        "name": f"{placeholder()} #{pk}",
        "contract_number": "",
        "service_address": "",
        "email": "",
        "registration_number": "",
        "personal_code": "",
        "personal_code_purpose": "",
        "is_active": False,
    }
    for name, value in values.items():
        setattr(client, name, value)
    by(client, actor).save(update_fields=list(values))
    phone_ids = list(ClientPhone.objects.filter(client_id=pk).values_list("pk", flat=True))
    phone_ids += list(
        ClientPhone.audit_trail.filter(client_id=pk).values_list("id", flat=True).distinct()
    )
    for phone in ClientPhone.objects.filter(client_id=pk):
        by(phone, actor).delete()
    history_scrub(Client.audit_trail.model, ids=[pk], set_values=values)
    history_scrub(
        ClientPhone.audit_trail.model,
        ids=[pk],
        key="client_id",
        set_values={"number": "", "label": ""},
    )
    for rep in Representative.objects.filter(client_id=pk):  # 2.1.6.2: their mandates too
        by(rep, actor).delete()
    history_scrub(
        Representative.audit_trail.model,
        ids=[pk],
        key="client_id",
        set_values={"name": "", "relation": "", "document_reference": ""},
    )
    dispatches_anonymise(scrub=scrub, client_ids=[pk])
    derived_scrub(Client, [pk], scrub=scrub, emails=emails)
    derived_scrub(ClientPhone, sorted(set(phone_ids)), scrub=scrub, emails=emails)
    mark_erased(CLIENT, [pk], reason=reason)
