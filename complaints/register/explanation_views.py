"""The request for an employee's explanation (2.1.4.1): the reviewer asks from the item's
page; the employee reads the request and answers on pages that show only the request, never
the item (which they reach, if at all, only through ``complaints.selectors``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints import selectors
from complaints.register.explanation_forms import ExplanationAnswerForm, ExplanationRequestForm
from complaints.register.explanation_selectors import request_to, requests_to
from complaints.register.services import explanations
from complaints.register.views import ITEM, _detail
from servicedesk.form_errors import show_errors
from servicedesk.personal_data import returned, shown, shows_personal_data

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest

#: 2.1.6.1: the kind of record the employee's pages show (servicedesk.personal_data).
REQUEST = "complaints.explanationrequest"


@shows_personal_data(ITEM)
@require_POST
def explanation_ask(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The reviewer asks the person the complaint is about for a written explanation."""
    item = selectors.item_for(request.user, pk)
    form = ExplanationRequestForm(request.POST, item=item, prefix="explain")
    if form.is_valid():
        try:
            explanations.explanation_request(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The employee has been asked for an explanation."))
            return redirect(item)
    return _detail(request, item, status=400, explanation_form=form)


@shows_personal_data(REQUEST, key=None)
@require_GET
def explanation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The requests for an explanation put to the user, unanswered first."""
    requests = requests_to(request.user)[:200]
    returned(request, requests)
    return render(request, "complaints/explanation_list.html", {"requests": requests})


@shows_personal_data(REQUEST)
def explanation_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The employee reads the request (only what the reviewer sent) and answers it once."""
    asked = request_to(request.user, pk)
    shown(request, asked)
    form = ExplanationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            explanations.explanation_answer(
                actor=request.user, request=asked, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Your explanation has been sent to the reviewer."))
            return redirect("complaints:explanation_answer", pk=asked.pk)
    status = 400 if form.errors else 200
    return render(
        request, "complaints/explanation_answer.html", {"asked": asked, "form": form}, status=status
    )
