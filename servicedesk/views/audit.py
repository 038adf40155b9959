"""The audit trail screen (2.1.6.1): administrators and the data protection contact search
reads and writes by person and by record. Entries about feedback items the searcher may not
see are not shown (the subject rule, 2.1.4.4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from servicedesk.forms.privacy import AuditSearchForm
from servicedesk.personal_data import returned, shows_personal_data
from servicedesk.roles import Action, permission_required_for
from servicedesk.selectors.audit import AuditFilters, access_log_for, changes_for

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest

PAGE_SIZE = 50


# The changes shown carry old and new values of client records: reading them is a read too.
@permission_required_for(Action.VIEW_AUDIT)
@shows_personal_data("servicedesk.accesslog", key=None)
@require_GET
def audit_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    filters = AuditFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = AuditFilters(
            person_id=d["person"].pk if d["person"] else None,
            record_type=d["record_type"],
            record_id=d["record_id"],
            date_from=d["date_from"],
            date_to=d["date_to"],
        )
    reads = Paginator(access_log_for(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    returned(request, reads)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "servicedesk/audit/search.html",
        {
            "form": form,
            "reads": reads,
            "changes": changes_for(request.user, filters),
            "query": query.urlencode(),
        },
    )
