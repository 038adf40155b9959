"""Outgoing correspondence (docs/correspondence.md): the list with what is still to do
first, a dispatch's page where a person marks what they did, its letter as PDF, and the
day's dispatch list for the post.

Every read goes through ``cases.selectors.dispatch``, which applies the gate of the feedback
item a dispatch was derived from: a user who may not know of the item gets 404; one who may
know of it but not read it sees the number, the date, the channel and the recipient only."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases import services
from cases.dispatch.base import transport_for
from cases.dispatch.letter_pdf import letter_pdf
from cases.forms.dispatch import DispatchDayForm, DispatchDoneForm, DispatchFilterForm
from cases.models import Dispatch
from cases.selectors import dispatch as outgoing
from cases.services.dispatch import dispatch_outcome
from cases.views._common import done, log_contacts, posted, showing
from servicedesk.paging import page_of, query_without_page
from servicedesk.personal_data import returned, shows_personal_data
from servicedesk.selectors.organisation import current_institution

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest, User

#: 2.1.6.1: the kind of record these pages show (servicedesk.personal_data).
DISPATCH = "cases.dispatch"

#: POST ``action`` → the service that records it.
MARKS: dict[str, Callable[..., Dispatch]] = {
    "printed": services.dispatch_mark_printed,
    "posted": services.dispatch_mark_posted,
    "sent_by_hand": services.dispatch_mark_sent_by_hand,
}


@log_contacts
@shows_personal_data(DISPATCH, key=None)
@require_GET
def dispatch_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The outgoing correspondence, what is still to do first; ``?state=`` narrows it."""
    form = DispatchFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    page = page_of(request, outgoing.dispatch_list(request.user, state=state))
    for row in page:
        row.current_label = Dispatch.State(row.current).label
        row.is_work = row.current in outgoing.TO_DO
    returned(request, page)
    context = {"form": form, "page": page, "query": query_without_page(request)}
    return render(request, "cases/dispatch_list.html", context)


def _mark(actor: User, dispatch: Dispatch, data: dict[str, Any]) -> Dispatch:
    if data["action"] == "handed_over":
        return services.dispatch_mark_handed_over(
            actor=actor, dispatch=dispatch, handed_to=data["handed_to"]
        )
    return MARKS[data["action"]](actor=actor, dispatch=dispatch)


@log_contacts
@shows_personal_data(DISPATCH)
def dispatch_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A dispatch: to whom, by which channel, how far it got and, when the user may read it,
    its text; POST ``action`` records what a person did (printed, posted, handed over, sent
    through the e-address portal)."""
    dispatch = showing(request, outgoing.dispatch_get(request.user, pk))
    form = DispatchDoneForm(request.POST or None)

    def act(data: dict[str, Any]) -> HttpResponse:
        changed = _mark(request.user, dispatch, data)
        return done(request, dispatch_outcome(changed), "cases:dispatch_detail", pk=pk)

    response = posted(request, form, act)
    if response is not None:
        return response
    context = {
        "dispatch": dispatch,
        "form": form,
        "outcome": dispatch_outcome(dispatch),
        "transport": transport_for(dispatch.channel),
    }
    return render(
        request, "cases/dispatch_detail.html", context, status=422 if form.errors else 200
    )


@log_contacts
@shows_personal_data(DISPATCH)
@require_GET
def dispatch_letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The letter as an A4 PDF for a window envelope; only for a user who may read it."""
    dispatch = showing(request, outgoing.dispatch_get(request.user, pk))
    if not dispatch.readable:  # type: ignore[attr-defined]
        raise Http404
    pdf = letter_pdf(dispatch, current_institution())
    response = HttpResponse(pdf, content_type="application/pdf")
    name = dispatch.number.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@log_contacts
@shows_personal_data(DISPATCH, key=None)
@require_GET
def dispatch_day(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The day's dispatch list for the post (``?on=`` a date, today by default): the letters
    posted that day, their numbers, recipients and addresses, printable."""
    form = DispatchDayForm(request.GET or None)
    day = form.day()
    rows = list(outgoing.dispatch_day_list(request.user, day))
    returned(request, rows)
    context = {"form": form, "day": day, "rows": rows, "institution": current_institution()}
    return render(request, "cases/dispatch_day.html", context)
