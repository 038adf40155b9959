"""Registering a feedback item (4.11): the one way an item enters the register, whatever
the channel (front desk, a contact, the public form)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadlines import reply_deadline
from complaints import selectors
from complaints.attachments import check_attachment
from complaints.models import (
    Attachment,
    FeedbackItem,
    HistoryEntry,
    Kind,
    Routing,
    State,
    SubjectKind,
)
from complaints.subjects import complaint_subject_errors
from servicedesk.models import Employee, ReviewAuthority
from servicedesk.roles import Action, can

from .notifying import (
    _send_acknowledgement,
    _tell_authority,
)
from .routing import (
    _authority,
    _away_from_subjects,
    _effective_subject_kind,
    _next_register_number,
    _routing_rule,
    _scope_origin,
)

if TYPE_CHECKING:
    from servicedesk.types import User


AuthorityKind = ReviewAuthority.Kind

# --- Registration ------------------------------------------------------------------------


@transaction.atomic
def feedback_register(
    *,
    actor: User | None,
    kind: str,
    channel: str,
    text: str,
    is_anonymous: bool = False,
    client_name: str = "",
    client_email: str = "",
    client_phone: str = "",
    client_address: str = "",
    subject_kind: str = "",
    subject_employee: Employee | None = None,
    subject_description: str = "",
    rules_violation: bool = False,
    received_on: date | None = None,
    attachments: Sequence[UploadedFile] = (),
    tracking_link: str = "",
    is_restricted: bool = False,
    derived_from: FeedbackItem | None = None,
) -> FeedbackItem:
    """Register a feedback item and tell the reviewing authority at once (4.11).

    Any caller may use it: the front desk's form, a contact in the cases app, the public form
    (``actor=None`` means the client themselves).

    1. Check the input: complaints name a subject, other kinds do not (an ethics complaint
       may name the employee it is about); attachments pass the type, size and content
       checks.
    2. A complaint naming an employee who is the head of institution (the record's head
       mark, or its user's head role) is a complaint about the head (7.2): otherwise it
       would be routed to the person it is about.
    3. Fix who the item is about (2.1.4.4): the subject set, stored with the item.
    4. Route by the routing table (7.1–7.3, 4.11) and record the clause applied. An item
       ``derived_from`` another (a survey answer after a closed complaint) instead carries
       that item's scope: routed where it is now, under its clause, about the same people,
       restricted if it is.
    5. If the authority includes a person the item is about, go one authority up (head →
       executive director, Ethics Commission → executive director) and say why.
    6. Take the next number of that authority's register series under a row lock.
    7. Write the item, its routing and history rows, and the attachments.
    8. 4.11: notify the reviewing authority's members (e-mail and in-app) and its mailbox,
       never a person who is the subject (2.1.4.4).
    9. Acknowledge to the client where an e-mail address is known.
    """
    if actor is not None and not can(actor, Action.REGISTER_FEEDBACK):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write what the client said.")})
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of item.")})
    errors = complaint_subject_errors(
        kind=kind, subject_kind=subject_kind, subject_employee=subject_employee
    )
    if errors:
        raise ValidationError(errors)
    if kind != Kind.COMPLAINT:
        subject_kind, subject_employee, subject_description = "", None, ""
        rules_violation = False
    if subject_kind not in (SubjectKind.EMPLOYEE, SubjectKind.ETHICS):
        subject_employee = None
    if is_anonymous:
        client_name = client_email = client_phone = client_address = ""
    checked = [check_attachment(f) for f in attachments]

    subject_kind = _effective_subject_kind(subject_kind, subject_employee)
    if derived_from is not None:
        derived_from = _scope_origin(derived_from)
        authority, clause = derived_from.authority, derived_from.routing_clause
        is_restricted = is_restricted or derived_from.is_restricted
    else:
        rule = _routing_rule(kind, subject_kind)
        authority, clause = _authority(rule.authority_kind), rule.clause
    subjects = selectors.subjects_for(
        subject_kind=subject_kind, subject_employee=subject_employee, derived_from=derived_from
    )
    authority, clause, why = _away_from_subjects(authority, clause, subjects)

    today = timezone.localdate()
    received_on = received_on or today
    year, sequence, number = _next_register_number(today.year, authority.kind)
    # Step 9 is part of the registration: with an e-mail address the item is written once,
    # already acknowledged, with one history row saying both (no second version).
    acknowledged = bool(client_email.strip())
    item = FeedbackItem.objects.create(
        register_number=number,
        year=year,
        series=authority.kind,
        sequence=sequence,
        kind=kind,
        channel=channel,
        is_anonymous=is_anonymous,
        client_name=client_name.strip(),
        client_email=client_email.strip(),
        client_phone=client_phone.strip(),
        client_address=client_address.strip(),
        text=text,
        subject_kind=subject_kind,
        subject_employee=subject_employee,
        subject_description=subject_description.strip(),
        rules_violation=rules_violation,
        authority=authority,
        routing_clause=clause,
        received_on=received_on,
        reply_due=reply_deadline(received_on),
        registered_by=actor,
        is_restricted=is_restricted,
        derived_from=derived_from,
        state=State.ACKNOWLEDGED if acknowledged else State.REGISTERED,
    )
    item.subject_users.set(subjects)
    origin = (
        _("It arose from %(number)s and is reviewed where that item is.")
        % {"number": derived_from.register_number}
        if derived_from is not None
        else ""
    )
    Routing.objects.create(
        item=item,
        authority=authority,
        clause=clause,
        reason=Routing.Reason.REGISTRATION,
        actor=actor,
        note=" ".join(n for n in (origin, why) if n),
    )
    HistoryEntry.objects.create(
        item=item,
        event=HistoryEntry.Event.REGISTERED,
        actor=actor,
        to_state=item.state,
        clause="4.11",
        note=" ".join(
            n
            for n in (
                _("Routed to %(authority)s under clause %(clause)s.")
                % {"authority": authority.get_kind_display(), "clause": clause},
                origin,
                why,
                _("Acknowledgement e-mailed to the client.") if acknowledged else "",
            )
            if n
        ),
    )
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

    _tell_authority(
        item,
        authority,
        kind="complaint_registered",
        template="notifications/complaint_registered",
        clause="4.11",
        key=f"complaint-registered:{item.pk}",
    )
    if acknowledged:
        _send_acknowledgement(item, actor=actor, tracking_link=tracking_link)
    return item
