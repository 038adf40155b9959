"""The client's choice (4.2): booking a visit from a contact, the front desk's visits of a
day, cancelling one."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cases import services
from cases.forms.visits import VisitBookForm, VisitDayForm
from cases.selectors import visits as visit_reads
from cases.views._common import (
    CHANGES_AND_REDIRECTS,
    CLIENT,
    contact_action,
    log_contacts,
    said,
)
from servicedesk.personal_data import returned, shows_no_personal_data, shows_personal_data

if TYPE_CHECKING:
    from cases.models import Contact
    from servicedesk.types import AuthenticatedHttpRequest, User


@contact_action(VisitBookForm, "visit_form", gettext_lazy("The visit is booked."))
def visit_book(actor: User, contact: Contact, data: dict[str, Any]) -> None:
    """4.2: book the visit the client chose, in a free slot of the reception hours."""
    services.visit_book(actor=actor, contact=contact, **data)


@log_contacts
@shows_personal_data(CLIENT, key=None)
@require_GET
def visit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The front desk's visits of a day (``?visit_day=``, today by default)."""
    form = VisitDayForm(request.GET or None)
    day = (form.cleaned_data.get("visit_day") if form.is_valid() else None) or (
        timezone.localdate()
    )
    visits = list(visit_reads.visits_on(day))
    returned(request, [v.client for v in visits if v.client is not None])
    context = {
        "day": day,
        "day_form": VisitDayForm(initial={"visit_day": day}),
        "visits": visits,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
    }
    return render(request, "cases/visit_list.html", context)


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def visit_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    visit = visit_reads.visit_get(pk)
    said(
        request,
        _("The visit is cancelled; its time is free again."),
        lambda: services.visit_cancel(actor=request.user, visit=visit),
    )
    day = timezone.localtime(visit.starts_at).date()
    return redirect(f"{reverse('cases:visit_list')}?visit_day={day:%Y-%m-%d}")
