"""The in-app inbox: the user's own notifications, newest first, unread ones highlighted."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from servicedesk.models import Notification
from servicedesk.personal_data import returned, shows_no_personal_data, shows_personal_data
from servicedesk.roles import Action, permission_required_for
from servicedesk.selectors.notifications import inbox_for
from servicedesk.services.notifications import inbox_mark_read

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest

INBOX_PAGE_SIZE = 25
MARKS_AND_REDIRECTS = "marks notifications read and redirects"


def _marks(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A button of the inbox: it marks notifications read and redirects (shows nothing)."""
    return require_POST(
        permission_required_for(Action.VIEW_INBOX)(
            shows_no_personal_data(MARKS_AND_REDIRECTS)(view)
        )
    )


def _mark_read(request: AuthenticatedHttpRequest, pk: int) -> Notification:
    """The user's own notification ``pk`` (404 for anyone else's), marked read."""
    notification = get_object_or_404(inbox_for(request.user), pk=pk)
    inbox_mark_read(actor=request.user, notification_ids=[notification.pk])
    return notification


# A notification's body may name a client or quote a complaint: reading the inbox is logged.
@require_GET
@permission_required_for(Action.VIEW_INBOX)
@shows_personal_data("servicedesk.notification", key=None)
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(inbox_for(request.user), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    returned(request, page)
    return render(request, "servicedesk/notifications/inbox.html", {"page": page})


@_marks
def inbox_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _mark_read(request, pk)
    return _back_to_inbox(request)


@_marks
def inbox_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    inbox_mark_read(actor=request.user, mark_all=True)
    return _back_to_inbox(request)


@_marks
def inbox_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to what it is about."""
    notification = _mark_read(request, pk)
    if notification.link and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(notification.link)
    return _back_to_inbox(request)


def _back_to_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = request.POST.get("page", "")
    response = redirect("inbox")
    if page.isdigit():
        response["Location"] += f"?page={page}"
    return response
