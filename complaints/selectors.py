"""Reads of the complaints register, and its visibility gate.

``complaints_visible_to(user)`` is the only way any code reads feedback items: lists, detail,
search, counts, exports, the admin, the choice of whom to notify. The rule (2.1.4.4, 7.1–7.3):

1. A person the item is about never sees it, whatever their role, administrators included.
   They are: its fixed subject set (``subject_users``, written at registration: the subject
   employee's user, and for a complaint about the head every head and every member of the
   HEAD authority of that time); whoever is linked, or was ever linked (the Employee's
   audit trail), to its subject employee; for a complaint about the head, whoever is the head
   now (head role, HEAD authority, or linked to an employee marked as head). So linking or
   unlinking a user account never reveals anything.
2. An item derived from another (``derived_from``: a low survey answer after a closed
   complaint) is about the same people, and its content is as closed as the original's.
3. Otherwise a user sees an item if they registered it, or they are a member of the review
   authority it is routed to, or they are an administrator.
4. Administrators see ethics items in the register but not their content (text,
   attachments, notes, decision, reply): ``reads_content``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from servicedesk.models import Employee, ReviewAuthority
from servicedesk.roles import Role, has_role
from servicedesk.search import Folded, fold

from .models import OPEN_STATES, FeedbackItem, SubjectKind

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class OverdueFlag(TypedDict):
    is_overdue: bool


if TYPE_CHECKING:
    ListedItem = WithAnnotations[FeedbackItem, OverdueFlag]
else:
    ListedItem = FeedbackItem


def _memberships(user: Any) -> list[tuple[int, str]]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(ReviewAuthority.objects.filter(members=user).values_list("pk", "kind"))


def _is_head(user: Any, memberships: list[tuple[int, str]] | None) -> bool:
    """By role, or by the memberships when they were read (``None``: not read, lazily)."""
    return has_role(user, Role.HEAD) or any(
        kind == ReviewAuthority.Kind.HEAD for _, kind in memberships or []
    )


def _employees_ever_linked_to(user_pk: Any) -> QuerySet[Any]:
    """The employee records linked to the user now or at any time before (the Employee's
    audit trail): unlinking one's own record does not make the complaints about it visible."""
    return Employee.audit_trail.filter(user_id=user_pk).values("id")


def _items_naming(user_pk: Any) -> QuerySet[Any]:
    """The ids of the items whose fixed subject set holds the user."""
    through = FeedbackItem.subject_users.through
    return through.objects.filter(user_id=user_pk).values("feedbackitem_id")


def _about(user: Any, memberships: list[tuple[int, str]] | None) -> Q:
    """Items about ``user`` (2.1.4.4), themselves or through the item they were derived from.
    One condition in SQL: the gate costs no query per item nor per check."""
    pk: Any = getattr(user, "pk", None)
    ever_linked = _employees_ever_linked_to(pk)
    naming = _items_naming(pk)
    about_user = (
        Q(pk__in=naming)
        | Q(subject_employee__user_id=pk)
        | Q(subject_employee_id__in=ever_linked)
        | Q(derived_from_id__in=naming)
        | Q(derived_from__subject_employee__user_id=pk)
        | Q(derived_from__subject_employee_id__in=ever_linked)
    )
    about_head = Q(subject_kind=SubjectKind.HEAD) | Q(derived_from__subject_kind=SubjectKind.HEAD)
    if _is_head(user, memberships):
        about_user |= about_head
    else:
        # The head now also by the employee record (7.2), whatever the role and authority.
        head_now = Q(Exists(Employee.objects.filter(user_id=pk, is_head=True)))
        if memberships is None:  # lazily: the HEAD authority's membership as a subquery
            head_now |= Q(
                Exists(ReviewAuthority.objects.filter(kind=ReviewAuthority.Kind.HEAD, members=pk))
            )
        about_user |= about_head & head_now
    return about_user


