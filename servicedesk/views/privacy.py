"""Data subject requests (2.1.6.1, GDPR): find the client, export their data (JSON or PDF),
erase what the law allows and see why the rest is kept. Every request is logged."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from servicedesk.forms_privacy import ErasureForm, SubjectSearchForm
from servicedesk.models import DataSubjectRequest
from servicedesk.roles import Action, permission_required_for
from servicedesk.services import privacy

CLIENT = "cases.client"
handles_requests = permission_required_for(Action.HANDLE_DATA_REQUESTS)


@handles_requests
@require_GET
def privacy_home(request: HttpRequest) -> HttpResponse:
    """Find the data subject; the latest requests."""
    form = SubjectSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "servicedesk/privacy/home.html",
        {
            "form": form,
            "results": privacy.subject_search(query) if query else [],
            "requests": DataSubjectRequest.objects.select_related("handled_by")[:50],
        },
    )


def _client_page(
    request: HttpRequest, pk: int, form: ErasureForm | None = None, status: int = 200
) -> HttpResponse:
    identity, plan = privacy.subject_erase_plan(record_type=CLIENT, pk=pk)
    return render(
        request,
        "servicedesk/privacy/client.html",
        {
            "identity": identity,
            "plan": plan,
            "form": form or ErasureForm(),
            "requests": DataSubjectRequest.objects.filter(
                subject_type=CLIENT, subject_id=pk
            ).select_related("handled_by"),
        },
        status=status,
    )


@handles_requests
@require_GET
def privacy_client(request: HttpRequest, pk: int) -> HttpResponse:
    """What the desk holds about the client, what an erasure would remove and what it keeps."""
    return _client_page(request, pk)


@handles_requests
@require_POST
def privacy_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The export as a download (JSON or PDF); logged as a request and as an access."""
    if fmt not in {"json", "pdf"}:
        return HttpResponse(status=404)
    export = privacy.subject_export(actor=request.user, record_type=CLIENT, pk=pk, request=request)
    if fmt == "json":
        response = HttpResponse(export.as_json(), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(privacy.export_pdf(export), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="datu-izraksts-{pk}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@handles_requests
@require_POST
def privacy_erase(request: HttpRequest, pk: int) -> HttpResponse:
    form = ErasureForm(request.POST)
    if not form.is_valid():
        return _client_page(request, pk, form=form, status=400)
    done = privacy.subject_erase(
        actor=request.user, record_type=CLIENT, pk=pk, note=form.cleaned_data["note"]
    )
    messages.success(
        request,
        _("The personal data has been anonymised. What the law makes us keep is listed below."),
    )
    return redirect("privacy_request", pk=done.pk)


@handles_requests
@require_GET
def privacy_request(request: HttpRequest, pk: int) -> HttpResponse:
    """One logged request and its report."""
    from django.shortcuts import get_object_or_404

    logged = get_object_or_404(DataSubjectRequest.objects.select_related("handled_by"), pk=pk)
    return render(request, "servicedesk/privacy/request.html", {"logged": logged})
