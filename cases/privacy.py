"""The cases app's personal data (2.1.6.1): the client as a data subject, and their contacts,
callbacks, referrals, consultations, drafts and written submissions.

Registered with ``servicedesk.services.privacy`` (subject export and erasure) and used by the
nightly retention run. A subject's contacts are those of their client card (and of duplicates
merged into it), and contacts logged without a card but with one of their phone numbers or
e-mail addresses. Kept by law: a written submission (and its contact) until its retention
period after closing has passed (Law on Submissions; the archive rules), and the client card
while such a record refers to it. Anonymising a contact reaches every copy: the records
hanging on it, its change history, the notifications about them, the admin's log, and (through
``dependents_anonymise``) the survey invitations the complaints app sent after it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import services
from cases.models import Client, ClientPhone, Contact, WrittenSubmission
from cases.phones import display_phone
from cases.selectors.dispatch import dispatches_of_client
from servicedesk.services.privacy import (
    Identity,
    Kept,
    Outcome,
    Section,
    erased_ids,
    register_source,
    register_subject,
    scrubber,
)

# The record types of the erasure marks, as the writers mark them.
CLIENT, CONTACT = services.anonymise.CLIENT, services.anonymise.CONTACT

if TYPE_CHECKING:
    from servicedesk.types import User


def years(kind: str) -> int:
    return int(settings.RETENTION_YEARS.get(kind, 5))


def client_identity(client: Client) -> Identity:
    """The client as a data subject: their names, phones and e-mails, and those of the
    duplicate cards merged into theirs (the same person, written another way)."""
    merged = list(Client.objects.filter(merged_into_id=client.pk))
    cards = [client, *merged]
    phones = ClientPhone.objects.filter(client__in=cards).values_list("number", flat=True)
    return Identity(
        record_type=CLIENT,
        record_id=client.pk,
        label=f"{Client._meta.verbose_name} #{client.pk}",
        display_name=client.name,
        names=tuple(dict.fromkeys(c.name for c in cards if c.name)),
        phones=tuple(dict.fromkeys(phones)),
        emails=tuple(dict.fromkeys(c.email for c in cards if c.email)),
        merged_ids=tuple(c.pk for c in merged),
    )


def _resolve(pk: int) -> tuple[Client, Identity]:
    client = Client.objects.filter(pk=pk).first()
    if client is None:
        raise Http404
    return client, client_identity(client)


def _clients(identity: Identity) -> list[int]:
    """The client and any duplicates merged into it (none for a subject without a card), as
    ``client_identity`` read them."""
    if identity.record_type != CLIENT:
        return []
    return [identity.record_id, *identity.merged_ids]


def _contacts(identity: Identity) -> QuerySet[Contact]:
    """The subject's contacts: on their card, or logged without a card with one of their
    phone numbers (stored E.164) or e-mail addresses."""
    without_card = Q(phone_number__in=[p for p in identity.phones if p])
    for email in identity.emails:
        if email:
            without_card |= Q(email_address__iexact=email)
    return Contact.objects.filter(
        Q(client_id__in=_clients(identity)) | Q(client__isnull=True) & without_card
    )


def _contact_row(c: Contact) -> dict[str, Any]:
    return {
        _("Date and time"): c.started_at,
        _("Channel"): c.get_channel_display(),
        _("Topic"): str(c.topic or ""),
        _("Employee"): c.employee.get_full_name() or c.employee.get_username(),
        _("Summary"): c.summary,
        _("Phone number"): c.phone_number,
        _("E-mail address"): c.email_address,
        _("Outcomes"): ", ".join(o.get_code_display() for o in c.outcomes.all()),
    }


# The columns of the rows below the date, by the keyword ``_row`` takes them under.
_COLUMNS = {
    "phone": gettext_lazy("Phone number"),
    "referred_to": gettext_lazy("Referred to"),
    "addressee": gettext_lazy("Addressee"),
    "text": gettext_lazy("Text"),
    "answer": gettext_lazy("Answer"),
    "status": gettext_lazy("Status"),
}


def _row(record: str, when: Any, **columns: Any) -> dict[str, Any]:
    """One record of a contact in the export: what it is, when, then its own columns."""
    return {
        _("Record"): record,
        _("Date and time"): when,
        **{str(_COLUMNS[name]): value for name, value in columns.items()},
    }


def _records_of_contact(c: Contact) -> list[dict[str, Any]]:
    """The callbacks, referrals, drafts, consultations, order issues, visits, remedies, the
    written submission and the e-mail of one contact, a row each."""
    rows = [
        _row(
            _("Callback"),
            cb.due_at,
            phone=cb.phone_number,
            text=cb.question,
            status=cb.get_status_display(),
        )
        for cb in c.callbacks.all()
    ]
    rows += [
        _row(
            _("Referral"),
            r.created_at,
            referred_to=str(r.specialist or r.institution),
            text=r.reason,
        )
        for r in c.referrals.all()
    ]
    rows += [
        _row(
            _("Submission drafted for the client"), d.created_at, addressee=d.addressee, text=d.text
        )
        for d in c.drafts.all()
    ]
    rows += [
        _row(_("Question to a contact person"), q.asked_at, text=q.question, answer=q.answer)
        for q in c.consultations.all()
    ]
    rows += [_row(_("Order issue"), i.created_at, text=i.description) for i in c.order_issues.all()]
    rows += [
        _row(_("Visit booked"), v.starts_at, text=v.purpose, status=v.get_status_display())
        for v in c.visits.all()  # 4.2
    ]
    rows += [
        _row(
            _("Remedy of our error"),
            r.opened_at,
            text=r.action,
            answer=r.outcome,
            status=r.get_status_display(),
        )
        for r in c.remedies.all()  # 2.1.1.2
    ]
    submission = getattr(c, "submission", None)
    if submission is not None:
        rows.append(_submission_row(submission))
    email = getattr(c, "inbound_email", None)  # the e-mail the contact was filed from
    if email is not None:
        text = "\n\n".join(part for part in (email.subject, email.text, email.quoted) if part)
        rows.append(_row(_("E-mail received"), email.received_at, text=text))
    return rows


def _dispatch_sections(identity: Identity) -> list[Section]:
    """The client's outgoing correspondence (docs/correspondence.md): number, date, channel,
    state and subject. One derived from a feedback item is left to that item's export
    (``complaints.privacy``), which applies the item's gate."""
    rows = [
        {
            _("Outgoing number"): d.number,
            _("Date"): d.dated,
            _("Channel"): d.get_channel_display(),
            _("State"): d.get_state_display(),
            _("Subject"): d.subject,
        }
        for d in dispatches_of_client(_clients(identity))
    ]
    return [Section("dispatches", _("Outgoing correspondence"), rows)] if rows else []