def ethics_content() -> Q:
    """Items whose content stays with the Ethics Commission (7.3): ethics complaints and the
    items derived from them."""
    return Q(subject_kind=SubjectKind.ETHICS) | Q(derived_from__subject_kind=SubjectKind.ETHICS)


def open_content() -> Q:
    """Items whose content whoever sees them may read: neither ethics (7.3) nor holding
    restricted-access information (4.1.3)."""
    return (
        ~Q(subject_kind=SubjectKind.ETHICS)
        & ~Q(derived_from__subject_kind=SubjectKind.ETHICS)
        & Q(is_restricted=False)
    )


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


def employee_is_head(employee: Employee) -> bool:
    """Whether the employee is the head: the durable mark on the record, or (as before the
    mark existed) a linked user with the head role or in the HEAD authority."""
    if employee.is_head:
        return True
    return employee.user_id is not None and employee.user_id in head_user_ids()


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
) -> set[int]:
    """The users an item being registered is about (its fixed subject set, 2.1.4.4): the
    employee's users; for an item about the head, or naming an employee who is the head
    (an ethics complaint may), every head; and everyone the original item is about."""
    ids: set[int] = set()
    if subject_employee is not None:
        ids |= users_linked_to(subject_employee)
    if subject_kind == SubjectKind.HEAD or (
        subject_employee is not None and employee_is_head(subject_employee)
    ):
        ids |= head_user_ids()
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


def complaints_visible_to(user: Any, *, lazy: bool = False) -> QuerySet[FeedbackItem]:
    """Every feedback item ``user`` may know of (the rule is in the module docstring).

    ``lazy=True``: the same rule, costing no query of its own (the user's review
    authorities as subqueries instead of a list read first), for a gate that is one part of
    another query, such as the inbox's unread badge on every page (servicedesk.scopes)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return FeedbackItem.objects.none()
    memberships = None if lazy else _memberships(user)
    about_user = _about(user, memberships)
    if has_role(user, Role.ADMINISTRATOR):
        allowed = Q()
    elif memberships is None:
        mine = ReviewAuthority.objects.filter(members=user).values("pk")
        allowed = Q(registered_by=user) | Q(authority_id__in=mine)
    else:
        allowed = Q(registered_by=user) | Q(authority_id__in=[pk for pk, _ in memberships])
    return FeedbackItem.objects.filter(allowed).exclude(about_user)


def with_overdue(items: QuerySet[FeedbackItem], today: date | None = None) -> QuerySet[ListedItem]:
    """Annotate ``is_overdue``: the reply is still owed and its date has passed."""
    today = today or timezone.localdate()
    return items.annotate(
        is_overdue=Case(
            When(Q(state__in=list(OPEN_STATES), reply_due__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


@dataclass(frozen=True)
class ItemFilters:
    kind: str = ""
    state: str = ""
    channel: str = ""
    received_from: date | None = None
    received_to: date | None = None
    query: str = ""
    overdue_only: bool = False


def _list_queryset(
    items: QuerySet[FeedbackItem], user: Any, filters: ItemFilters
) -> QuerySet[ListedItem]:
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.state:
        items = items.filter(state=filters.state)
    if filters.channel:
        items = items.filter(channel=filters.channel)
    if filters.received_from:
        items = items.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        items = items.filter(received_on__lte=filters.received_to)
    readable = _reads_content_condition(user)
    if filters.query:
        q = filters.query.strip()
        # Searching a text one may not read (reads_content) would reveal it word by word.
        # Names and text regardless of case and diacritics ("berzina" finds "Bērziņa").
        folded = fold(q)
        items = items.annotate(
            folded_client=Folded("client_name"), folded_text=Folded("text")
        ).filter(
            Q(register_number__icontains=q)
            | Q(folded_client__contains=folded)
            | (Q(folded_text__contains=folded) & readable)
        )
    # The list shows whom an item names (``content_readable``) only to those who may read its
    # content (7.3).
    items = items.annotate(
        content_readable=Case(
            When(readable, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )
    listed = with_overdue(items)
    if filters.overdue_only:
        listed = listed.filter(is_overdue=True)
    return listed.select_related("authority", "subject_employee").order_by(
        "-is_overdue", "reply_due", "-pk"
    )


def _reads_content_condition(user: Any) -> Q:
    """``reads_content`` as one SQL condition (no query of its own): open content, or the
    user registered the item, or sits in the authority it is routed to."""
    pk: Any = getattr(user, "pk", None)
    member = Exists(
        ReviewAuthority.members.through.objects.filter(
            reviewauthority_id=OuterRef("authority_id"), user_id=pk
        )
    )
    return open_content() | Q(registered_by_id=pk) | Q(member)


def register_for(user: Any, filters: ItemFilters | None = None) -> QuerySet[ListedItem]:
    """The register: every item the user may see, overdue first."""
    return _list_queryset(complaints_visible_to(user), user, filters or ItemFilters())


def queue_for(user: Any, filters: ItemFilters | None = None) -> QuerySet[ListedItem]:
    """The reviewer's queue: visible items routed to an authority the user belongs to,
    overdue first, then by reply date."""
    authority_ids = [pk for pk, _ in _memberships(user)]
    items = complaints_visible_to(user).filter(authority_id__in=authority_ids)
    return _list_queryset(items, user, filters or ItemFilters())


def item_for(user: Any, pk: int) -> FeedbackItem:
    """One item through the gate, or 404 (never 403: a 403 would say that it exists)."""
    item = (
        with_overdue(complaints_visible_to(user))
        .select_related("authority", "subject_employee", "registered_by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item


def may_know_of(user: Any, item: FeedbackItem) -> bool:
    """Whether ``user`` may see (and so be told of) ``item``: the notification gate."""
    return complaints_visible_to(user).filter(pk=item.pk).exists()


def is_subject(user: Any, item: FeedbackItem) -> bool:
    """Whether ``user`` is named as the item's subject: they are never told of it, even by
    a notification that goes beyond the register's visibility (the clause-8 summary)."""
    return FeedbackItem.objects.filter(_about(user, _memberships(user)), pk=item.pk).exists()


