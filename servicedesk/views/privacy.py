"""Data subject requests (2.1.6.1, GDPR art. 12–21): the register, one request's page with
each step of its handling, the client overview, and the log of what was done.

A request is registered first; its page records the identity check, then offers only what the
request asks for (export, erasure, correction, restriction, the decision on an objection), and
closes it as done or refused. Every form that fails shows the page again with what was typed
(status 400); a step the services refuse (no identity check yet) is said so, never as done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from servicedesk.forms.privacy import (
    CloseForm,
    DataRequestForm,
    ErasureForm,
    ExtensionForm,
    IdentityForm,
    LiftRestrictionForm,
    ObjectionForm,
    RectificationForm,
    RestrictionForm,
    SubjectSearchForm,
)
from servicedesk.models import DataRequest, DataSubjectRequest
from servicedesk.personal_data import (
    returned,
    shown,
    shows_no_personal_data,
    shows_personal_data,
)
from servicedesk.roles import Action, permission_required_for
from servicedesk.selectors import data_requests as selectors
from servicedesk.services import data_requests as services
from servicedesk.services import privacy
from servicedesk.views.steps import form_step, succeeded

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest

CLIENT = "cases.client"
REQUEST = "servicedesk.datarequest"
ACTION = "servicedesk.datasubjectrequest"
handles_requests = permission_required_for(Action.HANDLE_DATA_REQUESTS)
Kind = DataRequest.Kind


@dataclass(frozen=True)
class _Found:
    """A search result as the access log counts it (it needs only the number)."""

    pk: int


def _log_found(request: AuthenticatedHttpRequest, results: list[tuple[str, int, str]]) -> None:
    """The search results in the access log, one listing per kind of data subject that is a
    model of its own (a client card); other kinds name no record of their own to count."""
    by_kind: dict[str, list[_Found]] = {}
    for kind, pk, _name in results:
        by_kind.setdefault(kind, []).append(_Found(pk))
    for kind in {CLIENT, *by_kind}:
        try:
            apps.get_model(kind)
        except (LookupError, ValueError):
            continue
        returned(request, by_kind.get(kind, []), record_type=kind)


# --- The register -------------------------------------------------------------------------


@handles_requests
@shows_personal_data(REQUEST, key=None)
@require_GET
def privacy_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The register of requests (open ones first, nearest due date first) and the client
    search to start from."""
    form = SubjectSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = privacy.subject_search(query) if query else []
    if query:
        _log_found(request, results)
    data_requests = list(selectors.data_requests_list()[:200])
    returned(request, data_requests)
    return render(
        request,
        "servicedesk/privacy/home.html",
        {
            "form": form,
            "results": results,
            "data_requests": data_requests,
            "today": timezone.localdate(),
            "earlier_actions": DataSubjectRequest.objects.filter(data_request__isnull=True)
            .select_related("handled_by")
            .order_by("-at")[:50],
        },
    )


@handles_requests
@shows_personal_data(CLIENT, key=None)
@require_http_methods(["GET", "POST"])
def privacy_request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Register a request as received; ``?client=`` names the data subject when known."""
    client_id = request.GET.get("client") or request.POST.get("client") or ""
    subject = None
    if client_id:
        if not client_id.isdigit():
            raise Http404
        record, subject = privacy.subject_get(CLIENT, int(client_id))
        shown(request, record)

    def page(form: BaseForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "subject": subject}
        return render(request, "servicedesk/privacy/request_new.html", context, status=status)

    if request.method != "POST":
        return page(DataRequestForm(initial={"received_on": timezone.localdate()}))
    return form_step(
        DataRequestForm(request.POST),
        lambda data: services.data_request_register(
            actor=request.user,
            subject_type=CLIENT if subject else "",
            subject_id=subject.record_id if subject else None,
            **data,
        ),
        done=lambda created: succeeded(
            request,
            _("Request %(number)s registered; the answer is due on %(date)s.")
            % {"number": created.number, "date": date_format(created.due_on, "SHORT_DATE_FORMAT")},
            "privacy_request",
            pk=created.pk,
        ),
        again=lambda form: page(form, status=400),
    )


# --- One request --------------------------------------------------------------------------


def _subject(data_request: DataRequest) -> tuple[Any, privacy.Identity | None]:
    """The data subject's record and identity, or (None, None) when not linked."""
    if data_request.subject_id is None:
        return None, None
    try:
        return privacy.subject_get(data_request.subject_type, data_request.subject_id)
    except (LookupError, Http404):
        return None, None