def _submission_row(submission: WrittenSubmission) -> dict[str, Any]:
    return {
        _("Record"): _("Written submission"),
        _("Register number"): submission.register_number,
        _("Date and time"): submission.received_on,
        _("Subject"): submission.subject,
        _("Status"): submission.get_status_display(),
        _("Reply"): submission.reply,
    }


class CasesSource:
    """Contacts and everything hanging on them."""

    key = "cases"

    # --- export ---------------------------------------------------------------------------

    def export(self, identity: Identity, *, actor: User) -> list[Section]:
        # Contacts have no gate of their own beyond the handler's permission (2.1.6.2).
        sections = self._card(identity)
        return [*sections, *self._contact_sections(identity), *_dispatch_sections(identity)]

    def _card(self, identity: Identity) -> list[Section]:
        if identity.record_type != CLIENT:
            return []
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
            _("Cooperation partner (4.1.4)"): (
                f"{client.partner_agreement}, {client.partner_agreement_date:%d.%m.%Y.}"
                if client.is_cooperation_partner
                else ""
            ),
            _("Recorded on"): client.created_at,
        }
        mandates = [  # 2.1.6.2: whom the client authorised
            {
                _("Name"): r.name,
                _("Relation to the client"): r.relation,
                _("Scope of the mandate"): r.get_scope_display(),
                _("Valid until"): r.valid_until,
                _("Mandate document"): r.document_reference,
                _("Revoked"): r.revoked_at or "",
            }
            for r in client.representatives.all()
        ]
        sections = [Section("client", _("Client card"), [card])]
        if mandates:
            sections.append(Section("representatives", _("Representatives"), mandates))
        return sections

    def _contact_sections(self, identity: Identity) -> list[Section]:
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
                "visits",
            )
            .order_by("started_at", "pk")
        )
        contact_rows = [_contact_row(c) for c in contacts]
        other_rows = [row for c in contacts for row in _records_of_contact(c)]
        return [
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

    def erase(self, identity: Identity, *, apply: bool, actor: User | None = None) -> Outcome:
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
        _leave_contacts(outcome, kept_contact_ids)
        erasable = list(
            contacts.exclude(pk__in=kept_contact_ids)
            .exclude(pk__in=erased_ids(CONTACT))
            .values_list("pk", flat=True)
        )
        outcome.erased[_("Contacts")] = len(erasable)
        clients = _clients(identity)
        keep_card = bool(kept) and bool(clients)
        if keep_card:
            outcome.leave(Client, clients)
            outcome.kept.append(
                Kept(
                    what=_("Client card"),
                    reason=_(
                        "The client card stays while a record kept by law refers to it; the "
                        "retention run anonymises it afterwards."
                    ),
                )
            )
        elif clients:
            outcome.erased[_("Client card")] = 1
        if apply:
            scrub = scrubber(identity)
            anonymise_contacts(
                erasable, scrub=scrub, reason="request", emails=identity.emails, actor=actor
            )
            if not keep_card:
                for client_id in clients:
                    anonymise_client(client_id, reason="request", scrub=scrub, actor=actor)
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
                if client is not None:
                    identity = client_identity(client)
                    anonymise_contacts(
                        ids, scrub=scrubber(identity), reason="retention", emails=identity.emails
                    )
                    continue
                # Contacts without a card: each is scrubbed of its own phone and e-mail.
                for contact in Contact.objects.filter(pk__in=ids):
                    own = _contact_identity(contact)
                    anonymise_contacts(
                        [contact.pk], scrub=scrubber(own), reason="retention", emails=own.emails
                    )
            for pk in client_ids:
                anonymise_client(pk, reason="retention")
        return report


def _contact_identity(contact: Contact) -> Identity:
    return Identity(
        record_type=CONTACT,
        record_id=contact.pk,
        label="",
        display_name="",
        phones=(contact.phone_number,) if contact.phone_number else (),
        emails=(contact.email_address,) if contact.email_address else (),
    )


def _leave_contacts(outcome: Outcome, contact_ids: set[int]) -> None:
    """Record a kept contact and everything hanging on it as untouched, so that the outbox
    keeps the notifications about them."""
    if not contact_ids:
        return
    outcome.leave(Contact, contact_ids)
    for model in services.anonymise.ON_CONTACT:
        on_them = model._default_manager.filter(contact_id__in=contact_ids)
        outcome.leave(model, on_them.values_list("pk", flat=True))


def anonymise_contacts(
    ids: list[int],
    *,
    scrub: Any,
    reason: str,
    emails: Sequence[str] = (),
    actor: User | None = None,
) -> None:
    """Anonymise these contacts and every copy of them (``cases.services.contact_anonymise``,
    the one writer)."""
    services.contact_anonymise(actor=actor, ids=ids, scrub=scrub, reason=reason, emails=emails)


def anonymise_client(pk: int, *, reason: str, scrub: Any = None, actor: User | None = None) -> None:
    """Anonymise the card (``cases.services.client_anonymise``); its own names, phones and
    e-mails are scrubbed from the copies unless the request's ``scrub`` is given."""
    client = Client.objects.filter(pk=pk).first()
    if client is None:
        return
    identity = client_identity(client)
    services.client_anonymise(
        actor=actor,
        pk=pk,
        scrub=scrub or scrubber(identity),
        reason=reason,
        emails=identity.emails,
    )


def _search(query: str) -> list[tuple[int, str]]:
    from cases.selectors import client_search

    return [
        (c.pk, f"{c.name} ({c.contract_number or c.email or '—'})") for c in client_search(query)
    ]


register_subject(CLIENT, _resolve, _search)
register_source(CasesSource())
