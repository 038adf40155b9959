"""Printing name badges (2.2, 3.3) and work IDs (2.3) for employees chosen in the admin."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from servicedesk import badges
from servicedesk.badges import CardKind
from servicedesk.personal_data import returned, shows_personal_data
from servicedesk.roles import Action, permission_required_for


def _parse_ids(raw: str) -> list[int]:
    """``1,2,3`` → [1, 2, 3]; ValueError on anything else."""
    ids = [int(part) for part in raw.split(",") if part.strip()]
    if not ids or any(pk <= 0 for pk in ids):
        raise ValueError(raw)
    return ids


def _refuse(request: HttpRequest, kind: CardKind | None, problems: list[str]) -> HttpResponse:
    return render(
        request,
        "servicedesk/badges/refused.html",
        {"kind": kind, "problems": problems},
        status=400,
    )


@require_GET
@permission_required_for(Action.PRINT_BADGES)
@shows_personal_data("servicedesk.employee", key=None)  # work IDs: photo, number, validity
def print_badges(request: HttpRequest) -> HttpResponse:
    """2.2, 2.3, 3.3: A4 sheets of name badges or work-ID cards for ``?kind=…&ids=1,2,3``,
    as a print-ready page or, with ``&format=pdf``, a PDF download.

    Work IDs that are expired or incomplete are refused with the reasons, and then nothing is
    printed (``badges.work_id_problems``)."""
    try:
        kind = CardKind(request.GET.get("kind", CardKind.BADGE))
        ids = _parse_ids(request.GET.get("ids", ""))
    except ValueError:
        return _refuse(
            request,
            None,
            [_("Select employees in the employee list and choose a print action there.")],
        )
    employees = badges.employees_for_print(ids)
    if not employees:
        return _refuse(request, kind, [_("None of the selected employees exist any more.")])
    if kind is CardKind.WORK_ID:
        problems = badges.work_id_problems(employees, today=timezone.localdate())
        if problems:
            return _refuse(request, kind, problems)

    returned(request, employees, export=request.GET.get("format") == "pdf")
    sheets = badges.layout_sheets(
        employees, default_institution=badges.default_institution_for(employees)
    )
    title = _("Work IDs") if kind is CardKind.WORK_ID else _("Name badges")
    if request.GET.get("format") == "pdf":
        pdf = badges.render_pdf(sheets, kind=kind, title=title)
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"{kind.value.replace('_', '-')}s-{timezone.localdate():%Y-%m-%d}.pdf"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    pdf_query = request.GET.copy()
    pdf_query["format"] = "pdf"
    return render(
        request,
        "servicedesk/badges/print.html",
        {
            "kind": kind,
            "title": title,
            "sheets": sheets,
            "card_count": len(employees),
            "pdf_query": pdf_query.urlencode(),
            "page_width_mm": int(badges.PAGE_WIDTH_MM),
            "page_height_mm": int(badges.PAGE_HEIGHT_MM),
        },
    )
