"""The dashboard (3.5): a thin view over ``complaints.reports.selectors``. The registers' pages it
links to are ``complaints.register.views`` (the one register list)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from complaints.reports import selectors as figures
from complaints.reports.forms import PeriodForm
from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, permission_required_for


@permission_required_for(Action.VIEW_DASHBOARD)
@shows_no_personal_data("figures only: counts, shares and averages, never a record")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard over what the user may see, for a period (the last 12 months unless
    chosen)."""
    form = PeriodForm(request.GET or None)
    start, end = figures.default_period()
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["date_from"] or start
        end = form.cleaned_data["date_to"] or end
    elif not form.is_bound:
        form = PeriodForm(initial={"date_from": start, "date_to": end})
    board = figures.dashboard_for(request.user, date_from=start, date_to=end)
    return render(request, "complaints/dashboard/dashboard.html", {"board": board, "form": form})
