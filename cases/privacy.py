"""The cases app's personal data (2.1.6.1): the client as a data subject, and their contacts,
callbacks, referrals, consultations, drafts and written submissions.

Registered with ``servicedesk.services.privacy`` (subject export and erasure) and used by the
nightly retention run. Kept by law: a written submission (and its contact) until its
retention period after closing has passed (Law on Submissions; the archive rules), and the
client card while such a record refers to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cases.models import (
    Callback,
    Client,
    ClientPhone,
    ConflictAction,
    Consultation,
    Contact,
    OrderIssue,
    Referral,
    SubmissionDraft,
    WrittenSubmission,
)
from cases.phones import display_phone
from servicedesk.services.privacy import (
    Identity,
    Kept,
    Outcome,
    Section,
    erased_ids,
    history_scrub,
    mark_erased,
    placeholder,
    register_source,
    register_subject,
    scrubber,
)

CLIENT = "cases.client"
CONTACT = "cases.contact"


def years(kind: str) -> int:
    return int(settings.RETENTION_YEARS.get(kind, 5))


def client_identity(client: Client) -> Identity:
    phones = tuple(client.phones.values_list("number", flat=True))
    return Identity(
        record_type=CLIENT,
        record_id=client.pk,
        label=f"{Client._meta.verbose_name} #{client.pk}",
        display_name=client.name,
        names=(client.name,),
        phones=phones,
        emails=(client.email,) if client.email else (),
    )


def _resolve(pk: int) -> tuple[Client, Identity]:
    client = Client.objects.filter(pk=pk).first()
    if client is None:
        raise Http404
    return client, client_identity(client)


def _clients(identity: Identity) -> list[int]:
    """The client and any duplicates merged into it."""
    ids = [identity.record_id]
    ids += list(
        Client.objects.filter(merged_into_id=identity.record_id).values_list("pk", flat=True)
    )
    return ids


def _contacts(identity: Identity) -> QuerySet[Contact]:
    return Contact.objects.filter(client_id__in=_clients(identity))


class CasesSource:
    """Contacts and everything hanging on them."""

    key = "cases"

    # --- export ---------------------------------------------------------------------------

    def export(self, identity: Identity) -> list[Section]:
        client = Client.objects.prefetch_related("phones").get(pk=identity.record_id)
        card = {
            _("Name"): client.name,
            _("Kind"): client.get_kind_display(),
            _("Service contract number"): client.contract_number,
            _("Service address"): client.service_address,
            _("E-mail"): client.email,
            _("Phone numbers"): ", ".join(display_phone(p.number) for p in client.phones.all()),
            _("Preferred channel"): client.get_preferred_channel_display(),
            _("Preferred language"): client.get_preferred_language_display(),
            _("Registration number"): client.registration_number,
            _("Personal code"): client.personal_code,
            _("Purpose of the personal code"): client.get_personal_code_purpose_display(),
            _("Recorded on"): client.created_at,
        }
        contacts = (
            _contacts(identity)
            .select_related("topic", "employee", "submission")
            .prefetch_related(
                "outcomes",
                "callbacks",
                "referrals__specialist",
                "referrals__institution",
                "drafts",
                "consultations",
                "order_issues",
            )
            .order_by("started_at", "pk")
        )
        contact_rows: list[dict[str, Any]] = []
        other_rows: list[dict[str, Any]] = []
        for c in contacts:
            contact_rows.append(
                {
                    _("Date and time"): c.started_at,
                    _("Channel"): c.get_channel_display(),
                    _("Topic"): str(c.topic or ""),
                    _("Employee"): c.employee.get_full_name() or c.employee.get_username(),
                    _("Summary"): c.summary,
                    _("Phone number"): c.phone_number,
                    _("E-mail address"): c.email_address,
                    _("Outcomes"): ", ".join(o.get_code_display() for o in c.outcomes.all()),
                }
            )
            for cb in c.callbacks.all():
                other_rows.append(
                    {
                        _("Record"): _("Callback"),
                        _("Date and time"): cb.due_at,
                        _("Phone number"): cb.phone_number,
                        _("Text"): cb.question,
                        _("Status"): cb.get_status_display(),
                    }
                )
            for r in c.referrals.all():
                other_rows.append(
                    {
                        _("Record"): _("Referral"),
                        _("Date and time"): r.created_at,
                        _("Referred to"): str(r.specialist or r.institution),
                        _("Text"): r.reason,
                    }
                )
            for d in c.drafts.all():
                other_rows.append(
                    {
                        _("Record"): _("Submission drafted for the client"),
                        _("Date and time"): d.created_at,
                        _("Addressee"): d.addressee,
                        _("Text"): d.text,
                    }
                )
            for q in c.consultations.all():
                other_rows.append(
                    {
                        _("Record"): _("Question to a contact person"),
                        _("Date and time"): q.asked_at,
                        _("Text"): q.question,
                        _("Answer"): q.answer,
                    }
                )
            for issue in c.order_issues.all():
                other_rows.append(
                    {
                        _("Record"): _("Order issue"),
                        _("Date and time"): issue.created_at,
                        _("Text"): issue.description,
                    }
                )
            submission = getattr(c, "submission", None)
            if submission is not None:
                other_rows.append(
                    {
                        _("Record"): _("Written submission"),
                        _("Register number"): submission.register_number,
                        _("Date and time"): submission.received_on,
                        _("Subject"): submission.subject,
                        _("Status"): submission.get_status_display(),
                        _("Reply"): submission.reply,
                    }
                )
        return [
            Section("client", _("Client card"), [card]),
            Section("contacts", _("Contacts"), contact_rows),
            Section("contact_records", _("Callbacks, referrals, submissions"), other_rows),
        ]

    # --- erasure --------------------------------------------------------------------------

    def _kept_submissions(self, contacts: QuerySet[Contact], now: datetime) -> QuerySet[Any]:
        """Written submissions the law makes us keep: open, or closed within the period."""
        limit = now - relativedelta(years=years("submissions"))
        return WrittenSubmission.objects.filter(contact__in=contacts).filter(
            Q(closed_at__isnull=True) | Q(closed_at__gt=limit)
        )

    def erase(self, identity: Identity, *, apply: bool) -> Outcome:
        from django.utils import timezone

        outcome = Outcome()
        contacts = _contacts(identity)
        kept = list(self._kept_submissions(contacts, timezone.now()).select_related("contact"))
        kept_contact_ids = {s.contact_id for s in kept}
        for submission in kept:
            outcome.kept.append(
                Kept(
                    what=_("Written submission %(number)s")
                    % {"number": submission.register_number},
                    reason=_(
                        "Law on Submissions and the archive rules: a written submission and "
                        "its reply are kept for %(years)s years after it is closed; it is "
                        "anonymised when that period ends."
                    )
                    % {"years": years("submissions")},
                )
            )
        erasable = list(contacts.exclude(pk__in=kept_contact_ids).values_list("pk", flat=True))
        outcome.erased[_("Contacts")] = len(erasable)
        keep_card = bool(kept)
        if keep_card:
            outcome.kept.append(
                Kept(
                    what=_("Client card"),
                    reason=_(
                        "The client card stays while a record kept by law refers to it; the "
                        "retention run anonymises it afterwards."
                    ),
                )
            )
        else:
            outcome.erased[_("Client card")] = 1
        if apply:
            scrub = scrubber(identity)
            anonymise_contacts(erasable, scrub=scrub, reason="request")
            if not keep_card:
                for client_id in _clients(identity):
                    anonymise_client(client_id, reason="request")
        return outcome

    # --- retention ------------------------------------------------------------------------

    def retention(self, *, now: datetime, apply: bool) -> dict[str, int]:
        """Contacts whose retention period has passed (counted from the contact, or from the
        closing of its written submission); then clients with nothing left to keep."""
        report: dict[str, int] = {}
        contact_limit = now - relativedelta(years=years("contacts"))
        submission_limit = now - relativedelta(years=years("submissions"))
        expired = (
            Contact.objects.filter(started_at__lt=contact_limit)
            .exclude(pk__in=erased_ids(CONTACT))
            .exclude(
                Q(submission__isnull=False)
                & (
                    Q(submission__closed_at__isnull=True)
                    | Q(submission__closed_at__gt=submission_limit)
                )
            )
        )
        contact_ids = list(expired.values_list("pk", flat=True))
        report["contacts"] = len(contact_ids)
        client_limit = now - relativedelta(years=years("clients"))
        clients = (
            Client.objects.filter(created_at__lt=client_limit)
            .exclude(pk__in=erased_ids(CLIENT))
            .exclude(contacts__started_at__gte=client_limit)
        )
        # A client whose contacts are all expired (or none): nothing the desk needs remains.
        client_ids = [
            pk
            for pk in clients.values_list("pk", flat=True).distinct()
            if not Contact.objects.filter(client_id=pk)
            .exclude(pk__in=contact_ids)
            .exclude(pk__in=erased_ids(CONTACT))
            .exists()
        ]
        report["clients"] = len(client_ids)
        if apply:
            by_client: dict[int | None, list[int]] = {}
            for pk, client_id in Contact.objects.filter(pk__in=contact_ids).values_list(
                "pk", "client_id"
            ):
                by_client.setdefault(client_id, []).append(pk)
            for owner_id, ids in by_client.items():
                client = Client.objects.filter(pk=owner_id).first() if owner_id else None
                identity = (
                    client_identity(client) if client is not None else Identity(CLIENT, 0, "", "")
                )
                anonymise_contacts(ids, scrub=scrubber(identity), reason="retention")
            for pk in client_ids:
                anonymise_client(pk, reason="retention")
        return report


CONTACT_TEXTS = ("summary",)


def anonymise_contacts(ids: list[int], *, scrub: Any, reason: str) -> None:
    """Clear the contacts' phone and e-mail and scrub their texts and those of everything
    hanging on them; scrub their change history too."""
    if not ids:
        return
    for contact in Contact.objects.filter(pk__in=ids):
        contact.summary = scrub(contact.summary)
        contact.phone_number = ""
        contact.email_address = ""
        contact.save(update_fields=["summary", "phone_number", "email_address"])
    for cb in Callback.objects.filter(contact_id__in=ids):
        cb.question = scrub(cb.question)
        cb.phone_number = ""
        cb.save(update_fields=["question", "phone_number"])
    for r in Referral.objects.filter(contact_id__in=ids):
        r.reason = scrub(r.reason) or placeholder()
        r.emailed_to = ""
        r.save(update_fields=["reason", "emailed_to"])
    for d in SubmissionDraft.objects.filter(contact_id__in=ids):
        d.text = scrub(d.text)
        d.save(update_fields=["text"])
    for q in Consultation.objects.filter(contact_id__in=ids):
        q.question = scrub(q.question)
        q.answer = scrub(q.answer)
        q.save(update_fields=["question", "answer"])
    for issue in OrderIssue.objects.filter(contact_id__in=ids):
        issue.description = scrub(issue.description)
        issue.save(update_fields=["description"])
    for action in ConflictAction.objects.filter(log__contact_id__in=ids):
        action.note = scrub(action.note)
        action.save(update_fields=["note"])
    for s in WrittenSubmission.objects.filter(contact_id__in=ids):
        s.subject = scrub(s.subject)
        s.reply = scrub(s.reply)
        s.extension_reason = scrub(s.extension_reason)
        s.save(update_fields=["subject", "reply", "extension_reason"])
    history_scrub(
        Contact.audit_trail.model,
        ids=ids,
        blank=("phone_number", "email_address"),
        texts=CONTACT_TEXTS,
        scrub=scrub,
    )
    mark_erased(CONTACT, ids, reason=reason)


def anonymise_client(pk: int, *, reason: str) -> None:
    """Replace the client's personal fields, delete their phone numbers, deactivate the card,
    and scrub the card's and the phones' change history."""
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
    client.save(update_fields=list(values))
    phone_ids = list(ClientPhone.objects.filter(client_id=pk).values_list("pk", flat=True))
    for phone in ClientPhone.objects.filter(pk__in=phone_ids):
        phone.delete()
    history_scrub(Client.audit_trail.model, ids=[pk], set_values=values)
    history_scrub(
        ClientPhone.audit_trail.model,
        ids=[pk],
        key="client_id",
        set_values={"number": "", "label": ""},
    )
    mark_erased(CLIENT, [pk], reason=reason)


def _search(query: str) -> list[tuple[int, str]]:
    from cases.selectors import client_search

    return [
        (c.pk, f"{c.name} ({c.contract_number or c.email or '—'})") for c in client_search(query)
    ]


register_subject(CLIENT, _resolve, _search)
register_source(CasesSource())
