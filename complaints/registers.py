"""The complaints register and the suggestions register (3.5.1): filterable lists of feedback
items, read through the visibility gate ``complaints_visible_to`` (2.1.4.4).

The same definitions ("overdue", "answered within the deadline", "topic") serve the lists,
the exports and the dashboard, so a figure on the dashboard and the list its link opens count
the same rows. See docs/dashboard.md."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models import OPEN_STATES, FeedbackItem, Kind
from .selectors import _memberships, complaints_visible_to, open_content

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise
    from django_stubs_ext import WithAnnotations


class RegisterRow(TypedDict):
    answered_on: date
    is_overdue: Any
    content_readable: Any
    topic: Any


if TYPE_CHECKING:
    RegisterItem = WithAnnotations[FeedbackItem, RegisterRow]
else:
    RegisterItem = FeedbackItem


@dataclass(frozen=True)
class Register:
    """One register: its URL slug, the kind of item it holds ("" = every kind) and title."""

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


@dataclass(frozen=True)
class RegisterFilters:
    """What a register list is filtered by; the query string uses the same names."""

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


def answered_within_deadline() -> Q:
    """Answered no later than the reply date (needs the ``answered_on`` annotation)."""
    return Q(answered_at__isnull=False, answered_on__lte=F("reply_due"))


def answered_late() -> Q:
    return Q(answered_at__isnull=False, answered_on__gt=F("reply_due"))


def overdue(today: date) -> Q:
    """The reply is still owed and its date has passed (as ``selectors.with_overdue``)."""
    return Q(state__in=list(OPEN_STATES), reply_due__lt=today)


def topic_expression(readable: Q) -> Case:
    """A complaint's topic: the service or process it names, when the user may read the
    item's content (``readable``, from ``readable_content``); otherwise none."""
    return Case(When(readable, then=F("subject_description")), default=Value(""))


def readable_content(user: Any) -> Q:
    """Rows whose content (subject description, outcome) the user may read, as a condition,
    so a list needs no query per row: ethics items (docs/complaints.md) and items holding
    restricted-access information (4.1.3) only for whoever registered or reviews them."""
    authority_ids = [pk for pk, _kind in _memberships(user)]
    return (
        open_content()  # neither ethics (nor derived from one) nor restricted
        | Q(registered_by=user)
        | Q(authority_id__in=authority_ids)
    )


def readable_flag(readable: Q) -> Case:
    """``readable`` (from ``readable_content``) as a true/false column: the
    ``content_readable`` annotation."""
    return Case(
        When(readable, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def annotate_for_register(items: QuerySet[FeedbackItem], user: Any) -> QuerySet[RegisterItem]:
    today = timezone.localdate()
    readable = readable_content(user)
    return items.annotate(
        answered_on=TruncDate("answered_at"),
        is_overdue=Case(
            When(overdue(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        content_readable=readable_flag(readable),
        topic=topic_expression(readable),
    )


def apply_filters(items: QuerySet[Any], filters: RegisterFilters) -> QuerySet[Any]:
    """Narrow annotated items (``annotate_for_register``) by ``filters``.

    The outcome is part of an item's content: an outcome filter ("upheld", "not decided
    yet" alike) matches only items whose content the user may read, else the filter would
    tell the outcome of an ethics or restricted item the column leaves blank."""
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.subject_kind:
        items = items.filter(subject_kind=filters.subject_kind)
    if filters.state:
        items = items.filter(state=filters.state)
    if filters.outcome:
        stored = "" if filters.outcome == NO_OUTCOME else filters.outcome
        items = items.filter(content_readable=True, outcome=stored)
    if filters.channel:
        items = items.filter(channel=filters.channel)
    if filters.received_from:
        items = items.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        items = items.filter(received_on__lte=filters.received_to)
    if filters.overdue:
        items = items.filter(is_overdue=True)
    if filters.reply == REPLY_ON_TIME:
        items = items.filter(answered_within_deadline())
    elif filters.reply == REPLY_LATE:
        items = items.filter(answered_late())
    if filters.topic:
        items = items.filter(topic=filters.topic)
    return items


def register_items(
    user: Any, register: Register, filters: RegisterFilters | None = None
) -> QuerySet[RegisterItem]:
    """The register's items the user may see (3.5.1, 2.1.4.4), filtered, newest number
    first, with what a row shows fetched in the same query."""
    filters = filters or RegisterFilters()
    items = complaints_visible_to(user)
    if register.kind:
        items = items.filter(kind=register.kind)
    listed = apply_filters(annotate_for_register(items, user), filters)
    return listed.select_related("authority", "subject_employee").order_by(
        "-year", "-sequence", "-pk"
    )
