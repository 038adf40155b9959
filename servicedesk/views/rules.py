"""Rules governance pages (clauses 9 and 10): read and acknowledge the rules, the register of
acknowledgements, a version's printable text, and adding a new version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from servicedesk.forms.rules import AcknowledgeRulesForm, RulesVersionForm
from servicedesk.http import client_address
from servicedesk.models import RulesVersion
from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, can, permission_required_for
from servicedesk.rules_parser import depth, display_number, parse_rules
from servicedesk.selectors.rules import (
    acknowledgement_of,
    all_versions,
    clause_groups,
    next_version_number,
    upcoming_versions_for,
    version_in_force,
    version_is_open_for_acknowledgement,
)
from servicedesk.selectors.rules import (
    rules_register as register_of,
)
from servicedesk.services.rules import rules_acknowledge as acknowledge
from servicedesk.services.rules import rules_version_create

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest

RULES_TEXT = "the text of the rules and the person's own acknowledgement"


def _safe_next(request: AuthenticatedHttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("home")


def _version_page(
    request: AuthenticatedHttpRequest, version: RulesVersion | None, current: RulesVersion | None
) -> HttpResponse:
    """Show ``version`` with its clauses (``current``: the version in force); on POST
    acknowledge it with the user's password."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = AcknowledgeRulesForm(
        request.POST if request.method == "POST" else None, initial={"next": next_url}
    )
    if request.method == "POST" and version is not None and form.is_valid():
        try:
            acknowledge(
                actor=request.user,
                version=version,
                password=form.cleaned_data["password"],
                ip_address=client_address(request),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for message in error.message_dict.get("password", []):
                    form.add_error("password", message)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you. You have acknowledged version %(number)s of the rules.")
                % {"number": version.number},
            )
            return HttpResponseRedirect(_safe_next(request, form.cleaned_data.get("next")))
    acknowledgement = acknowledgement_of(user=request.user, version=version) if version else None
    context = {
        "version": version,
        "groups": clause_groups(version) if version else None,
        "acknowledgement": acknowledgement,
        "is_in_force": version is not None and current is not None and version.pk == current.pk,
        "is_upcoming": version is not None
        and (current is None or version.effective_from > current.effective_from),
        "can_acknowledge": version is not None
        and acknowledgement is None
        and version_is_open_for_acknowledgement(version, current),
        "form": form,
        "upcoming": [v for v in upcoming_versions_for(request.user) if v != version],
        "version_in_force": current,
    }
    return render(request, "servicedesk/rules/version.html", context)


@require_http_methods(["GET", "POST"])
@permission_required_for(Action.ACKNOWLEDGE_RULES)
@shows_no_personal_data(RULES_TEXT)
def rules_acknowledge(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The rules in force, to read and acknowledge (clause 9); the banner links here."""
    current = version_in_force()
    return _version_page(request, current, current)


@require_http_methods(["GET", "POST"])
@permission_required_for(Action.ACKNOWLEDGE_RULES)
@shows_no_personal_data(RULES_TEXT)
def rules_version(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    """One version: its text for reading or printing, and acknowledging it in advance when it
    is announced for a later date."""
    version = get_object_or_404(RulesVersion, number=number)
    return _version_page(request, version, version_in_force())


@require_http_methods(["GET"])
@permission_required_for(Action.VIEW_RULES_REGISTER)
@shows_no_personal_data("staff work records: who acknowledged which version (clause 9)")
def rules_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who acknowledged which version and when, and who has not (clause 9)."""
    versions = list(all_versions())
    if not versions:
        raise Http404
    selected: RulesVersion | None = None
    wanted = request.GET.get("version", "")
    if wanted.isdigit():
        selected = next((v for v in versions if v.number == int(wanted)), None)
        if selected is None:
            raise Http404
    if selected is None:
        # ``versions`` is newest first: the first already in force is the one in force.
        today = timezone.localdate()
        selected = next((v for v in versions if v.effective_from <= today), versions[0])
    return render(
        request,
        "servicedesk/rules/register.html",
        {
            "versions": versions,
            "register": register_of(selected),
            "can_manage": can(request.user, Action.MANAGE_RULES),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required_for(Action.MANAGE_RULES)
@shows_no_personal_data(RULES_TEXT)
def rules_version_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An administrator adds a new version: the text is parsed into numbered clauses, shown
    for checking ("Preview"), then saved (clauses 9, 10)."""
    form = RulesVersionForm(
        request.POST or None,
        request.FILES or None,
        initial={"number": next_version_number()},
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            # An uploaded file is not sent again with the next POST: carry its text over.
            data_with_text = request.POST.copy()
            data_with_text["text"] = data["text"]
            form = RulesVersionForm(data_with_text)
            form.is_valid()
            preview = [
                {
                    "part": clause.part,
                    "number": display_number(clause.number),
                    "depth": depth(clause.number),
                    "text": clause.text,
                }
                for clause in parse_rules(data["text"])
            ]
        else:
            try:
                version = rules_version_create(
                    actor=request.user,
                    number=data["number"],
                    title=data["title"],
                    effective_from=data["effective_from"],
                    text=data["text"],
                )
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {}
                for field, field_errors in errors.items():
                    for message in field_errors:
                        form.add_error(field if field in form.fields else None, message)
                if not errors:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Version %(number)s of the rules has been added.")
                    % {"number": version.number},
                )
                return redirect("rules_version", number=version.number)
    return render(
        request, "servicedesk/rules/version_form.html", {"form": form, "preview": preview}
    )
