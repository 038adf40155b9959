"""Registering a feedback item (4.11): the one way an item enters the register, whatever
the channel (front desk, a contact, the public form)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadlines import reply_deadline
from cases.models import Client, Contact
from complaints.attachments import CheckedFile, check_attachment
from complaints.conf import ABOUT_HEAD_SERIES
from complaints.models import (
    Attachment,
    FeedbackItem,
    HistoryEntry,
    Kind,
    Routing,
    State,
    SubjectKind,
)
from complaints.subjects import complaint_subject_errors, head_user_ids, subjects_for
from servicedesk.models import Employee, ReviewAuthority
from servicedesk.roles import Action, can
from servicedesk.services.notifications import notifications_renumber

from .forwarding import forward_outside_desk
from .notifying import (
    _send_acknowledgement,
    _tell_authority,
    _tell_head,
)
from .routing import (
    _authority,
    _away_from_subjects,
    _effective_subject_kind,
    _routing_rule,
    _scope_origin,
    _take_register_number,
)

if TYPE_CHECKING:
    from servicedesk.types import User


AuthorityKind = ReviewAuthority.Kind

# --- The input ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackInput:
    """What is registered of one feedback item (``feedback_register``): the registration
    form's fields, built from a form in one place (:meth:`from_cleaned_data`)."""

    kind: str
    channel: str
    text: str
    is_anonymous: bool = False
    client_name: str = ""
    client_email: str = ""
    client_phone: str = ""
    client_address: str = ""
    subject_kind: str = ""
    subject_employee: Employee | None = None
    subject_description: str = ""
    received_on: date | None = None
    attachments: Sequence[UploadedFile] = ()
    tracking_link: str = ""  # sealed (3.4)
    is_restricted: bool = False  # 4.1.3
    derived_from: FeedbackItem | None = None
    client: Client | None = None  # the card chosen by look-up (docs/complaints.md)
    contact: Contact | None = None  # the contact it came from ("our error", 2.1.1.2)

    @classmethod
    def from_cleaned_data(cls, data: Mapping[str, Any], **given: Any) -> FeedbackInput:
        """A form's cleaned data as typed: the fields the form has (the front desk's form has
        them all, the public form and the trust line some), ``given`` for what the form does
        not ask (the channel of the public form and the trust line)."""
        names = {f.name for f in fields(cls)}
        values = {name: value for name, value in data.items() if name in names}
        return cls(**(values | given))


# --- Registration ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Route:
    """Where the item goes and whom it is about (steps 2–5)."""

    authority: ReviewAuthority
    clause: str
    why: str  # 2.1.4.4: why it went one authority up; empty when it did not
    subjects: set[int]
    heads: set[int] | None = None  # head_user_ids(), when it was read


@transaction.atomic
def feedback_register(*, actor: User | None, data: FeedbackInput) -> FeedbackItem:
    """Register a feedback item and tell the head of institution at once (4.11).

    Any caller may use it: the front desk's form, a contact in the cases app, the public form
    (``actor=None`` means the client themselves).

    1. Check the input (``_checked``): complaints name a subject, other kinds do not (an
       ethics complaint may name the employee it is about); attachments pass the type, size
       and content checks.
    2. A complaint naming an employee who is the head of institution (the record's head
       mark, or its user's head role) is a complaint about the head (7.2): otherwise it
       would be routed to the person it is about.
    3. Fix who the item is about (2.1.4.4): the subject set, stored with the item.
    4. Route by the routing table (7.1–7.3, 4.11) and record the clause applied
       (``_routed``). An item ``derived_from`` another (a survey answer after a closed
       complaint) instead carries that item's scope: routed where it is now, under its
       clause, about the same people, restricted if it is.
    5. If the authority includes a person the item is about, go one authority up (head →
       executive director, Ethics Commission → executive director) and say why.
    6. Write the item (``_item_create``) with a provisional number unique to it, its
       routing and history rows (``_registration_rows``), and the attachments
       (``_attachments_save``).
    7. Take the next number of that authority's register series last, just before the
       commit (``_numbered``): the counter row stays locked only for the few statements
       that put the number in place, not for the whole registration.
    8. Notify the reviewing authority's members (e-mail and in-app) and its mailbox, never
       a person who is the subject (2.1.4.4); and, by 4.11, the head of institution of every
       item: with its content when the head reviews it, otherwise only that it was
       registered, its number and the authority it went to (``_tell_head``). Only an item
       about the head skips the head, as ``complaints.conf.head_notice_skips_items_about_
       head`` says. An authority outside the desk (``ReviewAuthority.works_in_desk`` off)
       is not told in the desk: once numbered, the item is forwarded to it formally and
       the submitter told (``forward_outside_desk``).
    9. Acknowledge to the client where an e-mail address is known.
    """
    if actor is not None and not can(actor, Action.REGISTER_FEEDBACK):
        raise PermissionDenied
    data = _checked(data)
    checked = [check_attachment(f) for f in data.attachments]
    data, route = _routed(data)
    # Step 9 is part of the registration: with an e-mail address the item is written once,
    # already acknowledged, with one history row saying both (no second version).
    acknowledged = bool(data.client_email.strip())
    item = _item_create(actor=actor, data=data, route=route, acknowledged=acknowledged)
    _registration_rows(item, actor=actor, route=route, acknowledged=acknowledged)
    _attachments_save(item, checked, actor=actor)
    _tell_reviewers(item, route)
    _tell_head(item)
    item = _numbered(item)
    if acknowledged:
        # After the number: the client's letter or e-mail (cases.services.dispatch) carries
        # it, and takes the outgoing register's own number, also near the commit.
        _send_acknowledgement(item, actor=actor, tracking_link=data.tracking_link)
    # Law on Submissions: an authority outside the desk gets the item as a formal
    # forwarding, and the submitter a notice (complaints.register.services.forwarding).
    return forward_outside_desk(item, actor=actor)


