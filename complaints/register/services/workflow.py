"""The review workflow of a registered item (7.1–7.3): acknowledge, review, decide, answer,
close, extend, re-route, appeal. Changes are optimistic: the caller passes the ``version`` it
read, and a change made meanwhile raises ``StaleEdit`` instead of being overwritten."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadlines import reply_deadline
from cases.models import Dispatch
from cases.services.dispatch import dispatch_outcome, reply_note
from complaints import selectors
from complaints.models import (
    OPEN_STATES,
    FeedbackItem,
    HistoryEntry,
    Kind,
    Outcome,
    ReviewNote,
    Routing,
    State,
    SubjectKind,
)
from complaints.subjects import authority_includes_subject, subject_user_ids
from complaints.voice.services.invitations import survey_offer_for_item
from servicedesk.models import ReviewAuthority
from servicedesk.roles import Action, can

from .forwarding import forward_outside_desk
from .notifying import (
    Clause8Recipients,
    _clause_8_recipients,
    _email_client,
    _report_to_institution_commission,
    _tell_authority,
    reports_under_clause_8,
)
from .routing import (
    AUTHORITY_CLAUSE,
    ESCALATION,
    _authority,
    _away_from_subjects,
)

if TYPE_CHECKING:
    from servicedesk.types import User


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


class StaleEdit(Exception):
    """Someone else changed the item since the form was opened."""


class TransitionNotAllowed(ValidationError):
    pass


# --- Changing an item ----------------------------------------------------------------------


def _move(
    item: FeedbackItem,
    *,
    actor: User | None,
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


def _require_reviewer(actor: User, item: FeedbackItem) -> None:
    if not (can(actor, Action.REVIEW_FEEDBACK) and selectors.is_reviewer(actor, item)):
        raise PermissionDenied


def _reviewer_move(
    actor: User, item: FeedbackItem, expected_version: int, to_state: str, **change: Any
) -> FeedbackItem:
    """A reviewer moves the item to ``to_state`` (with a note or a clause: ``change``)."""
    _require_reviewer(actor, item)
    return _move(item, actor=actor, expected_version=expected_version, to_state=to_state, **change)


@transaction.atomic
def feedback_acknowledge(
    *, actor: User, item: FeedbackItem, expected_version: int, note: str = ""
) -> FeedbackItem:
    """Mark the item acknowledged (with an e-mail the registering service does it itself).
    The acknowledgement the e-mail would have been goes by the client's channel
    (``cases.services.dispatch``): a letter to print when there is a postal address, else to
    hand over in person; the history note says which, with its outgoing number. Nothing to
    send for an anonymous item or one that names nobody."""
    _require_reviewer(actor, item)
    if item.version != expected_version:
        raise StaleEdit
    if not item.is_anonymous and (item.client_name or item.client_address or item.client_id):
        dispatch = _email_client(
            item,
            actor=actor,
            kind="complaint_acknowledgement",
            key=f"complaint-acknowledgement:{item.pk}",
            dispatch_kind=Dispatch.Kind.ACKNOWLEDGEMENT,
        )
        told = _("Acknowledgement: %(outcome)s") % {"outcome": dispatch_outcome(dispatch)}
        note = " ".join(part for part in (note.strip(), told) if part)
    return _move(
        item, actor=actor, expected_version=expected_version, to_state=State.ACKNOWLEDGED, note=note
    )


@transaction.atomic
def feedback_start_review(
    *, actor: User, item: FeedbackItem, expected_version: int, note: str = ""
) -> FeedbackItem:
    """The reviewer takes the item up (again, after an appeal or to reconsider a decision
    not yet sent)."""
    return _reviewer_move(
        actor, item, expected_version, State.UNDER_REVIEW, note=note, clause=item.routing_clause
    )


@transaction.atomic
def feedback_decide(
    *,
    actor: User,
    item: FeedbackItem,
    expected_version: int,
    outcome: str,
    decision_text: str,
) -> FeedbackItem:
    """Record the decision (7.1–7.3). "Left unexamined" (e.g. an anonymous submission, as
    the Law on Submissions allows) needs its reason.

    8: a complaint decided under 7.1 or 7.2 (not an ethics one) is reported, with the
    decision, to the institution's Ethics Commission when it is decided, never to a member
    it is about; the decision's history says whether it was (``_clause_8_note``)."""
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
    recipients = _clause_8_recipients(item) if reports_under_clause_8(item) else None
    note = f"{Outcome(outcome).label}: {decision_text}"
    item = _move(
        item,
        actor=actor,
        expected_version=expected_version,
        to_state=State.DECIDED,
        fields=fields,
        note=" ".join(n for n in (note, _clause_8_note(recipients)) if n),
        clause=item.routing_clause,
    )
    if recipients:
        _report_to_institution_commission(item, recipients)
    return item


