"""Where an item goes: the routing table, the authority above a subject (2.1.4.4), the
register numbers (7.1–7.3, 4.11)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from complaints.conf import register_number
from complaints.models import (
    FeedbackItem,
    RegisterCounter,
    RoutingRule,
    SubjectKind,
)
from complaints.subjects import authority_includes_subject, employee_is_head
from servicedesk.models import Employee, ReviewAuthority
from servicedesk.services.counters import counter_next

AuthorityKind = ReviewAuthority.Kind


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


def _effective_subject_kind(
    subject_kind: str, employee: Employee | None, *, heads: set[int] | None = None
) -> str:
    """A complaint naming the head as "an employee" is about the head (7.2). The employee
    record's head mark decides, not only its user link: an unlinked record is the head's
    all the same. An ethics complaint stays with the Ethics Commission (7.3) whoever it
    names."""
    if subject_kind != SubjectKind.EMPLOYEE or employee is None:
        return subject_kind
    if employee_is_head(employee, heads=heads):
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
    while authority_includes_subject(authority, subjects):
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


def _take_register_number(year: int, series: str) -> tuple[int, str]:
    """The next number of the year in ``series`` (the authority the item is first routed
    to): each authority's register is numbered on its own, so a reviewer who sees 1 and 3
    cannot infer a hidden 2 (docs/complaints.md, "Register numbers").

    One statement (``servicedesk.services.counters.counter_next``): it locks the counter
    row until the registering transaction ends, so two desks never get the same number, and
    a registration that rolls back gives its number back (no gaps). The caller takes it last,
    just before the commit (``feedback_register``), so concurrent registrations wait for
    each other only that long, not for each other's whole transaction. The unique
    constraints on the number are the last line of defence."""
    sequence = counter_next(RegisterCounter, field="last_number", year=year, series=series)
    return sequence, register_number(year=year, series=series, seq=sequence)
