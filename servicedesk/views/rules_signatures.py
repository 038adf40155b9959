"""Signatures under the rules (clause 9): the printable acknowledgement sheet of a version,
attaching the signed sheet, marking who signed it, and returning its file to those who may
see the register (the head and administrators)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from servicedesk.form_errors import error_summary, show_errors
from servicedesk.forms.rules import SignaturesForm, SignedSheetForm
from servicedesk.models import RulesSignature, RulesSignedSheet, RulesVersion
from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, can, permission_required_for
from servicedesk.selectors.organisation import current_institution
from servicedesk.selectors.rules import (
    MISSING,
    employees_to_sign,
    rules_register,
    signatures_from,
    signed_sheet,
)
from servicedesk.services.rules_signatures import (
    rules_signature_withdraw as withdraw,
)
from servicedesk.services.rules_signatures import (
    rules_signatures_record,
    rules_signed_sheet_attach,
)
from servicedesk.storage import private_download

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest

STAFF_RECORDS = "staff work records: who signed which version of the rules (clause 9)"


@require_http_methods(["GET"])
@permission_required_for(Action.VIEW_RULES_REGISTER)
@shows_no_personal_data(STAFF_RECORDS)
def rules_sheet_print(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    """The acknowledgement sheet of a version to print and sign: the institution, the version,
    every employee (with or without a login) with empty columns for the date and the
    signature. ``?only=missing`` leaves out those who already signed or confirmed it."""
    version = get_object_or_404(RulesVersion, number=number)
    register = rules_register(version)
    only_missing = request.GET.get("only") == MISSING
    rows = register.missing if only_missing else register.rows
    # Clause 9 binds the employees, and only an employee can be marked as having signed; the
    # municipality's people with a role confirm in the desk.
    rows = [row for row in rows if row.employee is not None]
    return render(
        request,
        "servicedesk/rules/sheet_print.html",
        {
            "version": version,
            "institution": current_institution(),
            "rows": rows,
            "only_missing": only_missing,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required_for(Action.MANAGE_RULES)
@shows_no_personal_data(STAFF_RECORDS)
def rules_sheet_upload(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    """An administrator attaches the signed sheet (a scan or a signed e-document) of a
    version, then marks who signed it."""
    version = get_object_or_404(RulesVersion, number=number)
    form = SignedSheetForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = rules_signed_sheet_attach(
                actor=request.user, version=version, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("The signed sheet has been attached. Now mark who signed it.")
            )
            return redirect("rules_signed_sheet", pk=sheet.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "servicedesk/rules/sheet_upload.html",
        {"version": version, "form": form, "error_summary": error_summary(form)},
        status=status,
    )


def _sheet_or_404(pk: int) -> RulesSignedSheet:
    try:
        return signed_sheet(pk)
    except RulesSignedSheet.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@permission_required_for(Action.VIEW_RULES_REGISTER)
@shows_no_personal_data(STAFF_RECORDS)
def rules_signed_sheet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A signed sheet: its file, the signatures recorded from it and, for administrators, the
    form to mark more employees as having signed it."""
    sheet = _sheet_or_404(pk)
    can_manage = can(request.user, Action.MANAGE_RULES)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = SignaturesForm(request.POST or None, employees=employees_to_sign(sheet.version))
    if request.method == "POST" and form.is_valid():
        try:
            recorded = rules_signatures_record(
                actor=request.user,
                sheet=sheet,
                employees=list(form.cleaned_data["employees"]),
                signed_on=form.cleaned_data["signed_on"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Signatures recorded: %(count)s.") % {"count": len(recorded)},
            )
            return redirect("rules_signed_sheet", pk=sheet.pk)
    return render(
        request,
        "servicedesk/rules/signed_sheet.html",
        {
            "sheet": sheet,
            "signatures": signatures_from(sheet),
            "form": form if can_manage else None,
            "error_summary": error_summary(form),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
@shows_no_personal_data(STAFF_RECORDS)
def rules_signed_sheet_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The signed sheet's file, only through this view (it has no URL of its own), to those
    who may see the register. (A streamed file, so the role is checked here rather than by
    ``permission_required_for``, whose views return pages.)"""
    if not can(request.user, Action.VIEW_RULES_REGISTER):
        raise PermissionDenied
    sheet = _sheet_or_404(pk)
    return private_download(
        sheet.file, filename=sheet.original_name, content_type=sheet.content_type
    )


@permission_required_for(Action.MANAGE_RULES)
@shows_no_personal_data(STAFF_RECORDS)
@require_http_methods(["POST"])
def rules_signature_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An administrator withdraws a signature recorded by mistake, from the sheet's page."""
    signature = get_object_or_404(RulesSignature.objects.select_related("employee"), pk=pk)
    withdraw(actor=request.user, signature=signature)
    messages.success(
        request, _("Signature withdrawn: %(name)s.") % {"name": signature.employee.full_name}
    )
    return redirect("rules_signed_sheet", pk=signature.sheet_id)
