"""The only writers of the complaints register (4.11, 7.1–7.3, 8, 2.1.4.4).

Every service is one transaction: it changes the item, writes its history and routing rows
and its notifications (the outbox) together. Changes to an item are optimistic: the caller
passes the ``version`` it read, and a change made meanwhile by someone else raises
``StaleEdit`` instead of being overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.deadlines import reply_deadline, working_days_between
from servicedesk import sealed_links
from servicedesk.models import Employee, Notification, ReviewAuthority
from servicedesk.roles import Action, can
from servicedesk.services.notifications import notify_address, notify_user
from servicedesk.services.privacy import derived_scrub, history_scrub

from . import selectors
from .attachments import check_attachment
from .conf import register_number, reminder_working_days
from .models import (
    OPEN_STATES,
    Attachment,
    FeedbackItem,
    HistoryEntry,
    Kind,
    Outcome,
    RegisterCounter,
    ReviewNote,
    Routing,
    RoutingRule,
    State,
    SubjectKind,
)
from .storage import private_storage
from .subjects import complaint_subject_errors
from .survey_invitations import survey_offer_for_item

AuthorityKind = ReviewAuthority.Kind

#: The review workflow (docs/complaints.md). Anything else is refused.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    State.REGISTERED: frozenset({State.ACKNOWLEDGED}),
    State.ACKNOWLEDGED: frozenset({State.UNDER_REVIEW}),
    State.UNDER_REVIEW: frozenset({State.DECIDED}),
    State.DECIDED: frozenset({State.ANSWERED, State.UNDER_REVIEW}),
    State.ANSWERED: frozenset({State.CLOSED, State.REOPENED}),
    State.CLOSED: frozenset({State.REOPENED}),
    State.REOPENED: frozenset({State.UNDER_REVIEW}),
}

#: The client's appeal goes one level up: employee → head (7.1) → executive director (7.2).
#: The executive director and the Ethics Commission have nobody above them in the
#: institution; an appeal reopens the item with them.
ESCALATION: dict[str, str] = {AuthorityKind.HEAD: AuthorityKind.EXECUTIVE_DIRECTOR}

#: 2.1.4.4: where an item goes when the authority it would reach includes a person it is
#: about. The head's items go to the municipal executive director (7.2); so do the Ethics
#: Commission's when a member is the subject. The director has nobody above: there the gate
#: keeps the item from the subject and only the other members are told.
AWAY_FROM_SUBJECT: dict[str, str] = {
    AuthorityKind.HEAD: AuthorityKind.EXECUTIVE_DIRECTOR,
    AuthorityKind.ETHICS_COMMISSION: AuthorityKind.EXECUTIVE_DIRECTOR,
}

#: The clause under which each authority reviews (for re-routing and appeals).
AUTHORITY_CLAUSE: dict[str, str] = {
    AuthorityKind.HEAD: "7.1",
    AuthorityKind.EXECUTIVE_DIRECTOR: "7.2",
    AuthorityKind.ETHICS_COMMISSION: "7.3",
}

SUMMARY_CHARS = 300


class StaleEdit(Exception):
    """Someone else changed the item since the form was opened."""


class TransitionNotAllowed(ValidationError):
    pass


# --- Registration ------------------------------------------------------------------------


@transaction.atomic
def feedback_register(
    *,
    actor: Any | None,
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


def _effective_subject_kind(subject_kind: str, employee: Employee | None) -> str:
    """A complaint naming the head as "an employee" is about the head (7.2). The employee
    record's head mark decides, not only its user link: an unlinked record is the head's
    all the same. An ethics complaint stays with the Ethics Commission (7.3) whoever it
    names."""
    if subject_kind != SubjectKind.EMPLOYEE or employee is None:
        return subject_kind
    if selectors.employee_is_head(employee):
        return SubjectKind.HEAD
    return subject_kind


def _scope_origin(item: FeedbackItem) -> FeedbackItem:
    """The item whose scope a derived item carries: the original, even through a chain."""
    while item.derived_from_id is not None and item.derived_from is not None:
        item = item.derived_from
    return item


def _away_from_subjects(
    authority: ReviewAuthority, clause: str, subjects: set[int]
) -> tuple[ReviewAuthority, str, str]:
    """2.1.4.4: an authority that includes a person the item is about never reviews it; the
    item goes one authority up (``AWAY_FROM_SUBJECT``). Returns the authority, its clause and
    a note for the history saying why (empty when nothing changed)."""
    notes: list[str] = []
    while selectors.authority_includes_subject(authority, subjects):
        higher = AWAY_FROM_SUBJECT.get(authority.kind)
        if higher is None:
            break
        above = _authority(higher)
        clause = AUTHORITY_CLAUSE[higher]
        notes.append(
            _(
                "%(authority)s includes a person the item is about (2.1.4.4): it goes to "
                "%(higher)s under clause %(clause)s."
            )
            % {
                "authority": authority.get_kind_display(),
                "higher": above.get_kind_display(),
                "clause": clause,
            }
        )
        authority = above
    return authority, clause, " ".join(notes)


def _routing_rule(kind: str, subject_kind: str) -> RoutingRule:
    rule = RoutingRule.objects.filter(item_kind=kind, subject_kind=subject_kind).first()
    if rule is None:
        raise ValidationError(
            _("The routing table has no rule for this kind of item; ask an administrator."),
            code="no_routing_rule",
        )
    return rule


def _authority(kind: str) -> ReviewAuthority:
    authority = ReviewAuthority.objects.filter(kind=kind).first()
    if authority is None:
        raise ValidationError(
            _("The review authority “%(kind)s” is not set up; ask an administrator.")
            % {"kind": AuthorityKind(kind).label}
        )
    return authority


def _next_register_number(year: int, series: str) -> tuple[int, int, str]:
    """The next number of the year in ``series`` (the authority the item is first routed
    to): each authority's register is numbered on its own, so a reviewer who sees 1 and 3
    cannot infer a hidden 2 (docs/complaints.md, "Register numbers"). The counter row is
    locked (SELECT … FOR UPDATE) until the registering transaction ends, so two desks never
    get the same number; the unique constraints on the number are the last line of
    defence."""
    RegisterCounter.objects.get_or_create(year=year, series=series)
    counter = RegisterCounter.objects.select_for_update().get(year=year, series=series)
    counter.last_number = F("last_number") + 1
    counter.save(update_fields=["last_number"])
    counter.refresh_from_db(fields=["last_number"])
    sequence = counter.last_number
    return year, sequence, register_number(year=year, series=series, seq=sequence)


# --- Notifications ----------------------------------------------------------------------


def _context(item: FeedbackItem, **extra: Any) -> dict[str, Any]:
    return {
        "item": item,
        "kind_label": item.get_kind_display(),
        "channel_label": item.get_channel_display(),
        "authority_label": item.authority.get_kind_display(),
        # 4.1.3: restricted-access content never leaves the desk in an e-mail.
        "summary": _("Restricted-access information: read it in the service desk.")
        if item.is_restricted
        else Truncator(item.text).chars(SUMMARY_CHARS),
        **extra,
    }


def _tell_authority(
    item: FeedbackItem,
    authority: ReviewAuthority,
    *,
    kind: str,
    template: str,
    clause: str,
    key: str,
    extra: dict[str, Any] | None = None,
) -> list[Notification]:
    """Notify an authority's members who may know of the item (e-mail and in-app), and its
    mailbox unless the mailbox could reach a subject of the item (2.1.4.4)."""
    members = list(authority.members.select_related("employee"))
    allowed = selectors.recipients_among(members, item)
    context = _context(item, **(extra or {}))
    rows: list[Notification] = []
    for user in allowed:
        rows += notify_user(
            user=user,
            kind=kind,
            rule_clause=clause,
            target=item,
            template=template,
            context=context,
            link=item.get_absolute_url(),
            key=key,
        )
    if authority.email and _mailbox_is_safe(authority, item, members, allowed):
        rows.append(
            notify_address(
                email=authority.email,
                kind=kind,
                rule_clause=clause,
                target=item,
                template=template,
                context=context,
                link=item.get_absolute_url(),
                key=key,
            )
        )
    return rows


def _mailbox_is_safe(
    authority: ReviewAuthority, item: FeedbackItem, members: list[Any], allowed: list[Any]
) -> bool:
    if len(allowed) != len([m for m in members if m.is_active]):
        return False  # a member is the subject and may read the shared mailbox
    subject = item.subject_employee
    if subject is not None:
        addresses = {subject.email.lower(), (subject.user.email if subject.user else "").lower()}
        if authority.email.lower() in addresses:
            return False
    return True


def _send_acknowledgement(
    item: FeedbackItem, *, actor: Any | None, tracking_link: str = ""
) -> None:
    """The client's acknowledgement: the register number, who reviews it (the authority's
    role, never a person's name) and the reply date, in Latvian. ``feedback_register`` has
    already written the item acknowledged, in the same transaction.

    A tracking link opens the client's page without a login, so it is a secret: the caller
    passes it sealed (``complaints.public_services.TRACKING_LINK``) and the outbox puts the
    link in only when the e-mail is sent; a link in clear would be stored readable."""
    if tracking_link and not sealed_links.is_sealed(tracking_link):
        raise ValueError("Pass the tracking link sealed (public_services.TRACKING_LINK).")
    _email_client(
        item,
        kind="complaint_acknowledgement",
        key=f"complaint-acknowledgement:{item.pk}",
        tracking_link=tracking_link,  # public form (3.4)
    )


def _email_client(item: FeedbackItem, *, kind: str, key: str, **extra: Any) -> Notification:
    """E-mail the client about their item: in Latvian (the state language law), with the
    template named as the kind, and the item's summary only when it is not restricted
    (4.1.3, ``_context``)."""
    return notify_address(
        email=item.client_email,
        language="lv",
        kind=kind,
        target=item,
        template=f"notifications/{kind}",
        context=_context(item, **extra),
        key=key,
    )


# --- Changing an item ----------------------------------------------------------------------


def _move(
    item: FeedbackItem,
    *,
    actor: Any | None,
    expected_version: int,
    to_state: str | None = None,
    fields: dict[str, Any] | None = None,
    event: str = HistoryEntry.Event.TRANSITION,
    note: str = "",
    clause: str = "",
) -> FeedbackItem:
    """Apply a change with a conditional update on ``version``, and write its history row.

    The UPDATE matches only the version the caller read: if another reviewer saved in
    between, no row matches and ``StaleEdit`` is raised; nothing is overwritten."""
    if item.version != expected_version:
        raise StaleEdit
    from_state = item.state
    if to_state is not None and to_state not in ALLOWED_TRANSITIONS.get(from_state, frozenset()):
        raise TransitionNotAllowed(
            _("An item that is “%(from)s” cannot become “%(to)s”.")
            % {"from": State(from_state).label, "to": State(to_state).label},
            code="transition",
        )
    changes = dict(fields or {})
    if to_state is not None:
        changes["state"] = to_state
    updated = FeedbackItem.objects.filter(
        pk=item.pk, version=expected_version, state=from_state
    ).update(version=F("version") + 1, updated_at=timezone.now(), **changes)
    if updated != 1:
        raise StaleEdit
    HistoryEntry.objects.create(
        item=item,
        event=event,
        actor=actor,
        from_state=from_state,
        to_state=to_state or from_state,
        note=note,
        clause=clause,
    )
    item.refresh_from_db()
    # The conditional UPDATE bypasses save(): record the change in the audit trail (2.1.6).
    FeedbackItem.audit_trail.bulk_history_create([item], update=True, default_user=actor)
    return item


def _require_reviewer(actor: Any, item: FeedbackItem) -> None:
    if not (can(actor, Action.REVIEW_FEEDBACK) and selectors.is_reviewer(actor, item)):
        raise PermissionDenied


@transaction.atomic
def feedback_acknowledge(
    *, actor: Any, item: FeedbackItem, expected_version: int, note: str = ""
) -> FeedbackItem:
    """Mark the item acknowledged: the client was told by letter, phone or in person (no
    e-mail address); with an e-mail the registering service does it itself."""
    _require_reviewer(actor, item)
    return _move(
        item,
        actor=actor,
        expected_version=expected_version,
        to_state=State.ACKNOWLEDGED,
        note=note,
    )


@transaction.atomic
def feedback_start_review(
    *, actor: Any, item: FeedbackItem, expected_version: int, note: str = ""
) -> FeedbackItem:
    """The reviewer takes the item up (again, after an appeal or to reconsider a decision
    not yet sent)."""
    _require_reviewer(actor, item)
    return _move(
        item,
        actor=actor,
        expected_version=expected_version,
        to_state=State.UNDER_REVIEW,
        note=note,
        clause=item.routing_clause,
    )


@transaction.atomic
def feedback_decide(
    *,
    actor: Any,
    item: FeedbackItem,
    expected_version: int,
    outcome: str,
    decision_text: str,
    rules_violation: bool | None = None,
) -> FeedbackItem:
    """Record the decision (7.1–7.3). "Left unexamined" (e.g. an anonymous submission, as
    the Law on Submissions allows) needs its reason."""
    _require_reviewer(actor, item)
    decision_text = decision_text.strip()
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if not decision_text:
        raise ValidationError(
            {"decision_text": _("Write the decision and its reasons.")}
            if outcome != Outcome.LEFT_UNEXAMINED
            else {"decision_text": _("Say why the item is left unexamined.")}
        )
    fields: dict[str, Any] = {
        "outcome": outcome,
        "decision_text": decision_text,
        "decided_at": timezone.now(),
    }
    if rules_violation is not None and item.kind == Kind.COMPLAINT:
        fields["rules_violation"] = rules_violation
    return _move(
        item,
        actor=actor,
        expected_version=expected_version,
        to_state=State.DECIDED,
        fields=fields,
        note=f"{Outcome(outcome).label}: {decision_text}",
        clause=item.routing_clause,
    )


@transaction.atomic
def feedback_answer(
    *, actor: Any, item: FeedbackItem, expected_version: int, reply_text: str
) -> FeedbackItem:
    """Send the client the reply (by e-mail where we have an address; otherwise it is
    recorded here and goes by the channel the client used)."""
    _require_reviewer(actor, item)
    reply_text = reply_text.strip()
    if not reply_text:
        raise ValidationError({"reply_text": _("Write the reply to the client.")})
    # 4.1.3: a reply holding restricted-access information is never e-mailed.
    by_email = bool(item.client_email) and not item.is_restricted
    item = _move(
        item,
        actor=actor,
        expected_version=expected_version,
        to_state=State.ANSWERED,
        fields={"reply_text": reply_text, "answered_at": timezone.now()},
        note=_("Reply e-mailed to the client.")
        if by_email
        else _("Reply recorded; to be delivered by the client's channel."),
    )
    if by_email:
        _email_client(
            item,
            kind="complaint_reply",
            key=f"complaint-reply:{item.pk}:{item.version}",
            reply_text=reply_text,
        )
    return item


@transaction.atomic
def feedback_close(
    *, actor: Any, item: FeedbackItem, expected_version: int, note: str = ""
) -> FeedbackItem:
    """Close an answered item. Clause 8: a complaint about a breach of the rules' principles
    (not an ethics one) sends the institution's Ethics Commission a summary and the decision:
    its mailbox by e-mail and its members in their inbox (never a subject of it)."""
    _require_reviewer(actor, item)
    item = _move(
        item,
        actor=actor,
        expected_version=expected_version,
        to_state=State.CLOSED,
        fields={"closed_at": timezone.now()},
        note=note,
    )
    if (
        item.kind == Kind.COMPLAINT
        and item.rules_violation
        and item.subject_kind != SubjectKind.ETHICS
    ):
        _report_to_ethics_commission(item)
    survey_offer_for_item(item=item)  # 3.5.1
    return item


def _report_to_ethics_commission(item: FeedbackItem) -> None:
    commission = ReviewAuthority.objects.filter(kind=AuthorityKind.ETHICS_COMMISSION).first()
    if commission is None:
        raise ValidationError(_("The Ethics Commission is not set up; ask an administrator."))
    context = _context(item, outcome_label=item.get_outcome_display())
    key = f"complaint-clause8:{item.pk}:{item.closed_at:%Y%m%d%H%M%S}"
    members = list(commission.members.select_related("employee"))
    told = [u for u in members if u.is_active and not selectors.is_subject(u, item)]
    for user in told:
        # No link: the Commission is informed, it does not review the item (it is routed to
        # the head), so the register would not open it for them.
        notify_user(
            user=user,
            kind="complaint_clause8",
            rule_clause="8",
            target=item,
            template="notifications/complaint_clause8",
            context=context,
            key=key,
            channels=(Notification.Channel.IN_APP,),
        )
    if commission.email and len(told) == len([m for m in members if m.is_active]):
        notify_address(
            email=commission.email,
            kind="complaint_clause8",
            rule_clause="8",
            target=item,
            template="notifications/complaint_clause8",
            context=context,
            key=key,
        )


@transaction.atomic
def feedback_extend(
    *, actor: Any, item: FeedbackItem, expected_version: int, reason: str
) -> FeedbackItem:
    """Extend the reply date to the Law on Submissions' longer period (more information or
    other institutions needed) and tell the client why."""
    _require_reviewer(actor, item)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why more time is needed.")})
    if item.state not in OPEN_STATES:
        raise TransitionNotAllowed(_("The reply has already been given."), code="extend")
    if item.is_extended:
        raise TransitionNotAllowed(_("The deadline has already been extended."), code="extend")
    new_due = max(reply_deadline(item.received_on, extended=True), item.reply_due)
    item = _move(
        item,
        actor=actor,
        expected_version=expected_version,
        fields={"reply_due": new_due, "is_extended": True, "extension_reason": reason},
        event=HistoryEntry.Event.EXTENDED,
        note=reason,
    )
    if item.client_email:
        _email_client(
            item, kind="complaint_extension", key=f"complaint-extension:{item.pk}", reason=reason
        )
    return item


@transaction.atomic
def feedback_reroute(
    *,
    actor: Any,
    item: FeedbackItem,
    expected_version: int,
    authority_kind: str,
    reason: str,
) -> FeedbackItem:
    """A reviewer sends the item to another authority, saying why. Never to an authority
    that includes a person the item is about (2.1.4.4): a complaint about the head never to
    the head (7.2), an ethics complaint about the head never to the head either."""
    _require_reviewer(actor, item)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the item goes elsewhere.")})
    if authority_kind == item.authority.kind:
        raise ValidationError({"authority_kind": _("The item is already routed there.")})
    if item.subject_kind == SubjectKind.HEAD and authority_kind == AuthorityKind.HEAD:
        raise ValidationError(
            {"authority_kind": _("A complaint about the head cannot be reviewed by the head.")}
        )
    authority = _authority(authority_kind)
    if selectors.authority_includes_subject(authority, selectors.subject_user_ids(item)):
        raise ValidationError(
            {
                "authority_kind": _(
                    "%(authority)s includes a person this item is about, so it cannot review "
                    "it (2.1.4.4). Choose another authority."
                )
                % {"authority": authority.get_kind_display()}
            }
        )
    return _route(
        item,
        actor=actor,
        expected_version=expected_version,
        authority=authority,
        reason=Routing.Reason.REROUTE,
        note=reason,
    )


@transaction.atomic
def feedback_appeal(
    *, actor: Any, item: FeedbackItem, expected_version: int, reason: str
) -> FeedbackItem:
    """The client appeals the decision: the item reopens one level up (head → executive
    director), with a fresh reply period counted from today."""
    if not selectors.may_know_of(actor, item) or not (
        can(actor, Action.REGISTER_FEEDBACK) or selectors.is_reviewer(actor, item)
    ):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write what the client appeals against.")})
    previous = _("Previous decision: %(outcome)s. %(text)s") % {
        "outcome": item.get_outcome_display(),
        "text": item.decision_text,
    }
    item = _move(
        item,
        actor=actor,
        expected_version=expected_version,
        to_state=State.REOPENED,
        fields={
            "reply_due": reply_deadline(timezone.localdate()),
            "is_extended": False,
            "extension_reason": "",
            "outcome": "",
            "decision_text": "",
            "reply_text": "",
            "decided_at": None,
            "answered_at": None,
            "closed_at": None,
        },
        note=f"{reason}\n{previous}",
    )
    higher = ESCALATION.get(item.authority.kind)
    authority = _authority(higher) if higher else item.authority
    # ``_route`` sends it further up if this authority includes a subject (2.1.4.4).
    return _route(
        item,
        actor=actor,
        expected_version=item.version,
        authority=authority,
        reason=Routing.Reason.APPEAL,
        note=reason,
    )


def _route(
    item: FeedbackItem,
    *,
    actor: Any,
    expected_version: int,
    authority: ReviewAuthority,
    reason: str,
    note: str,
) -> FeedbackItem:
    """Route the item to ``authority`` (or, if it includes a person the item is about, one
    authority up: 2.1.4.4), record the routing and the history, and tell the authority."""
    clause = AUTHORITY_CLAUSE[authority.kind]
    authority, clause, why = _away_from_subjects(
        authority, clause, selectors.subject_user_ids(item)
    )
    if item.kind != Kind.COMPLAINT and authority.kind == AuthorityKind.HEAD:
        clause = "4.11"
    history_note = _("To %(authority)s: %(note)s") % {
        "authority": authority.get_kind_display(),
        "note": note,
    }
    item = _move(
        item,
        actor=actor,
        expected_version=expected_version,
        fields={"authority_id": authority.pk, "routing_clause": clause},
        event=HistoryEntry.Event.ROUTED,
        note=f"{history_note} {why}" if why else history_note,
        clause=clause,
    )
    routing = Routing.objects.create(
        item=item,
        authority=authority,
        clause=clause,
        reason=reason,
        note=f"{note} {why}" if why else note,
        actor=actor,
    )
    _tell_authority(
        item,
        authority,
        kind="complaint_routed",
        template="notifications/complaint_routed",
        clause=clause,
        key=f"complaint-routed:{item.pk}:{routing.pk}",
        extra={"reason": note, "is_appeal": reason == Routing.Reason.APPEAL},
    )
    return item


@transaction.atomic
def review_note_add(*, actor: Any, item: FeedbackItem, text: str) -> ReviewNote:
    """An internal note of the reviewers (never shown to the front desk or the client)."""
    _require_reviewer(actor, item)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    return ReviewNote.objects.create(item=item, author=actor, text=text)


# --- Reminders (Celery beat, daily) -------------------------------------------------------

#: How far back the "deadline passed" reminder still goes out (covers a beat outage).
OVERDUE_WINDOW = timedelta(days=7)


# --- Anonymising (2.1.6.1) -------------------------------------------------------------------

# The item's texts, scrubbed of the client's details, and the details themselves, cleared.
ITEM_TEXTS = ("text", "decision_text", "reply_text", "extension_reason", "subject_description")
CLIENT_FIELDS = ("client_name", "client_email", "client_phone", "client_address")


@transaction.atomic
def feedback_anonymise(
    *, actor: Any | None, item: FeedbackItem, scrub: Callable[[str], str], reason: str
) -> FeedbackItem:
    """Anonymise a closed item on an erasure request or when its retention period has passed
    (``reason`` "request" or "retention"; ``actor`` None for the nightly run).

    1. Clear the client's details and scrub the item's texts as one change of the item: the
       version goes up, so a form opened before refuses to save the old details back, and a
       history row says that it was anonymised and why.
    2. Delete the attachments and their stored files, including files only the change
       history still names, and scrub the attachments' history and notifications.

    ``complaints.privacy`` then scrubs the other copies (history texts, notes, the outbox)."""
    fields: dict[str, Any] = {name: scrub(getattr(item, name)) for name in ITEM_TEXTS}
    fields.update(dict.fromkeys(CLIENT_FIELDS, ""))
    item = _move(
        item,
        actor=actor,
        expected_version=item.version,
        fields=fields,
        event=HistoryEntry.Event.ANONYMISED,
        note=_("The client's details were erased on their request.")
        if reason == "request"
        else _("The client's details were anonymised: the retention period has passed."),
        clause="2.1.6.1",
    )
    _attachments_erase(item, scrub)
    return item


def _attachments_erase(item: FeedbackItem, scrub: Callable[[str], str]) -> None:
    history = Attachment.audit_trail.model.objects.filter(item_id=item.pk)
    attachment_ids = set(history.values_list("id", flat=True))
    stored = set(history.exclude(file="").values_list("file", flat=True))
    for attachment in Attachment.objects.filter(item=item):
        attachment_ids.add(attachment.pk)
        stored.add(attachment.file.name)
        attachment.file.delete(save=False)
        attachment.delete()
    # A file replaced or deleted earlier may still be stored: the history names it.
    storage = private_storage()
    for name in stored:
        if name and storage.exists(name):
            storage.delete(name)
    history_scrub(
        Attachment.audit_trail.model,
        ids=[item.pk],
        key="item_id",
        set_values={"original_name": "", "file": ""},
    )
    derived_scrub(Attachment, sorted(attachment_ids), scrub=scrub)


def deadline_reminders_send(*, today: date | None = None) -> int:
    """Remind the reviewers of open items whose reply date is near (``COMPLAINTS_REMINDER_
    WORKING_DAYS`` working days or fewer) and of those whose date has just passed. The
    idempotency keys name the item and its reply date, so running the task again (or twice
    a day) sends nothing new, while an extended date earns fresh reminders. Returns the
    number of items reminded about."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=reminder_working_days() * 2 + 10)
    items = FeedbackItem.objects.filter(
        state__in=list(OPEN_STATES),
        reply_due__gte=today - OVERDUE_WINDOW,
        reply_due__lte=horizon,
    ).select_related("authority", "subject_employee")
    reminded = 0
    for item in items.iterator():
        if item.reply_due < today:
            kind, template = "complaint_overdue", "notifications/complaint_overdue"
        elif working_days_between(today, item.reply_due) <= reminder_working_days():
            kind, template = "complaint_due_soon", "notifications/complaint_due_soon"
        else:
            continue
        with transaction.atomic():
            rows = _tell_members(
                item,
                kind=kind,
                template=template,
                key=f"{kind}:{item.pk}:{item.reply_due.isoformat()}",
            )
        reminded += bool(rows)
    return reminded


def _tell_members(item: FeedbackItem, *, kind: str, template: str, key: str) -> list[Any]:
    members = selectors.recipients_among(item.authority.members.select_related("employee"), item)
    rows: list[Any] = []
    for user in members:
        rows += notify_user(
            user=user,
            kind=kind,
            rule_clause=item.routing_clause,
            target=item,
            template=template,
            context=_context(item),
            link=item.get_absolute_url(),
            key=key,
        )
    return rows
