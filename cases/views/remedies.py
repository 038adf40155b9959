"""Remedies of errors (2.1.1.2): another remedy from the contact screen, the user's list with
what is overdue, and a remedy's page where its owner closes it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from cases import services
from cases.forms import RemedyCloseForm, RemedyOpenForm
from cases.models import Contact, Remedy
from cases.selectors.remedies import remedies_for, remedy_get
from cases.views._common import contact_action, done, log_contacts, posted, showing
from servicedesk.personal_data import returned, shows_personal_data

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest, User

#: 2.1.6.1: the kind of record these pages show (servicedesk.personal_data).
REMEDY = "cases.remedy"


@contact_action(RemedyOpenForm, "remedy_form", gettext_lazy("The remedy is opened."))
def remedy_create(actor: User, contact: Contact, data: dict[str, Any]) -> None:
    """2.1.1.2: another remedy of the error recorded on the contact."""
    services.remedy_open(
        actor=actor, contact=contact, plan=services.RemedyPlan.from_cleaned_data(data)
    )


@log_contacts
@shows_personal_data(REMEDY, key=None)
@require_GET
def remedy_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The remedies the user answers for or opened, open ones first, overdue said in words."""
    remedies = remedies_for(request.user)[:200]
    returned(request, remedies)
    return render(request, "cases/remedy_list.html", {"remedies": remedies})


@log_contacts
@shows_personal_data(REMEDY)
def remedy_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A remedy and, while it is open, its closing: done (what was done) or cancelled (why)."""
    remedy = showing(request, remedy_get(request.user, pk))
    form = RemedyCloseForm(request.POST or None)

    def act(data: dict[str, Any]) -> HttpResponse:
        if request.POST.get("cancel"):
            services.remedy_cancel(actor=request.user, remedy=remedy, reason=data["outcome"])
            message = _("The remedy is cancelled.")
        else:
            services.remedy_complete(actor=request.user, remedy=remedy, outcome=data["outcome"])
            message = _("The remedy is done.")
        return done(request, message, "cases:remedy_detail", pk=remedy.pk)

    response = posted(request, form, act)
    if response is not None:
        return response
    context = {
        "remedy": remedy,
        "form": form,
        "may_close": remedy.status == Remedy.Status.OPEN
        and request.user.pk in {remedy.owner_id, remedy.opened_by_id},
    }
    return render(request, "cases/remedy_detail.html", context, status=422 if form.errors else 200)