def _request_page(
    request: AuthenticatedHttpRequest, data_request: DataRequest, status: int = 200, **forms: Any
) -> HttpResponse:
    """The request's page; ``forms`` replaces the blank form of the step that failed."""
    record, identity = _subject(data_request)
    shown(request, data_request, record)
    context: dict[str, Any] = {
        "dr": data_request,
        "identity": identity,
        "today": timezone.localdate(),
        "extension_months": settings.DATA_REQUEST_EXTENSION_MONTHS,
        "actions": data_request.actions.select_related("handled_by").order_by("at"),
        "identity_form": IdentityForm(),
        "extension_form": ExtensionForm(),
        "close_form": CloseForm(),
        "lift_form": LiftRestrictionForm(),
    }
    ready = data_request.is_open and identity is not None and data_request.identity_checked
    context["ready"] = ready
    if data_request.is_open and identity is None:
        search = SubjectSearchForm(request.GET or None)
        query = search.cleaned_data["q"] if search.is_valid() else ""
        context["search_form"] = search
        context["results"] = privacy.subject_search(query) if query else []
        if query:
            _log_found(request, context["results"])
    if ready and data_request.kind == Kind.ERASURE:
        assert identity is not None  # ready: the subject is known
        context["plan"] = privacy.identity_erase_plan(identity, actor=request.user)
        context["erasure_form"] = ErasureForm()
    if ready and data_request.kind == Kind.RECTIFICATION:
        rectifier = services.rectifier_for(data_request.subject_type)
        if rectifier is not None:
            context["rectification_form"] = RectificationForm(
                fields=rectifier.fields(int(data_request.subject_id or 0))
            )
    if ready and data_request.kind == Kind.RESTRICTION:
        context["restriction_form"] = RestrictionForm()
    if ready and data_request.kind == Kind.OBJECTION:
        context["objection_form"] = ObjectionForm()
    context.update(forms)
    return render(request, "servicedesk/privacy/request.html", context, status=status)


@handles_requests
@shows_personal_data(REQUEST)
@require_GET
def privacy_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, selectors.data_request_get(pk))


def _refused(
    request: AuthenticatedHttpRequest, data_request: DataRequest, exc: ValidationError
) -> HttpResponse:
    """A step the service refused without a form field to blame: say why on the page."""
    for message in exc.messages:
        messages.error(request, message)
    return redirect("privacy_request", pk=data_request.pk)


