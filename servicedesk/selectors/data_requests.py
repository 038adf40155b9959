"""Reads of the data subject request register and the breach register (2.1.6.1).

Both registers are seen only by whoever may handle data requests (``Action.
HANDLE_DATA_REQUESTS``: the data protection contacts and the administrators); the views wear
that permission, and nothing here is shown to anyone else except the processing notice on a
client card (``processing_limits``), which says that a restriction applies but not why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from servicedesk.models import DataBreach, DataRequest
from servicedesk.roles import Action, Role, can
from servicedesk.start_page import Line, Panel

if TYPE_CHECKING:
    from servicedesk.types import User


def data_protection_contacts() -> list[Any]:
    """Who is reminded of due dates and breaches: the active users with the data protection
    role; the administrators when nobody has it (someone must hear of a 72-hour clock)."""
    users = get_user_model().objects.filter(is_active=True)
    contacts = list(users.filter(groups__name=Role.DATA_PROTECTION.value).distinct())
    if contacts:
        return contacts
    return list(
        users.filter(Q(groups__name=Role.ADMINISTRATOR.value) | Q(is_superuser=True)).distinct()
    )


def data_requests_list(*, state: str = "") -> QuerySet[DataRequest]:
    """The register, open requests first, the nearest due date first."""
    rows = DataRequest.objects.select_related("registered_by").annotate(
        closed=Case(When(state=DataRequest.State.OPEN, then=Value(0)), default=Value(1))
    )
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("closed", "due_on", "pk")


def data_requests_of(record_type: str, record_id: int) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(subject_type=record_type, subject_id=record_id).order_by(
        "-received_on", "-pk"
    )


def data_request_get(pk: int) -> DataRequest:
    return get_object_or_404(
        DataRequest.objects.select_related(
            "registered_by", "identity_checked_by", "extended_by", "closed_by"
        ),
        pk=pk,
    )


def processing_limits(record_type: str, record_id: int) -> list[DataRequest]:
    """What limits the processing of a data subject's records now: a restriction in force
    (art. 18) or an objection that was upheld (art. 21). One query."""
    return list(
        data_requests_of(record_type, record_id).filter(
            Q(kind=DataRequest.Kind.RESTRICTION)
            & Q(restricted_at__isnull=False)
            & Q(restriction_lifted_at__isnull=True)
            | Q(kind=DataRequest.Kind.OBJECTION) & Q(objection_upheld=True)
        )
    )


def breaches_list() -> QuerySet[DataBreach]:
    return DataBreach.objects.select_related("registered_by").order_by("-discovered_at", "-pk")


def breach_get(pk: int) -> DataBreach:
    return get_object_or_404(DataBreach.objects.select_related("registered_by"), pk=pk)


def data_protection_panel(user: User) -> Panel | None:
    """The start page's panel for whoever handles data requests (servicedesk.start_page): requests
    past their due date or open, and breaches whose 72-hour decision is still open. Two
    queries, however many rows."""
    if not can(user, Action.HANDLE_DATA_REQUESTS):
        return None
    requests = DataRequest.objects.filter(state=DataRequest.State.OPEN).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate()))
    )
    breaches = DataBreach.objects.filter(
        authority_notice=DataBreach.AuthorityNotice.PENDING
    ).count()
    register = reverse("privacy_home")
    return Panel(
        title=_("Data protection"),
        order=40,
        lines=[
            Line(
                _("Data requests past their due date"),
                requests["overdue"],
                f"{register}#data-requests",
                alert=True,
            ),
            Line(_("Open data requests"), requests["open"], register),
            Line(
                _("Breaches awaiting the inspectorate decision (72 h)"),
                breaches,
                reverse("privacy_breaches"),
                alert=True,
            ),
        ],
    )