def _tell_reviewers(item: FeedbackItem, route: _Route) -> None:
    """Step 8: the reviewing authority's members and mailbox, when it works in the desk;
    one outside the desk gets the item as a formal forwarding once it is numbered."""
    if route.authority.works_in_desk:
        _tell_authority(
            item,
            route.authority,
            kind="complaint_registered",
            template="notifications/complaint_registered",
            clause="4.11" if route.authority.kind == AuthorityKind.HEAD else route.clause,
            key=f"complaint-registered:{item.pk}",
        )


def _checked(data: FeedbackInput) -> FeedbackInput:
    """Step 1: the input as it is stored, or the refusal of what is missing. Only a
    complaint keeps a subject; an anonymous item keeps no contact details."""
    text = data.text.strip()
    if not text:
        raise ValidationError({"text": _("Write what the client said.")})
    if data.kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of item.")})
    errors = complaint_subject_errors(
        kind=data.kind, subject_kind=data.subject_kind, subject_employee=data.subject_employee
    )
    if errors:
        raise ValidationError(errors)
    data = replace(data, text=text)
    if data.kind != Kind.COMPLAINT:
        data = replace(
            data,
            subject_kind="",
            subject_employee=None,
            subject_description="",
        )
    if data.subject_kind not in (SubjectKind.EMPLOYEE, SubjectKind.ETHICS):
        data = replace(data, subject_employee=None)
    if data.is_anonymous:
        data = replace(data, client_name="", client_email="", client_phone="", client_address="")
    return _linked(data)


def _linked(data: FeedbackInput) -> FeedbackInput:
    """The client's card and the contact: an anonymous item keeps neither (either would
    name the client); a contact's own client is the item's unless another card was chosen,
    which is refused."""
    if data.is_anonymous:
        return replace(data, client=None, contact=None)
    contact_client = data.contact.client if data.contact is not None else None
    if data.client is None:
        return replace(data, client=contact_client)
    if contact_client is not None and contact_client.pk != data.client.pk:
        raise ValidationError(
            {"client": _("The contact was with another client: choose that client's card.")}
        )
    return data


def _routed(data: FeedbackInput) -> tuple[FeedbackInput, _Route]:
    """Steps 2–5: whom the item is about and the authority that reviews it; a derived item
    carries its origin's scope and restriction."""
    # Who is the head is read once, and only when the item names a person.
    heads = (
        head_user_ids()
        if data.subject_employee is not None or data.subject_kind == SubjectKind.HEAD
        else None
    )
    subject_kind = _effective_subject_kind(data.subject_kind, data.subject_employee, heads=heads)
    derived_from = data.derived_from
    is_restricted = data.is_restricted
    if derived_from is not None:
        derived_from = _scope_origin(derived_from)
        authority, clause = derived_from.authority, derived_from.routing_clause
        is_restricted = is_restricted or derived_from.is_restricted
    else:
        rule = _routing_rule(data.kind, subject_kind)
        authority, clause = _authority(rule.authority_kind), rule.clause
    subjects = subjects_for(
        subject_kind=subject_kind,
        subject_employee=data.subject_employee,
        derived_from=derived_from,
        heads=heads,
    )
    authority, clause, why = _away_from_subjects(authority, clause, subjects)
    data = replace(
        data, subject_kind=subject_kind, derived_from=derived_from, is_restricted=is_restricted
    )
    route = _Route(authority=authority, clause=clause, why=why, subjects=subjects, heads=heads)
    return data, route