def _clause_8_note(recipients: Clause8Recipients | None) -> str:
    """The decision's history says whether the institution's Ethics Commission was told."""
    if recipients is None:
        return ""
    if recipients:
        return _("The institution's Ethics Commission is informed of the decision (clause 8).")
    if recipients.set_up:
        return _(
            "Everyone on the institution's Ethics Commission is a person this complaint is "
            "about (2.1.4.4), so it was not informed (clause 8)."
        )
    return _(
        "The institution's Ethics Commission has no members or e-mail set up, so it was not "
        "informed (clause 8); ask an administrator."
    )


@transaction.atomic
def feedback_answer(
    *, actor: User, item: FeedbackItem, expected_version: int, reply_text: str
) -> FeedbackItem:
    """Send the client the reply by the client's channel (``cases.services.dispatch``): an
    e-mail, or a letter to print, or a reply to hand over; the history note says which, with
    its outgoing number. 4.1.3: a reply holding restricted-access information is never
    e-mailed. A refusal (no address for the channel) rolls the whole answer back."""
    _require_reviewer(actor, item)
    reply_text = reply_text.strip()
    if not reply_text:
        raise ValidationError({"reply_text": _("Write the reply to the client.")})
    if item.version != expected_version:
        raise StaleEdit
    dispatch = _email_client(
        item,
        actor=actor,
        kind="complaint_reply",
        key=f"complaint-reply:{item.pk}:{expected_version + 1}",
        dispatch_kind=Dispatch.Kind.COMPLAINT_REPLY,
        reply_text=reply_text,
    )
    return _move(
        item,
        actor=actor,
        expected_version=expected_version,
        to_state=State.ANSWERED,
        fields={"reply_text": reply_text, "answered_at": timezone.now()},
        note=reply_note(dispatch),
    )


@transaction.atomic
def feedback_close(
    *, actor: User, item: FeedbackItem, expected_version: int, note: str = ""
) -> FeedbackItem:
    """Close an answered item and offer the client the satisfaction survey (3.5.1). (The
    institution's Ethics Commission was told of a complaint when it was decided, clause 8.)"""
    _require_reviewer(actor, item)
    item = _move(
        item,
        actor=actor,
        expected_version=expected_version,
        to_state=State.CLOSED,
        fields={"closed_at": timezone.now()},
        note=note,
    )
    survey_offer_for_item(item=item)  # 3.5.1
    return item


@transaction.atomic
def feedback_extend(
    *, actor: User, item: FeedbackItem, expected_version: int, reason: str
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
    if item.client_email or item.client_address or getattr(item, "client", None):
        _email_client(
            item,
            actor=actor,
            kind="complaint_extension",
            key=f"complaint-extension:{item.pk}",
            dispatch_kind=Dispatch.Kind.EXTENSION_NOTICE,
            reason=reason,
        )
    return item


@transaction.atomic
def feedback_reroute(
    *,
    actor: User,
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
    if authority_kind not in ReviewAuthority.REVIEWING:
        # 8: the institution's Ethics Commission is informed of complaints, it reviews none.
        raise ValidationError({"authority_kind": _("Choose an authority that reviews items.")})
    if authority_kind == item.authority.kind:
        raise ValidationError({"authority_kind": _("The item is already routed there.")})
    if item.subject_kind == SubjectKind.HEAD and authority_kind == AuthorityKind.HEAD:
        raise ValidationError(
            {"authority_kind": _("A complaint about the head cannot be reviewed by the head.")}
        )
    authority = _authority(authority_kind)
    if authority_includes_subject(authority, subject_user_ids(item)):
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
    *, actor: User, item: FeedbackItem, expected_version: int, reason: str
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
    actor: User,
    expected_version: int,
    authority: ReviewAuthority,
    reason: str,
    note: str,
) -> FeedbackItem:
    """Route the item to ``authority`` (or, if it includes a person the item is about, one
    authority up: 2.1.4.4), record the routing and the history, and tell the authority: in
    the desk, or, for one outside it, by the formal forwarding with a notice to the
    submitter (``complaints.register.services.forwarding``)."""
    clause = AUTHORITY_CLAUSE[authority.kind]
    authority, clause, why = _away_from_subjects(authority, clause, subject_user_ids(item))
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
    if not authority.works_in_desk:
        # Law on Submissions: formally forwarded, the submitter told (as at registration).
        return forward_outside_desk(item, actor=actor)
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
def review_note_add(*, actor: User, item: FeedbackItem, text: str) -> ReviewNote:
    """An internal note of the reviewers (never shown to the front desk or the client)."""
    _require_reviewer(actor, item)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    return ReviewNote.objects.create(item=item, author=actor, text=text)
