"""Referrals (2.1.2.3, 4.1.1), order issues (4.10.1) and conflict logs (4.12.1, Annex 1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import annex1
from cases.models import (
    ConflictAction,
    ConflictLog,
    Contact,
    OrderIssue,
    Outcome,
    Referral,
)
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
    head = unit.head
    head_user = head.user if head is not None else None
    context = {"issue": issue, "contact": contact, "reporter": actor}
    link = reverse("cases:contact_detail", args=[contact.pk])
    told = notify_users_or_address(
        users=[head_user] if head_user is not None and head_user.is_active else [],
        email=(head.email if head is not None else "") or unit.email,
        kind="cases.order_issue",
        rule_clause="4.10.1",
        target=issue,
        template="cases/email/order_issue",
        context=context,
        link=link,
        key=f"cases.order_issue:{issue.pk}",
    )
    if not told:
        raise ValidationError(
            _("4.10.1: the unit has no head or e-mail address to inform; ask an administrator.")
        )
    return issue


ORDER_ISSUE_REPLY = Reply(
    text_field="resolution",
    time_field="resolved_at",
    not_yours=_("Only the head of the unit closes its order issues."),
    already=_("This order issue is already closed."),
    empty=_("Write what was done."),
)


def _heads(issue: OrderIssue, user: User) -> bool:
    head = issue.unit.head
    return head is not None and head.user_id == user.pk


@transaction.atomic
def order_issue_resolve(*, actor: User, issue: OrderIssue, resolution: str) -> OrderIssue:
    """4.10.1: the head of the unit closes the issue with what was done; whoever reported it
    is told (in the desk and by e-mail), so the client can be answered."""
    # Lock the issue's row only: the unit's head is a nullable join (PostgreSQL refuses to
    # lock the outer side of it).
    issue = (
        OrderIssue.objects.select_for_update(of=("self",))
        .select_related("unit__head")
        .get(pk=issue.pk)
    )
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
    """4.12.1: an abusive client in person → work through Annex 1; the log records it."""
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
    (e.g. 113 called for a health problem, police for an aggressive client)."""
    known = annex1.SITUATIONS.get(situation)
    if known is None:
        raise ValidationError(_("Unknown situation."))
    valid = {a.code for a in known.actions}
    chosen = [a for a in actions if a in valid]
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


@transaction.atomic
def conflict_log_close(*, actor: User, log: ConflictLog) -> ConflictLog:
    """Annex 1: the conflict is over."""
    ConflictLog.objects.filter(pk=log.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    log.refresh_from_db()
    return log
