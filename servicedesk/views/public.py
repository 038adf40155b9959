"""Public pages, no login (rules 3.2, 3.3): the institution's contacts, its reception hours with
holidays and exceptions, and the staff who serve clients (name, surname, position, unit, room,
phone; no personal e-mail addresses: clients write to the institution's address)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from servicedesk import hours
from servicedesk.selectors.organisation import (
    PUBLIC_SCHEDULE_DAYS,
    client_facing_staff,
    current_institution,
)


@login_not_required
@require_GET
def public_home(request: HttpRequest) -> HttpResponse:
    institution = current_institution()
    context: dict[str, object] = {"institution": institution}
    if institution is not None:
        state = hours.opening_state(institution)
        context.update(state=state, state_text=hours.describe_state(state))
    return render(request, "servicedesk/public/home.html", context)


@login_not_required
@require_GET
def public_hours(request: HttpRequest) -> HttpResponse:
    institution = current_institution()
    context: dict[str, object] = {"institution": institution, "days": PUBLIC_SCHEDULE_DAYS}
    if institution is not None:
        book = hours.load_book([institution], days=PUBLIC_SCHEDULE_DAYS)
        state = book.opening_state(institution)
        context.update(
            state=state,
            state_text=hours.describe_state(state),
            weekly=hours.weekday_groups(book.pattern(institution)),
            schedule=book.schedule(institution, book.start, PUBLIC_SCHEDULE_DAYS),
            today=book.start,
        )
    return render(request, "servicedesk/public/hours.html", context)


@login_not_required
@require_GET
def public_staff(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "servicedesk/public/staff.html",
        {"institution": current_institution(), "staff": client_facing_staff()},
    )
