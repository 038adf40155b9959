"""What a complaint is about (7.1–7.3 route by it): the one check the front desk's form, the
public form, the trust-line form and ``feedback_register`` share; and whom an item is about,
as sets of user ids, for routing it away from them (2.1.4.4, 7.2). The visibility gate
(``complaints.selectors``) keeps the same people from it in SQL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from complaints.models import FeedbackItem, Kind, SubjectKind
from servicedesk.models import Employee, ReviewAuthority
from servicedesk.roles import Role

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def complaint_subject_errors(
    *,
    kind: str | None,
    subject_kind: str | None,
    subject_employee: Any,
    subject_description: str | None = "",
    service_message: str | _StrPromise = "",
) -> dict[str, str | _StrPromise]:
    """The first thing missing from a complaint's subject, as {field: message}; empty when
    nothing is, or when the item is not a complaint.

    1. A complaint says what it is about (a known subject kind).
    2. One about an employee names the employee.
    3. One about a service names the service — only where the caller asks for it by giving
       ``service_message`` (the forms do, each in its own words; the trust line and the
       service itself do not)."""
    if kind != Kind.COMPLAINT:
        return {}
    if subject_kind not in SubjectKind.values:
        return {"subject_kind": _("Say what the complaint is about.")}
    if subject_kind == SubjectKind.EMPLOYEE and not subject_employee:
        return {"subject_employee": _("Choose the employee.")}
    if subject_kind == SubjectKind.SERVICE and service_message and not subject_description:
        return {"subject_description": service_message}
    return {}


# --- Who an item is about, as sets of user ids (routing: 2.1.4.4, 7.2) -------------------


def head_user_ids() -> set[int]:
    """Everyone who is the head of institution now: the head role, the HEAD authority, or
    the user linked to an employee marked as head (inactive accounts too: they may return)."""
    users = get_user_model().objects.filter(
        Q(groups__name=Role.HEAD.value)
        | Q(review_authorities__kind=ReviewAuthority.Kind.HEAD)
        | Q(employee__is_head=True)
    )
    return set(users.values_list("pk", flat=True))


def employee_is_head(employee: Employee, *, heads: set[int] | None = None) -> bool:
    """Whether the employee is the head: the durable mark on the record, or (as before the
    mark existed) a linked user with the head role or in the HEAD authority. ``heads``:
    ``head_user_ids()`` when the caller has read it already."""
    if employee.is_head:
        return True
    if employee.user_id is None:
        return False
    return employee.user_id in (head_user_ids() if heads is None else heads)


def users_linked_to(employee: Employee) -> set[int]:
    """The users linked to the employee record now or at any time before (its audit trail)."""
    ids = set(
        Employee.audit_trail.filter(id=employee.pk, user_id__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    if employee.user_id is not None:
        ids.add(employee.user_id)
    return ids


def subjects_for(
    *,
    subject_kind: str,
    subject_employee: Employee | None,
    derived_from: FeedbackItem | None = None,
    heads: set[int] | None = None,
) -> set[int]:
    """The users an item being registered is about (its fixed subject set, 2.1.4.4): the
    employee's users; for an item about the head, or naming an employee who is the head
    (an ethics complaint may), every head; and everyone the original item is about.
    ``heads``: ``head_user_ids()`` when the caller has read it already."""
    ids: set[int] = set()
    if subject_employee is not None:
        ids |= users_linked_to(subject_employee)
    if subject_kind == SubjectKind.HEAD or (
        subject_employee is not None and employee_is_head(subject_employee, heads=heads)
    ):
        ids |= head_user_ids() if heads is None else heads
    if derived_from is not None:
        ids |= subject_user_ids(derived_from)
    return ids


def subject_user_ids(item: FeedbackItem) -> set[int]:
    """Everyone ``item`` is about now: the same people the gate keeps it from."""
    ids = set(item.subject_users.values_list("pk", flat=True))
    if item.subject_employee_id is not None and item.subject_employee is not None:
        ids |= users_linked_to(item.subject_employee)
    if item.subject_kind == SubjectKind.HEAD:
        ids |= head_user_ids()
    if item.derived_from_id is not None and item.derived_from is not None:
        ids |= subject_user_ids(item.derived_from)
    return ids


def authority_includes_subject(authority: ReviewAuthority, subject_ids: set[int]) -> bool:
    """Whether one of the people an item is about sits in ``authority`` (its members, active
    or not): such an authority never reviews the item (2.1.4.4)."""
    return bool(subject_ids) and authority.members.filter(pk__in=subject_ids).exists()
