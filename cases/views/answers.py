"""Standard answers (docs/mail.md, "Answering"): the list, and their editing by the
knowledge-base editors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.forms import StandardAnswerForm
from cases.models import StandardAnswer
from cases.selectors.mail import standard_answer_get, standard_answers
from cases.services.standard_answers import standard_answer_save
from cases.views._common import done, posted
from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, can, permission_required_for

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest

edit_knowledge = permission_required_for(Action.EDIT_KNOWLEDGE)
view_knowledge = permission_required_for(Action.VIEW_KNOWLEDGE)
ANSWERS = "standard answers (the institution's texts) and their editors (staff)"


@view_knowledge
@shows_no_personal_data(ANSWERS)
@require_GET
def answer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "cases/answer_list.html",
        {
            "answers": standard_answers(),
            "can_edit": can(request.user, Action.EDIT_KNOWLEDGE),
        },
    )


def _edit(request: AuthenticatedHttpRequest, answer: StandardAnswer | None) -> HttpResponse:
    initial = {"title": answer.title, "text": answer.text} if answer else None
    form = StandardAnswerForm(request.POST or None, initial=initial)

    def act(data: dict[str, Any]) -> HttpResponse:
        standard_answer_save(actor=request.user, answer=answer, **data)
        return done(request, _("The standard answer was saved."), "cases:answer_list")

    return posted(request, form, act) or render(
        request, "cases/answer_form.html", {"form": form, "answer": answer}
    )


@edit_knowledge
@shows_no_personal_data(ANSWERS)
def answer_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _edit(request, None)


@edit_knowledge
@shows_no_personal_data(ANSWERS)
def answer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _edit(request, standard_answer_get(pk))
