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
   attachments, notes, decision, reply): ``readable_content``, the one content rule.

The register's list (``register_items``) is here too: one query for every register page,
the reviewer's queue, the dashboard's drill-down links and every export, so a fix to what a
list shows is made once (docs/dashboard.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.db.models.signals import m2m_changed, post_save
from django.http import Http404
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from complaints.models import OPEN_STATES, FeedbackItem, Kind, SubjectKind
from complaints.models.register import reply_owed
from servicedesk.filtering import narrowed
from servicedesk.models import Employee, ReviewAuthority
from servicedesk.roles import Role, has_role
from servicedesk.search import stem_words, typed_words

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise
    from django_stubs_ext import WithAnnotations


class OverdueFlag(TypedDict):
    is_overdue: bool


class RegisterRow(TypedDict):
    is_overdue: bool
    answered_on: date | None
    content_readable: bool
    topic: str


if TYPE_CHECKING:
    ListedItem = WithAnnotations[FeedbackItem, OverdueFlag]
    RegisterItem = WithAnnotations[FeedbackItem, RegisterRow]
else:
    ListedItem = FeedbackItem
    RegisterItem = FeedbackItem


#: How many times a review authority's members changed in this process: a memo of a user's
#: memberships (``_memberships``) taken before the last change is read again.
_MEMBERS_CHANGED = [0]


def _members_changed(**_kwargs: Any) -> None:
    _MEMBERS_CHANGED[0] += 1


m2m_changed.connect(
    _members_changed, sender=ReviewAuthority.members.through, dispatch_uid="memberships_memo"
)
# Who an item is about changes with its subject set and with the employee records' users.
m2m_changed.connect(
    _members_changed, sender=FeedbackItem.subject_users.through, dispatch_uid="subjects_memo"
)
post_save.connect(_members_changed, sender=Employee, dispatch_uid="employees_memo")


def _per_request(user: Any, question: str, item: FeedbackItem, answer: Callable[[], bool]) -> bool:
    """``answer()`` asked once per user object (so once per request) of one version of
    ``item``: a page asks whether its user reviews the item, may know of it and reads its
    content from several places (the forms, the notes, the explanations)."""
    if not getattr(user, "is_authenticated", False):
        return answer()
    memo = user.__dict__.setdefault("_desk_item_answers", {})
    key = (question, item.pk, item.version, _MEMBERS_CHANGED[0])
    if key not in memo:
        memo[key] = answer()
    return bool(memo[key])


def _memberships(user: Any) -> list[tuple[int, str]]:
    """The review authorities ``user`` sits in, (pk, kind): read once per user object, so
    once per request (a page asks the gate, the content rule and the reviewer check of the
    same user), like ``servicedesk.roles.roles_of``; read again after a membership change."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    memo = user.__dict__.get("_desk_memberships")
    if memo is not None and memo[0] == _MEMBERS_CHANGED[0]:
        return list(memo[1])
    rows = list(ReviewAuthority.objects.filter(members=user).values_list("pk", "kind"))
    user.__dict__["_desk_memberships"] = (_MEMBERS_CHANGED[0], tuple(rows))
    return rows


def _is_head(user: Any, memberships: list[tuple[int, str]] | None) -> bool:
    """By role, or by the memberships when they were read (``None``: not read, lazily)."""
    return has_role(user, Role.HEAD) or any(
        kind == ReviewAuthority.Kind.HEAD for _pk, kind in memberships or []
    )


def _employees_ever_linked_to(user_pk: Any) -> QuerySet[Any]:
    """The employee records linked to the user now or at any time before (the Employee's
    audit trail): unlinking one's own record does not make the complaints about it visible."""
    return Employee.audit_trail.filter(user_id=user_pk).values("id")


def _items_naming(user_pk: Any) -> QuerySet[Any]:
    """The ids of the items whose fixed subject set holds the user."""
    through = FeedbackItem.subject_users.through
    return through.objects.filter(user_id=user_pk).values("feedbackitem_id")


def _items_of_kind(kind: str) -> QuerySet[Any]:
    """The ids of the items about the head or of ethics (``feedback_sensitive_kind``, a small
    partial index)."""
    return FeedbackItem.objects.filter(subject_kind=kind).order_by().values("pk")


def _items_about_employees(employees: QuerySet[Any]) -> QuerySet[Any]:
    return FeedbackItem.objects.filter(subject_employee_id__in=employees).order_by().values("pk")


def _about(user: Any, memberships: list[tuple[int, str]] | None) -> Q:
    """Items about ``user`` (2.1.4.4), themselves or through the item they were derived from.
    One condition in SQL: the gate costs no query per item nor per check.

    Written with subqueries (``derived_from_id IN (…)``), never a join to the item derived
    from or to the employee: each subquery is small and read once, so a list that stops after
    a page (or a count capped at ``servicedesk.paging.COUNT_CAP``) reads only as many items
    as it needs, where a join made PostgreSQL hash the whole register first."""
    pk: Any = getattr(user, "pk", None)
    ever_linked = _employees_ever_linked_to(pk)
    linked_now = Employee.objects.filter(user_id=pk).values("id")
    naming = _items_naming(pk)
    about_user = (
        Q(pk__in=naming)
        | Q(subject_employee_id__in=linked_now)
        | Q(subject_employee_id__in=ever_linked)
        | Q(derived_from_id__in=naming)
        | Q(derived_from_id__in=_items_about_employees(linked_now))
        | Q(derived_from_id__in=_items_about_employees(ever_linked))
    )
    about_head = Q(subject_kind=SubjectKind.HEAD) | Q(
        derived_from_id__in=_items_of_kind(SubjectKind.HEAD)
    )
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


def readable_content(user: Any, *, lazy: bool = False) -> Q:
    """The content rule, as one SQL condition: the items whose content (text, attachments,
    whom it names, the service or process, notes, decision, outcome, reply) ``user`` may read,
    of those they see. Every reader of content uses it: the lists and their text search,
    outcome column and filter, the exports, the dashboard's counts, the data-subject export,
    the outbox's search, and ``reads_content`` for one item.

    Whoever sees an item may read its content, except for ethics items and the items derived
    from them (7.3: they stay with the Ethics Commission) and items holding restricted-access
    information (4.1.3): those only for whoever registered them or reviews them.

    The user's review authorities are read once, as a list (cheaper per row over a whole
    register than a subquery); ``lazy=True`` makes them a subquery instead, costing no query of
    its own, for a condition that is one part of another query (as ``complaints_visible_to``).
    """
    return _readable_content(user, None if lazy else _memberships(user))


def _readable_content(user: Any, memberships: list[tuple[int, str]] | None) -> Q:
    """``readable_content`` with the memberships already read (``None``: as a subquery)."""
    pk: Any = getattr(user, "pk", None)
    open_content = (
        ~Q(subject_kind=SubjectKind.ETHICS)
        & ~Q(derived_from_id__in=_items_of_kind(SubjectKind.ETHICS))
        & Q(is_restricted=False)
    )
    if memberships is None:
        reviews = Q(
            Exists(
                ReviewAuthority.members.through.objects.filter(
                    reviewauthority_id=OuterRef("authority_id"), user_id=pk
                )
            )
        )
    else:
        reviews = Q(authority_id__in=[authority for authority, _kind in memberships])
    # Nobody (not an anonymous visitor) is the registrar of an item the public form made.
    registrar = Q(registered_by_id=pk) if pk is not None else Q(pk__in=[])
    return open_content | registrar | reviews


def gate_parts(user: Any) -> tuple[Q, list[int]]:
    """The gate's first half as one condition on ``authority_id`` and ``registered_by_id``
    (the items' columns and the dashboard's tallies have both), and the user's review
    authorities: what ``complaints_visible_to`` admits before it takes away the items about
    the user (``about_not_derived``)."""
    memberships = _memberships(user)
    mine = [pk for pk, _kind in memberships]
    if has_role(user, Role.ADMINISTRATOR):
        return Q(), mine
    return Q(registered_by_id=user.pk) | Q(authority_id__in=mine), mine


@dataclass(frozen=True)
class AboutUser:
    """``_about`` for the items not derived from another, in two parts: ``head`` (the user is
    the head: every item about the head is about them) and ``named``, the items naming them
    or about an employee record ever linked to them, as a condition each of whose parts an
    index answers (``None``: no such item can exist)."""

    head: bool
    named: Q | None


def about_not_derived(user: Any) -> AboutUser:
    """Who the user is, for ``AboutUser``: the items naming them, the employee records
    linked to them at any time and whether the one linked now is the head, in one query."""
    memberships = _memberships(user)
    pk = user.pk
    employee_now = Employee.objects.filter(user_id=pk).order_by()
    rows = list(
        _items_naming(pk)
        .values_list("feedbackitem_id", Value("item"))
        .union(
            _employees_ever_linked_to(pk).order_by().values_list("id", Value("employee")),
            employee_now.filter(is_head=False).values_list("id", Value("employee")),
            employee_now.filter(is_head=True).values_list("id", Value("head")),
            all=True,
        )
    )
    naming = sorted({row for row, what in rows if what == "item"})
    employees = sorted({row for row, what in rows if what != "item"})
    head = _is_head(user, memberships) or any(what == "head" for _row, what in rows)
    named = None
    if naming:
        named = Q(pk__in=naming)
    if employees:
        by_employee = Q(subject_employee_id__in=employees)
        named = by_employee if named is None else named | by_employee
    return AboutUser(head=head, named=named)


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
        allowed = Q(registered_by=user) | Q(authority_id__in=[pk for pk, _kind in memberships])
    return FeedbackItem.objects.filter(allowed).exclude(about_user)


# --- The register: one list of items for every page and export (3.5.1) -------------------


def overdue(today: date) -> Q:
    """The reply is still owed and its date has passed."""
    return Q(state__in=list(OPEN_STATES), reply_due__lt=today)


def answered_within_deadline() -> Q:
    """Answered no later than the reply date (needs the ``answered_on`` annotation)."""
    return Q(answered_at__isnull=False, answered_on__lte=F("reply_due"))


def answered_late() -> Q:
    return Q(answered_at__isnull=False, answered_on__gt=F("reply_due"))


def readable_flag(readable: Q) -> Case:
    """``readable`` (from ``readable_content``) as a true/false column: the
    ``content_readable`` annotation."""
    return Case(When(readable, then=Value(True)), default=Value(False), output_field=BooleanField())


def topic_expression(readable: Q) -> Case:
    """A complaint's topic: the service or process it names, when the user may read the
    item's content (``readable``, from ``readable_content``); otherwise none."""
    return Case(When(readable, then=F("subject_description")), default=Value(""))


def with_overdue(items: QuerySet[FeedbackItem], today: date | None = None) -> QuerySet[ListedItem]:
    """Annotate ``is_overdue``: the reply is still owed and its date has passed."""
    return items.annotate(
        is_overdue=Case(
            When(overdue(today or timezone.localdate()), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


@dataclass(frozen=True)
class Register:
    """One register page: its URL slug, the kind of item it holds ("" = every kind), title."""

    slug: str
    kind: str
    title: _StrPromise


REGISTERS: dict[str, Register] = {
    "complaints": Register("complaints", Kind.COMPLAINT, _("Complaints register")),
    "suggestions": Register("suggestions", Kind.SUGGESTION, _("Suggestions register")),
    "all": Register("all", "", _("Register of all feedback")),
}

#: ``outcome`` filter value for items not yet decided.
NO_OUTCOME = "none"
#: ``reply`` filter values: answered within the legal deadline, or after it.
REPLY_ON_TIME = "on_time"
REPLY_LATE = "late"

#: The orders of a list: the register's (newest number first) and a work list's (the
#: replies still owed by their date, so the overdue first; then the answered ones).
BY_NUMBER = ("-year", "-sequence", "-pk")
BY_URGENCY = ("reply_owed", "reply_due", "pk")
#: The orders a list offers by its column headers (``servicedesk.paging.keyset_page``; the
#: primary key breaks ties). Not the columns that are content (service or process, outcome,
#: whom it names): an order would tell what a blank cell hides.
LIST_ORDERS: dict[str, tuple[str, ...]] = {
    "number": ("year", "sequence"),
    "kind": ("kind",),
    "channel": ("channel",),
    "state": ("state",),
    "received_on": ("received_on",),
    "reply_due": ("reply_due",),
    "urgency": ("reply_owed", "reply_due"),
}


@dataclass(frozen=True)
class RegisterFilters:
    """What a list or an export is filtered by; the query string uses the same names."""

    kind: str = ""
    subject_kind: str = ""
    state: str = ""
    outcome: str = ""
    channel: str = ""
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = False
    reply: str = ""
    topic: str = ""
    q: str = ""

    def query_string(self) -> str:
        """The filters as a query string (for links, pagination and exports)."""
        params: dict[str, str] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value in ("", None, False):
                continue
            if isinstance(value, date):
                params[field.name] = value.isoformat()
            elif value is True:
                params[field.name] = "on"
            else:
                params[field.name] = str(value)
        return urlencode(params)


def _filtered(items: QuerySet[Any], filters: RegisterFilters) -> QuerySet[Any]:
    """Narrow annotated items (``register_items``) by ``filters``.

    What an item says is content (``readable_content``): the text search and the outcome
    filter ("upheld", "not decided yet" alike) match it only where the user may read it, else
    they would tell word by word, or by a row found or missing, what the columns leave blank."""
    items = narrowed(
        items,
        kind=filters.kind,
        subject_kind=filters.subject_kind,
        state=filters.state,
        channel=filters.channel,
        received_on__gte=filters.received_from,
        received_on__lte=filters.received_to,
        is_overdue=filters.overdue,
        topic=filters.topic,
    )
    if filters.outcome:
        stored = "" if filters.outcome == NO_OUTCOME else filters.outcome
        items = items.filter(content_readable=True, outcome=stored)
    if filters.reply == REPLY_ON_TIME:
        items = items.filter(answered_within_deadline())
    elif filters.reply == REPLY_LATE:
        items = items.filter(answered_late())
    if filters.q:
        items = items.filter(_keywords(filters.q))
    return items


def _keywords(query: str) -> Q:
    """Every typed word in the item's number or client's name (``search_names``: folded, "berzina"
    finds "Bērziņa") or, for an item whose content the user may read, in its text
    (``search_text``: stemmed and folded, "konteiners" finds "konteineru"). The stored
    columns are matched with ``LIKE '%word%'``, which their trigram indexes answer on
    PostgreSQL (migration complaints/0014)."""
    condition = Q()
    for word in typed_words(query):
        in_text = Q(content_readable=True)
        for stemmed in stem_words(word).split():
            in_text &= Q(search_text__contains=stemmed)
        condition &= Q(search_names__contains=word) | in_text
    return condition


def register_items(
    user: Any,
    filters: RegisterFilters | None = None,
    *,
    kind: str = "",
    queue: bool = False,
    order: tuple[str, ...] = BY_NUMBER,
) -> QuerySet[RegisterItem]:
    """The one list of feedback items: every register page, the reviewer's queue, the
    dashboard's drill-down and every export read it.

    The items the user may see (``complaints_visible_to``, 2.1.4.4) of ``kind`` ("": every
    kind), with ``queue``: only those routed to an authority the user belongs to; filtered,
    in ``order``, with what a row shows (``is_overdue``, ``answered_on``, ``content_readable``,
    ``topic``) fetched in the same query. Costs two queries of its own (the gate's and this
    list's reading of the user's review authorities), however many rows."""
    filters = filters or RegisterFilters()
    memberships = _memberships(user)
    items = complaints_visible_to(user)
    if kind:
        items = items.filter(kind=kind)
    if queue:
        items = items.filter(authority_id__in=[pk for pk, _kind in memberships])
    readable = _readable_content(user, memberships)
    annotated = with_overdue(items).annotate(
        reply_owed=reply_owed(),
        answered_on=TruncDate("answered_at"),
        content_readable=readable_flag(readable),
        topic=topic_expression(readable),
    )
    listed = _filtered(annotated, filters)
    return listed.select_related("authority", "subject_employee").order_by(*order)


def queue_for(user: Any, filters: RegisterFilters | None = None) -> QuerySet[RegisterItem]:
    """The reviewer's queue: visible items routed to an authority the user belongs to,
    overdue first, then by reply date."""
    return register_items(user, filters, queue=True, order=BY_URGENCY)


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
    """Whether ``user`` may see (and so be told of) ``item``: the notification gate (one
    query: the memberships as subqueries)."""
    return _per_request(
        user,
        "may_know_of",
        item,
        lambda: complaints_visible_to(user, lazy=True).filter(pk=item.pk).exists(),
    )


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
    return item.authority_id in {pk for pk, _kind in _memberships(user)} and may_know_of(user, item)


def reads_content(user: Any, item: FeedbackItem) -> bool:
    """Whether the user may read the item's content (for an item they can see): the content
    rule (``readable_content``) asked of one item."""
    return _per_request(
        user,
        "reads_content",
        item,
        lambda: FeedbackItem.objects.filter(readable_content(user, lazy=True), pk=item.pk).exists(),
    )


def sees_review_notes(user: Any, item: FeedbackItem) -> bool:
    """Reviewers and administrators see internal notes and the notes in the history; the
    front desk that registered the item does not."""
    if is_reviewer(user, item):
        return True
    return has_role(user, Role.ADMINISTRATOR) and reads_content(user, item)


def recipients_among(users: Any, item: FeedbackItem) -> list[Any]:
    """Those of ``users`` who may be told of ``item`` (never its subject, 2.1.4.4)."""
    return [u for u in users if u.is_active and may_know_of(u, item)]
