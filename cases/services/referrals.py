"""Referrals (2.1.2.3, 4.1.1), order issues (4.10.1) and conflict logs (4.12.1, Annex 1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import annex1
from cases.models import (
    Channel,
    ConflictAction,
    ConflictLog,
    Contact,
    OrderIssue,
    Outcome,
    Referral,
)
from cases.selectors import team
from cases.services._common import Reply, _add_outcomes, reply_once, send_message
from servicedesk.models import (
    CompetentInstitution,
    Employee,
    StructuralUnit,
    Topic,
)
from servicedesk.services.notifications import notify_users_or_address

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# --- Referrals (2.1.2.3, 4.1.1) ----------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    actor: User,
    contact: Contact,
    reason: str,
    specialist: Employee | None = None,
    institution: CompetentInstitution | None = None,
    topic: Topic | None = None,
) -> Referral:
    """2.1.2.3: explain why we cannot answer and send the client to the right specialist; or
    4.1.1: name the competent institution and its public contacts. Recorded on the contact."""
    if (specialist is None) == (institution is None):
        raise ValidationError(_("Choose either a specialist or a competent institution."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the question cannot be answered here.")})
    referral = Referral.objects.create(
        contact=contact,
        kind=Referral.Kind.SPECIALIST if specialist else Referral.Kind.INSTITUTION,
        specialist=specialist,
        institution=institution,
        topic=topic or contact.topic,
        reason=reason.strip(),
        created_by=actor,
    )
    _add_outcomes(
        contact,
        [Outcome.REFERRED_SPECIALIST if specialist else Outcome.REFERRED_INSTITUTION],
    )
    return referral


@transaction.atomic
def referral_email_slip(
    *, actor: User, referral: Referral, email: str, context: dict[str, Any]
) -> Referral:
    """2.1.2.3 / 4.1.1: e-mail the referral slip (the six items or the institution's public
    contacts) to the client, in Latvian."""
    if not email:
        raise ValidationError({"email": _("Enter the client's e-mail address.")})
    send_message(
        email,
        "referral_slip",
        referral,
        {"referral": referral, **context},
        language="lv",
        rule_clause="2.1.2.3" if referral.kind == Referral.Kind.SPECIALIST else "4.1.1",
    )
    referral.emailed_to = email
    referral.emailed_at = timezone.now()
    referral.save(update_fields=["emailed_to", "emailed_at"])
    return referral


# --- Order issues (4.10.1) ---------------------------------------------------------------------


@transaction.atomic
def order_issue_report(
    *,
    actor: User,
    contact: Contact,
    unit: StructuralUnit,
    description: str,
    order_reference: str = "",
) -> OrderIssue:
    """4.10.1: a non-compliance found in fulfilling an order (e.g. a late collection) is told
    at once to the head of the unit the order was given to, through the outbox (e-mail and
    in-app). A unit without a head with an account gets it at the unit's mailbox."""
    issue = OrderIssue.objects.create(
        contact=contact,
        unit=unit,
        description=description,
        order_reference=order_reference,
        reported_by=actor,
    )
    _add_outcomes(contact, [Outcome.ORDER_ISSUE])
    _tell_unit_head(issue, actor, key=f"cases.order_issue:{issue.pk}")
    return issue


def _tell_unit_head(issue: OrderIssue, actor: User, *, key: str) -> None:
    """Tell the head of the issue's unit through the outbox (e-mail and in-app); a unit
    without a head with an account gets it at the unit's mailbox."""
    unit = issue.unit
    head = unit.head
    head_user = head.user if head is not None else None
    told = notify_users_or_address(
        users=[head_user] if head_user is not None and head_user.is_active else [],
        email=(head.email if head is not None else "") or unit.email,
        kind="cases.order_issue",
        rule_clause="4.10.1",
        target=issue,
        template="cases/email/order_issue",
        context={"issue": issue, "contact": issue.contact, "reporter": actor},
        link=reverse("cases:contact_detail", args=[issue.contact_id]),
        key=key,
    )
    if not told:
        raise ValidationError(
            _("4.10.1: the unit has no head or e-mail address to inform; ask an administrator.")
        )


ORDER_ISSUE_REPLY = Reply(
    text_field="resolution",
    time_field="resolved_at",
    not_yours=_("Only the head of the unit closes its order issues."),
    already=_("This order issue is already closed."),
    empty=_("Write what was done."),
)


def _heads(issue: OrderIssue, user: User) -> bool:
    """Whether ``user`` heads the issue's unit, or stands in today for its absent head."""
    return OrderIssue.objects.filter(team.heads_q(user), pk=issue.pk).exists()


def _locked(issue: OrderIssue) -> OrderIssue:
    # Lock the issue's row only: the unit's head is a nullable join (PostgreSQL refuses to
    # lock the outer side of it).
    return (
        OrderIssue.objects.select_for_update(of=("self",))
        .select_related("unit__head")
        .get(pk=issue.pk)
    )


