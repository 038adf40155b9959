"""Screens of the registers (3.5.1) and the dashboard (3.5): thin views over
``complaints.registers``, ``complaints.exports`` and ``complaints.dashboard``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from servicedesk.personal_data import returned, shows_no_personal_data, shows_personal_data
from servicedesk.roles import Action, can, permission_required_for

from . import dashboard as figures
from . import exports, registers
from .register_forms import PeriodForm, RegisterFilterForm

PAGE_SIZE = 50
EXPORT_NAMES = {
    "complaints": "complaints-register",
    "suggestions": "suggestions-register",
    "all": "feedback-register",
}


def _register(slug: str) -> registers.Register:
    try:
        return registers.REGISTERS[slug]
    except KeyError as exc:
        raise Http404 from exc


def _filter_form(request: HttpRequest, register: registers.Register) -> RegisterFilterForm:
    return RegisterFilterForm(request.GET or None, with_kind=not register.kind)


@permission_required_for(Action.VIEW_FEEDBACK)
@shows_personal_data("complaints.feedbackitem", key=None)
def register_list(request: HttpRequest, register: str) -> HttpResponse:
    """A register as a filterable list: only the items the user may see (2.1.4.4)."""
    reg = _register(register)
    form = _filter_form(request, reg)
    filters = form.filters()
    items = registers.register_items(request.user, reg, filters)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    returned(request, page)
    return render(
        request,
        "complaints/registers/list.html",
        {
            "register": reg,
            "registers": registers.REGISTERS.values(),
            "filter_form": form,
            "page": page,
            "query_string": filters.query_string(),
            "can_view_dashboard": can(request.user, Action.VIEW_DASHBOARD),
        },
    )


@permission_required_for(Action.VIEW_FEEDBACK)
@shows_personal_data("complaints.feedbackitem", key=None)
def register_export(request: HttpRequest, register: str, fmt: str) -> HttpResponse:
    """The filtered register as CSV or XLSX: only visible rows, never restricted content.
    The access log keeps one row: the register, its filters and how many rows (2.1.6.1)."""
    reg = _register(register)
    items = registers.register_items(request.user, reg, _filter_form(request, reg).filters())
    if fmt in ("csv", "xlsx"):
        returned(request, items, export=True)
    filename = f"{EXPORT_NAMES[reg.slug]}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        return exports.csv_response(items, filename)
    if fmt == "xlsx":
        return exports.xlsx_response(items, filename, sheet_title=str(reg.title))
    raise Http404


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