def _request_step(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A step posted from one request's page by a data protection contact; it shows the
    request (its page comes back when the form fails)."""
    return handles_requests(shows_personal_data(REQUEST)(require_POST(view)))


def _step[T](
    request: AuthenticatedHttpRequest,
    pk: int,
    form: BaseForm,
    form_name: str,
    run: Callable[..., T],
    done: str | Callable[[T], str],
    *,
    refusals_on_form: bool = False,
) -> HttpResponse:
    """One step of a request: form → ``run(actor=…, data_request=…, **cleaned_data)`` → back
    to the request, saying ``done`` (or what ``done`` makes of the service's result). A refusal
    naming a field shows the form again (as ``form_name``) with what was typed; any other
    refusal is said on the page, or on the form with ``refusals_on_form``."""
    data_request = selectors.data_request_get(pk)
    return form_step(
        form,
        lambda data: run(actor=request.user, data_request=data_request, **data),
        done=lambda result: succeeded(
            request, done(result) if callable(done) else done, "privacy_request", pk=pk
        ),
        again=lambda form: _request_page(request, data_request, status=400, **{form_name: form}),
        refused=None if refusals_on_form else (lambda exc: _refused(request, data_request, exc)),
    )


@handles_requests
@shows_no_personal_data("links the request to the client chosen and redirects to the request")
@require_POST
def privacy_request_subject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Link the request to the data subject found by the search on its page."""
    data_request = selectors.data_request_get(pk)
    client_id = request.POST.get("client", "")
    kind = request.POST.get("kind") or CLIENT  # a client card, or a submitter without one
    if not client_id.isdigit() or kind not in privacy.subject_kinds():
        messages.error(request, _("Choose the client from the search results."))
        return redirect("privacy_request", pk=pk)
    try:
        services.data_request_link_subject(
            actor=request.user, data_request=data_request, record_type=kind, pk=int(client_id)
        )
    except ValidationError as exc:
        return _refused(request, data_request, exc)
    messages.success(request, _("The request is linked to the client."))
    return redirect("privacy_request", pk=pk)


@_request_step
def privacy_request_identity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = IdentityForm(request.POST)
    done = _("The identity check is recorded.")
    run = services.data_request_verify_identity
    return _step(request, pk, form, "identity_form", run, done, refusals_on_form=True)


@_request_step
def privacy_request_extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def done(extended: DataRequest) -> str:
        return _("The period is extended: the answer is now due on %(date)s.") % {
            "date": date_format(extended.due_on, "SHORT_DATE_FORMAT")
        }

    form = ExtensionForm(request.POST)
    run = services.data_request_extend
    return _step(request, pk, form, "extension_form", run, done, refusals_on_form=True)


@handles_requests
@shows_personal_data(CLIENT, key=None)  # the export logs its own read
@require_POST
def privacy_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The export as a download (JSON or PDF), once the identity check is recorded; logged as
    an action of the request and as an access."""
    if fmt not in {"json", "pdf"}:
        raise Http404
    data_request = selectors.data_request_get(pk)
    try:
        export = services.data_request_export(
            actor=request.user, data_request=data_request, request=request
        )
    except ValidationError as exc:
        return _refused(request, data_request, exc)
    if fmt == "json":
        response = HttpResponse(export.as_json(), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(privacy.export_pdf(export), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="datu-izraksts-{data_request.pk}.{fmt}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@_request_step
def privacy_erase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    data_request = selectors.data_request_get(pk)
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            done = services.data_request_erase(
                actor=request.user, data_request=data_request, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            return _refused(request, data_request, exc)
        messages.success(
            request,
            _("The personal data has been anonymised. What the law makes us keep is listed below."),
        )
        return redirect("privacy_action", pk=done.pk)
    return _request_page(request, data_request, status=400, erasure_form=form)


@_request_step
def privacy_rectify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    data_request = selectors.data_request_get(pk)
    rectifier = services.rectifier_for(data_request.subject_type)
    if rectifier is None or data_request.subject_id is None:
        return _refused(
            request, data_request, ValidationError(_("Link the request to the client first."))
        )

    def done(changed: list[str]) -> HttpResponse:
        if changed:
            messages.success(request, _("Corrected: %(fields)s.") % {"fields": ", ".join(changed)})
        else:
            messages.info(request, _("No value differed: nothing was changed."))
        return redirect("privacy_request", pk=pk)

    return form_step(
        RectificationForm(request.POST, fields=rectifier.fields(data_request.subject_id)),
        lambda data: services.data_request_rectify(
            actor=request.user, data_request=data_request, values=data
        ),
        done=done,
        again=lambda form: _request_page(
            request, data_request, status=400, rectification_form=form
        ),
        refused=lambda exc: _refused(request, data_request, exc),
    )


@_request_step
def privacy_restrict(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = RestrictionForm(request.POST)
    done = _("Processing is restricted: the client card now says so to everyone.")
    return _step(request, pk, form, "restriction_form", services.data_request_restrict, done)


@_request_step
def privacy_lift_restriction(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def run(*, informed: bool, **data: Any) -> DataRequest:
        return services.data_request_lift_restriction(**data)  # ``informed``: the form's check

    form = LiftRestrictionForm(request.POST)
    return _step(request, pk, form, "lift_form", run, _("The restriction is lifted."))


@_request_step
def privacy_objection(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def run(*, decision: str, **data: Any) -> DataRequest:
        return services.data_request_decide_objection(upheld=decision == "upheld", **data)

    form = ObjectionForm(request.POST)
    done = _("The decision on the objection is recorded.")
    return _step(request, pk, form, "objection_form", run, done)


@_request_step
def privacy_request_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def done(closed: DataRequest) -> str:
        return _("The request is closed: %(state)s.") % {"state": closed.get_state_display()}

    form = CloseForm(request.POST)
    run = services.data_request_close
    return _step(request, pk, form, "close_form", run, done, refusals_on_form=True)


# --- The client overview and the log of actions --------------------------------------------


@handles_requests
@shows_personal_data(CLIENT)
@require_GET
def privacy_client(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What the desk holds about the client, what an erasure would remove and keep, and the
    client's requests; a new request starts here."""
    record, identity = privacy.subject_get(CLIENT, pk)
    shown(request, record)
    plan = privacy.identity_erase_plan(identity, actor=request.user)
    return render(
        request,
        "servicedesk/privacy/client.html",
        {
            "identity": identity,
            "plan": plan,
            "data_requests": selectors.data_requests_of(CLIENT, pk).select_related("registered_by"),
            "today": timezone.localdate(),
        },
    )


@handles_requests
@shows_personal_data(ACTION)
@require_GET
def privacy_action(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One logged action (an export or an erasure) and its report."""
    logged = get_object_or_404(
        DataSubjectRequest.objects.select_related("handled_by", "data_request"), pk=pk
    )
    # 2.1.4.4: a kept record the viewer may not see is left out of the report.
    report = privacy.report_for(request.user, logged.report)
    return render(request, "servicedesk/privacy/action.html", {"logged": logged, "report": report})