@transaction.atomic
def order_issue_pass(
    *, actor: User, issue: OrderIssue, unit: StructuralUnit, reason: str
) -> OrderIssue:
    """4.10.1: the head (or the one standing in) passes an open issue to the unit that
    fulfils the order after all, saying why; that unit's head is told at once."""
    issue = _locked(issue)
    if not _heads(issue, actor):
        raise PermissionDenied
    if issue.resolved_at is not None:
        raise ValidationError(_("The order issue is already closed."), code="closed")
    if unit.pk == issue.unit_id:
        raise ValidationError(
            {"unit": _("The issue is already with this unit; choose another one.")},
            code="same_unit",
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the issue is passed on.")}, code="no_reason")
    issue.passed_from = issue.unit
    issue.unit = unit
    issue.pass_reason = reason.strip()
    issue.save(update_fields=["passed_from", "unit", "pass_reason"])
    _tell_unit_head(issue, actor, key=f"cases.order_issue:{issue.pk}:to:{unit.pk}")
    return issue


@transaction.atomic
def order_issue_resolve(*, actor: User, issue: OrderIssue, resolution: str) -> OrderIssue:
    """4.10.1: the head of the unit closes the issue with what was done; whoever reported it
    is told (in the desk and by e-mail), so the client can be answered."""
    issue = _locked(issue)
    reply_once(
        issue, ORDER_ISSUE_REPLY, text=resolution, allowed=_heads(issue, actor), resolved_by=actor
    )
    send_message(
        issue.reported_by,
        "order_issue_resolved",
        issue,
        {"issue": issue, "resolver": actor},
        rule_clause="4.10.1",
        link=reverse("cases:contact_detail", args=[issue.contact_id]),
    )
    return issue


# --- Conflict log (4.12.1, Annex 1) ------------------------------------------------------------


@transaction.atomic
def conflict_log_open(*, actor: User, contact: Contact) -> ConflictLog:
    """4.12.1: a client abusive *in person* ("klātienē") → work through Annex 1; the log
    records it. Only a visit: on the phone 4.12.2 applies (warn, then end the call), by e-mail
    4.12.3; a log kept from before stays readable but gets no new one."""
    if contact.channel != Channel.VISIT:
        raise ValidationError(
            _(
                "4.12.1: the conflict log is for a client in person (a visit). On the phone, "
                "4.12.2 applies: warn the client, then end the call."
            ),
            code="not_in_person",
        )
    log, _created = ConflictLog.objects.get_or_create(
        contact=contact, defaults={"opened_by": actor}
    )
    _add_outcomes(contact, [Outcome.CONFLICT])
    return log


@transaction.atomic
def conflict_step_record(
    *, actor: User, log: ConflictLog, step: str, note: str = ""
) -> ConflictAction:
    """Annex 1, typical situation: one of the six steps done."""
    _still_open(log)
    if step not in annex1.STEP_NUMBERS:
        raise ValidationError(_("Unknown step."))
    return ConflictAction.objects.create(
        log=log, kind=ConflictAction.Kind.STEP, code=step, note=note, by=actor
    )


@transaction.atomic
def conflict_situation_record(
    *, actor: User, log: ConflictLog, situation: str, actions: Iterable[str], note: str = ""
) -> list[ConflictAction]:
    """Annex 1, atypical situations: the situation picked and the prescribed actions taken
    (e.g. 113 called for a health problem, police for an aggressive client). An action of
    another situation is refused with a message, never dropped without a word."""
    _still_open(log)
    known = annex1.SITUATIONS.get(situation)
    if known is None:
        raise ValidationError(_("Unknown situation."))
    chosen = list(dict.fromkeys(actions))
    # An action ticked under another situation is refused, not dropped: the employee did it
    # and it must not vanish from the log without a word.
    elsewhere = [a for a in chosen if annex1.SITUATION_OF.get(a) != situation]
    if elsewhere:
        titles = sorted(
            {
                annex1.SITUATIONS[annex1.SITUATION_OF[a]].title
                for a in elsewhere
                if a in annex1.SITUATION_OF
            }
        )
        raise ValidationError(
            _(
                "Actions are ticked under a situation that was not chosen (%(situations)s): "
                "choose that situation, or untick them and log each situation on its own."
            )
            % {"situations": "; ".join(titles) or ", ".join(elsewhere)},
            code="actions_elsewhere",
        )
    rows = [
        ConflictAction(
            log=log, kind=ConflictAction.Kind.SITUATION, code=situation, note=note, by=actor
        )
    ]
    rows += [
        ConflictAction(log=log, kind=ConflictAction.Kind.SITUATION, code=code, by=actor)
        for code in chosen
    ]
    return ConflictAction.objects.bulk_create(rows)


def _still_open(log: ConflictLog) -> None:
    if log.closed_at is not None:
        raise ValidationError(_("The conflict log is closed: nothing more can be logged."))


@transaction.atomic
def conflict_log_close(*, actor: User, log: ConflictLog) -> ConflictLog:
    """Annex 1: the conflict is over."""
    ConflictLog.objects.filter(pk=log.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    log.refresh_from_db()
    return log
