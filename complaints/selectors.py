"""Reads of the complaints register, and its visibility gate.

``complaints_visible_to(user)`` is the only way any code reads feedback items: lists, detail,
search, counts, exports, the admin, the choice of whom to notify. The rule (2.1.4.4, 7.1–7.3):

1. A person named as the subject never sees the item, whatever their role, administrators
   included. For a complaint about the head of institution "named" means every member of the
   HEAD review authority and every user with the head role.
2. Otherwise a user sees an item if they registered it, or they are a member of the review
   authority it is routed to, or they are an administrator.
3. Administrators see ethics items in the register but not their content (text,
   attachments, notes, decision, reply): ``reads_content``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from servicedesk.models import ReviewAuthority
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


def _is_head(user: Any, memberships: list[tuple[int, str]]) -> bool:
    return has_role(user, Role.HEAD) or any(
        kind == ReviewAuthority.Kind.HEAD for _, kind in memberships
    )


def _about(user: Any, memberships: list[tuple[int, str]]) -> Q:
    """Items naming ``user`` as their subject (2.1.4.4)."""
    about_user = Q(subject_employee__user=user)
    if _is_head(user, memberships):
        about_user |= Q(subject_kind=SubjectKind.HEAD)
    return about_user


def complaints_visible_to(user: Any) -> QuerySet[FeedbackItem]:
    """Every feedback item ``user`` may know of (the rule is in the module docstring)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return FeedbackItem.objects.none()
    memberships = _memberships(user)
    about_user = _about(user, memberships)
    if has_role(user, Role.ADMINISTRATOR):
        allowed = Q()
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
    if filters.query:
        q = filters.query.strip()
        # Searching a text one may not read (reads_content) would reveal it word by word.
        readable = (
            (~Q(subject_kind=SubjectKind.ETHICS) & Q(is_restricted=False))
            | Q(registered_by=user)
            | Q(authority_id__in=[pk for pk, _ in _memberships(user)])
        )
        # Names and text regardless of case and diacritics ("berzina" finds "Bērziņa").
        folded = fold(q)
        items = items.annotate(
            folded_client=Folded("client_name"), folded_text=Folded("text")
        ).filter(
            Q(register_number__icontains=q)
            | Q(folded_client__contains=folded)
            | (Q(folded_text__contains=folded) & readable)
        )
    listed = with_overdue(items)
    if filters.overdue_only:
        listed = listed.filter(is_overdue=True)
    return listed.select_related("authority", "subject_employee").order_by(
        "-is_overdue", "reply_due", "-pk"
    )


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


def is_reviewer(user: Any, item: FeedbackItem) -> bool:
    """A member of the authority the item is routed to, who is not its subject."""
    return item.authority_id in {pk for pk, _ in _memberships(user)} and may_know_of(user, item)


def reads_content(user: Any, item: FeedbackItem) -> bool:
    """Whether the user may read the item's text and attachments (for an item they can see).

    Everything is readable to whoever sees it, except ethics items for administrators who
    neither registered them nor review them: those stay with the Ethics Commission; and items
    holding restricted-access information (4.1.3), likewise only for their registrar and
    reviewers."""
    if item.subject_kind != SubjectKind.ETHICS and not item.is_restricted:
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
