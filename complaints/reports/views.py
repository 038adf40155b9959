"""The dashboard (3.5) and the compliance report: thin views over
``complaints.reports.selectors`` and ``complaints.reports.compliance``. The registers' pages
they link to are ``complaints.register.views`` (the one register list)."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from complaints.reports import compliance as compliance_selectors
from complaints.reports import exports
from complaints.reports import selectors as figures
from complaints.reports.forms import PeriodForm
from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, can, permission_required_for


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
    context = {
        "board": board,
        "form": form,
        "compliance": can(request.user, Action.VIEW_COMPLIANCE_REPORT),
    }
    return render(request, "complaints/dashboard/dashboard.html", context)


def _period(request: HttpRequest) -> tuple[PeriodForm, date, date, str]:
    """The period of the compliance report (this month unless chosen) and its grouping."""
    today = timezone.localdate()
    start, end = today.replace(day=1), today
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["date_from"] or start
        end = form.cleaned_data["date_to"] or end
    elif not form.is_bound:
        form = PeriodForm(initial={"date_from": start, "date_to": end})
    by = request.GET.get("by", compliance_selectors.BY_EMPLOYEE)
    return (
        form,
        start,
        end,
        by if by in compliance_selectors.GROUPINGS else compliance_selectors.BY_EMPLOYEE,
    )


@permission_required_for(Action.VIEW_COMPLIANCE_REPORT)
@shows_no_personal_data("staff work records: figures per employee or unit, no client record")
def compliance(request: HttpRequest) -> HttpResponse:
    """The compliance report for the head and an inspector: printable, exportable."""
    form, start, end, by = _period(request)
    report = compliance_selectors.compliance_report(
        request.user, date_from=start, date_to=end, by=by
    )
    query = urlencode({"date_from": start.isoformat(), "date_to": end.isoformat(), "by": by})
    return render(
        request,
        "complaints/dashboard/compliance.html",
        {"report": report, "form": form, "query": query},
    )


@permission_required_for(Action.VIEW_COMPLIANCE_REPORT)
@shows_no_personal_data("staff work records: figures per employee or unit, no client record")
def compliance_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The same report as CSV or XLSX."""
    if fmt not in exports.FORMATS:
        raise Http404
    _form, start, end, by = _period(request)
    report = compliance_selectors.compliance_report(
        request.user, date_from=start, date_to=end, by=by
    )
    filename = f"atbilstiba-{start:%Y-%m-%d}-{end:%Y-%m-%d}"
    if fmt == "xlsx":
        title = _("Compliance report")
        return exports.table_xlsx_response(
            compliance_selectors.table(report), filename, sheet_title=title
        )
    return exports.table_csv_response(compliance_selectors.table(report), filename)
