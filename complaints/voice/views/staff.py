"""Staff screens of the client voice (3.5.1, 3.5.2): starting the reception-desk kiosk, the
trust-line log, and the staff survey (compose, open, answer anonymously, results)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.selectors import contact_get
from complaints.models import Channel, StaffSurvey
from complaints.register.services.registration import FeedbackInput
from complaints.register.views import register_and_tell
from complaints.voice import selectors as voice_selectors
from complaints.voice.forms import (
    StaffSurveyAnswerForm,
    StaffSurveyForm,
    StaffSurveyQuestionFormSet,
    TrustLineForm,
)
from complaints.voice.services import surveys
from complaints.voice.views.public import (
    KIOSK_COOKIE,
    KIOSK_MAX_AGE,
    kiosk_cookie_value,
)
from servicedesk.form_errors import show_errors
from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, can, permission_required_for

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest


PAGE_SIZE = 50
#: 2.1.6.1: the staff survey's answers are anonymous and its pages name no client.
STAFF_SURVEY = "the staff survey: questions and anonymous answers, no client data"


@permission_required_for(Action.RUN_KIOSK)
@shows_no_personal_data("starts the kiosk on this device")
@require_http_methods(["GET", "POST"])
def kiosk_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A front-desk specialist turns this browser (the tablet at the desk) into the rating
    kiosk: the staff session ends here and a signed kiosk cookie opens only the kiosk."""
    if request.method == "POST":
        value = kiosk_cookie_value(int(request.user.pk or 0))  # logged in: a pk
        logout(request)
        response = redirect("public_feedback:kiosk")
        response.set_cookie(
            KIOSK_COOKIE,
            value,
            max_age=KIOSK_MAX_AGE,
            httponly=True,
            samesite="Strict",
            secure=not settings.DEBUG,
        )
        return response
    return render(request, "complaints/surveys/kiosk_start.html")


@permission_required_for(Action.LOG_CONTACTS)
@shows_no_personal_data("sends the survey and redirects to the contact, which records the read")
@require_POST
def survey_offer_contact(request: AuthenticatedHttpRequest, contact_pk: int) -> HttpResponse:
    """3.5.1: after a contact the front desk may send the client the satisfaction survey
    (one e-mail per contact; an address that opted out gets none)."""
    contact = contact_get(request.user, contact_pk)
    email = contact.email_address or (contact.client.email if contact.client else "")
    invitation = surveys.survey_offer_for_contact(
        contact_id=contact.pk,
        email=email,
        language=contact.client.preferred_language if contact.client else "lv",
    )
    if invitation is None:
        messages.info(
            request,
            _(
                "No survey was sent: the client has no e-mail address, has already been asked "
                "about this contact, or does not want surveys."
            ),
        )
    else:
        messages.success(request, _("The satisfaction survey was sent to the client."))
    return redirect("cases:contact_detail", pk=contact.pk)