def _item_create(
    *, actor: User | None, data: FeedbackInput, route: _Route, acknowledged: bool
) -> FeedbackItem:
    """Step 6: the item, in its authority's register series, with its subjects. Its number
    is provisional (``PENDING_NUMBER``, unique to it, so that concurrent registrations do not
    wait on each other's unique index entries) until ``_numbered`` takes the real one."""
    today = timezone.localdate()
    received_on = data.received_on or today
    # An item about the head is numbered in a series of its own: the head is told of every
    # other item (4.11), so a gap in another series would say that one about the head exists.
    heads = route.heads
    if route.subjects and heads is None:
        heads = head_user_ids()
    about_head = bool(route.subjects & (heads or set()))
    series = ABOUT_HEAD_SERIES if about_head else route.authority.kind
    item = FeedbackItem(
        register_number=PENDING_NUMBER.format(uuid.uuid4().hex[:16]),
        year=today.year,
        series=series,
        sequence=None,
        kind=data.kind,
        channel=data.channel,
        is_anonymous=data.is_anonymous,
        client_name=data.client_name.strip(),
        client_email=data.client_email.strip(),
        client_phone=data.client_phone.strip(),
        client_address=data.client_address.strip(),
        text=data.text,
        subject_kind=data.subject_kind,
        subject_employee=data.subject_employee,
        subject_description=data.subject_description.strip(),
        authority=route.authority,
        routing_clause=route.clause,
        received_on=received_on,
        reply_due=reply_deadline(received_on),
        registered_by=actor,
        is_restricted=data.is_restricted,
        derived_from=data.derived_from,
        client=data.client,
        contact=data.contact,
        state=State.ACKNOWLEDGED if acknowledged else State.REGISTERED,
    )
    # Its audit trail starts when it is numbered (``_numbered``): one version, the real one.
    item.skip_history_when_saving = True  # type: ignore[attr-defined]
    item.save(force_insert=True)
    del item.skip_history_when_saving  # type: ignore[attr-defined]
    through = FeedbackItem.subject_users.through
    through.objects.bulk_create(
        [through(feedbackitem_id=item.pk, user_id=user_id) for user_id in sorted(route.subjects)]
    )
    return item


#: The provisional register number of an item being registered, never committed: its
#: notifications are rendered with it, and ``_numbered`` puts the real number in its place.
PENDING_NUMBER = "#pending-{}#"


def _numbered(item: FeedbackItem) -> FeedbackItem:
    """Step 7, the last of the transaction: take the item's register number (the counter
    row stays locked from here to the commit), put it on the item and on its notifications,
    and start the item's audit trail with the numbered version."""
    pending = item.register_number
    item.sequence, item.register_number = _take_register_number(item.year, item.series)
    item.fill_search_columns()
    FeedbackItem.objects.filter(pk=item.pk).update(
        sequence=item.sequence,
        register_number=item.register_number,
        search_names=item.search_names,
        search_text=item.search_text,
    )
    FeedbackItem.audit_trail.bulk_history_create([item])
    notifications_renumber(target=item, pending=pending, number=item.register_number)
    return item


def _registration_rows(
    item: FeedbackItem, *, actor: User | None, route: _Route, acknowledged: bool
) -> None:
    """Step 7: the routing row and the history row of the registration, saying where the
    item went, why, and whether the client was acknowledged."""
    origin = (
        _("It arose from %(number)s and is reviewed where that item is.")
        % {"number": item.derived_from.register_number}
        if item.derived_from is not None
        else ""
    )
    Routing.objects.create(
        item=item,
        authority=route.authority,
        clause=route.clause,
        reason=Routing.Reason.REGISTRATION,
        actor=actor,
        note=" ".join(n for n in (origin, route.why) if n),
    )
    routed = _("Routed to %(authority)s under clause %(clause)s.") % {
        "authority": route.authority.get_kind_display(),
        "clause": route.clause,
    }
    acknowledgement = (
        _("Acknowledgement of receipt written to the client (outgoing correspondence).")
        if acknowledged
        else ""
    )
    HistoryEntry.objects.create(
        item=item,
        event=HistoryEntry.Event.REGISTERED,
        actor=actor,
        to_state=item.state,
        clause="4.11",
        note=" ".join(n for n in (routed, origin, route.why, acknowledgement) if n),
    )


def _attachments_save(
    item: FeedbackItem, checked: list[CheckedFile], *, actor: User | None
) -> None:
    """Step 7: the checked attachments, in private storage."""
    for checked_file in checked:
        attachment = Attachment(
            item=item,
            original_name=checked_file.name,
            content_type=checked_file.content_type,
            size=checked_file.size,
            uploaded_by=actor,
        )
        attachment.file.save(checked_file.name, checked_file.upload, save=False)
        attachment.save()