def items_about(user: Any) -> QuerySet[FeedbackItem]:
    """Every item ``user`` is named in as subject (rule 1 above), costing no query of its
    own: for a gate that reaches beyond the register, like the clause-8 summary's
    notifications (complaints.scope), to keep them from the person they are about."""
    return FeedbackItem.objects.filter(_about(user, None))


def is_reviewer(user: Any, item: FeedbackItem) -> bool:
    """A member of the authority the item is routed to, who is not its subject."""
    return item.authority_id in {pk for pk, _ in _memberships(user)} and may_know_of(user, item)


def reads_content(user: Any, item: FeedbackItem) -> bool:
    """Whether the user may read the item's text and attachments (for an item they can see).

    Everything is readable to whoever sees it, except ethics items (and the items derived
    from them) for administrators who neither registered them nor review them: those stay
    with the Ethics Commission; and items holding restricted-access information (4.1.3),
    likewise only for their registrar and reviewers."""
    ethics = item.subject_kind == SubjectKind.ETHICS or (
        item.derived_from_id is not None
        and item.derived_from is not None
        and item.derived_from.subject_kind == SubjectKind.ETHICS
    )
    if not ethics and not item.is_restricted:
        return True
    if item.registered_by_id == getattr(user, "pk", None):
        return True
    return item.authority_id in {pk for pk, _ in _memberships(user)}


def sees_review_notes(user: Any, item: FeedbackItem) -> bool:
    """Reviewers and administrators see internal notes and the notes in the history; the
    front desk that registered the item does not (issue 4, item 3)."""
    if is_reviewer(user, item):
        return True
    return has_role(user, Role.ADMINISTRATOR) and reads_content(user, item)


def recipients_among(users: Any, item: FeedbackItem) -> list[Any]:
    """Those of ``users`` who may be told of ``item`` (never its subject, 2.1.4.4)."""
    return [u for u in users if u.is_active and may_know_of(u, item)]