@permission_required_for(Action.REGISTER_FEEDBACK)
@shows_no_personal_data("anonymous trust-line reports: register number, kind, date and state")
@require_http_methods(["GET", "POST"])
def trust_line(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The trust-line log (uzticības tālrunis, 3.5.1): register an anonymous report taken by
    phone, and the reports registered so far (through the visibility gate)."""
    form = TrustLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = FeedbackInput.from_cleaned_data(form.cleaned_data, channel=Channel.TRUST_LINE)
        item = register_and_tell(
            request,
            form,
            lambda: surveys.trust_line_report_register(actor=request.user, data=data),
        )
        if item is not None:
            return redirect("voice:trust_line")
    page = Paginator(voice_selectors.trust_line_log(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "complaints/surveys/trust_line.html",
        {"form": form, "page": page},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Staff survey (3.5.2) ---------------------------------------------------------------------


@permission_required_for(Action.ANSWER_STAFF_SURVEYS)
@shows_no_personal_data(STAFF_SURVEY)
def staff_survey_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    manager = can(request.user, Action.MANAGE_STAFF_SURVEYS)
    return render(
        request,
        "complaints/surveys/staff_list.html",
        {
            "surveys": voice_selectors.staff_surveys_for(request.user, manager=manager),
            "manager": manager,
            "sees_results": can(request.user, Action.VIEW_STAFF_SURVEY_RESULTS),
            "min_answers": voice_selectors.MIN_STAFF_ANSWERS,
        },
    )


@permission_required_for(Action.MANAGE_STAFF_SURVEYS)
@shows_no_personal_data(STAFF_SURVEY)
@require_http_methods(["GET", "POST"])
def staff_survey_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    """Compose a questionnaire, or rework a draft: a title, an introduction and the
    questions (a 1–5 scale or free text)."""
    survey = get_object_or_404(StaffSurvey, pk=pk) if pk else None
    if survey is not None and survey.state != StaffSurvey.State.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("voice:staff_surveys")
    if request.method == "POST":
        form = StaffSurveyForm(request.POST)
        questions = StaffSurveyQuestionFormSet(request.POST, prefix="q")
        if form.is_valid() and questions.is_valid():
            try:
                survey = surveys.staff_survey_save(
                    actor=request.user,
                    survey=survey,
                    title=form.cleaned_data["title"],
                    intro=form.cleaned_data["intro"],
                    questions=[
                        (q.cleaned_data.get("text", ""), q.cleaned_data.get("kind", ""))
                        for q in questions
                    ],
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("The survey is saved as a draft."))
                return redirect("voice:staff_surveys")
    else:
        initial = {"title": survey.title, "intro": survey.intro} if survey else None
        form = StaffSurveyForm(initial=initial)
        existing = (
            [{"text": q.text, "kind": q.kind} for q in survey.questions.all()] if survey else []
        )
        questions = StaffSurveyQuestionFormSet(
            prefix="q", initial=existing + [{}] * max(5 - len(existing), 2)
        )
    return render(
        request,
        "complaints/surveys/staff_edit.html",
        {"form": form, "questions": questions, "survey": survey},
    )


@permission_required_for(Action.MANAGE_STAFF_SURVEYS)
@shows_no_personal_data(STAFF_SURVEY)
@require_POST
def staff_survey_state(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    survey = get_object_or_404(StaffSurvey, pk=pk)
    service = {
        "open": surveys.staff_survey_open,
        "close": surveys.staff_survey_close,
    }.get(action)
    if service is None:
        return redirect("voice:staff_surveys")
    try:
        service(actor=request.user, survey=survey)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The survey is open for answers.")
            if action == "open"
            else _("The survey is closed."),
        )
    return redirect("voice:staff_surveys")


@permission_required_for(Action.ANSWER_STAFF_SURVEYS)
@shows_no_personal_data(STAFF_SURVEY)
@require_http_methods(["GET", "POST"])
def staff_survey_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Answer anonymously: the answers are stored without the person; only a separate
    marker says that they answered (so nobody answers twice)."""
    survey = get_object_or_404(StaffSurvey, pk=pk, state=StaffSurvey.State.OPEN)
    if voice_selectors.has_answered(request.user, survey):
        messages.info(request, _("You have already answered this survey. Thank you!"))
        return redirect("voice:staff_surveys")
    form = StaffSurveyAnswerForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            surveys.staff_survey_answer(actor=request.user, survey=survey, answers=form.answers())
        except surveys.AlreadyAnswered:
            messages.info(request, _("You have already answered this survey. Thank you!"))
            return redirect("voice:staff_surveys")
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Thank you! Your answers are recorded anonymously."))
            return redirect("voice:staff_surveys")
    return render(request, "complaints/surveys/staff_answer.html", {"survey": survey, "form": form})


@permission_required_for(Action.VIEW_STAFF_SURVEY_RESULTS)
@shows_no_personal_data(STAFF_SURVEY)
def staff_survey_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(StaffSurvey, pk=pk)
    return render(
        request,
        "complaints/surveys/staff_results.html",
        {
            "results": voice_selectors.staff_survey_results(survey),
            "min_answers": voice_selectors.MIN_STAFF_ANSWERS,
        },
    )
