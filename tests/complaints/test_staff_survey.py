"""The staff survey (clause 3.5.2): an administrator composes it; staff
answer anonymously (nothing links a person to their answers) and only once; results show
from 5 answers on."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models

from complaints.models import (
    StaffSurvey,
    StaffSurveyAnswer,
    StaffSurveyParticipation,
    StaffSurveyQuestion,
    StaffSurveyResponse,
)
from complaints.voice.services import surveys
from servicedesk.roles import Role
from tests.factories import UserFactory

SCALE, TEXT = StaffSurveyQuestion.Kind.SCALE, StaffSurveyQuestion.Kind.TEXT


@pytest.fixture
def survey(admin):
    survey = surveys.staff_survey_save(
        actor=admin,
        title="Darba vide 2026",
        questions=[("Cik apmierināts esat ar darba vidi?", SCALE), ("Ko uzlabot?", TEXT)],
    )
    return surveys.staff_survey_open(actor=admin, survey=survey)


def answer_url(survey):
    return f"/voice/staff-surveys/{survey.pk}/answer/"


def post_answer(client, survey, scale="4", text="Vairāk apmācību."):
    scale_q, text_q = survey.questions.order_by("position")
    return client.post(answer_url(survey), {f"q{scale_q.pk}": scale, f"q{text_q.pk}": text})


@pytest.mark.rule("3.5.2")
def test_an_administrator_composes_and_opens_a_survey(admin, client_for):
    browser = client_for(admin)
    response = browser.post(
        "/voice/staff-surveys/new/",
        {
            "title": "Iekšējā aptauja",
            "intro": "Lūdzu, atbildiet godīgi.",
            "q-TOTAL_FORMS": "3",
            "q-INITIAL_FORMS": "0",
            "q-MIN_NUM_FORMS": "1",
            "q-MAX_NUM_FORMS": "20",
            "q-0-text": "Vai jums pietiek informācijas?",
            "q-0-kind": SCALE,
            "q-1-text": "",
            "q-1-kind": SCALE,
            "q-2-text": "Jūsu ieteikumi",
            "q-2-kind": TEXT,
        },
    )
    assert response.status_code == 302
    survey = StaffSurvey.objects.get()
    assert survey.state == StaffSurvey.State.DRAFT
    assert list(survey.questions.values_list("position", "kind")) == [(1, SCALE), (2, TEXT)]
    browser.post(f"/voice/staff-surveys/{survey.pk}/open/")
    survey.refresh_from_db()
    assert survey.state == StaffSurvey.State.OPEN


@pytest.mark.rule("3.5.2")
def test_only_an_administrator_composes(reception, head, client_for):
    for user in (reception, head):
        assert client_for(user).get("/voice/staff-surveys/new/").status_code == 403


@pytest.mark.rule("3.5.2")
def test_a_staff_member_answers_once_and_the_answer_is_not_linked_to_them(
    survey, reception, client_for
):
    browser = client_for(reception)
    assert post_answer(browser, survey).status_code == 302
    assert post_answer(browser, survey, scale="1").status_code == 302  # refused, kindly
    assert StaffSurveyResponse.objects.count() == 1
    assert StaffSurveyAnswer.objects.filter(scale=1).count() == 0
    assert StaffSurveyParticipation.objects.filter(survey=survey, user=reception).count() == 1
    assert browser.get(answer_url(survey)).status_code == 302  # already answered


@pytest.mark.rule("3.5.2")
def test_nothing_in_the_answers_points_to_a_person_or_a_time():
    """The answer tables hold no user, no time and no sequential key; the marker holds no
    time: so no join or ordering ties a marker to an answer."""
    user_model = get_user_model()
    for model in (StaffSurveyResponse, StaffSurveyAnswer):
        for field in model._meta.get_fields():
            assert getattr(field, "related_model", None) is not user_model, field
            assert not isinstance(field, models.DateField | models.DateTimeField), field
        assert isinstance(model._meta.pk, models.UUIDField)
    for field in StaffSurveyParticipation._meta.get_fields():
        assert not isinstance(field, models.DateField | models.DateTimeField), field
        assert getattr(field, "related_model", None) not in (StaffSurveyResponse, StaffSurveyAnswer)


@pytest.mark.rule("3.5.2")
def test_results_show_only_from_five_answers(survey, head, client_for):
    results_url = f"/voice/staff-surveys/{survey.pk}/results/"
    staff = [UserFactory(username=f"darbinieks{n}", roles=[Role.FRONT_DESK]) for n in range(5)]
    for user, scale in zip(staff[:4], ["5", "4", "4", "3"], strict=True):
        post_answer(client_for(user), survey, scale=scale, text=f"Ieteikums {user.username}")
    page = client_for(head).get(results_url).content.decode()
    assert 'id="results-hidden"' in page
    assert "Ieteikums" not in page
    post_answer(client_for(staff[4]), survey, scale="4", text="Piektais ieteikums")
    page = client_for(head).get(results_url).content.decode()
    assert 'id="results-hidden"' not in page
    assert "4,0" in page  # the average (5+4+4+3+4)/5, with a decimal comma
    assert "Piektais ieteikums" in page


@pytest.mark.rule("3.5.2")
def test_results_are_for_the_head_and_administrators_only(survey, reception, admin, client_for):
    url = f"/voice/staff-surveys/{survey.pk}/results/"
    assert client_for(reception).get(url).status_code == 403
    assert client_for(admin).get(url).status_code == 200


@pytest.mark.rule("3.5.2")
def test_a_closed_survey_takes_no_answers(survey, admin, reception, client_for):
    surveys.staff_survey_close(actor=admin, survey=survey)
    assert client_for(reception).get(answer_url(survey)).status_code == 404
    with pytest.raises(ValidationError):
        surveys.staff_survey_answer(actor=reception, survey=survey, answers={})
    assert not StaffSurveyParticipation.objects.exists()


def test_the_survey_list_shows_open_surveys_to_staff(survey, reception, client_for):
    page = client_for(reception).get("/voice/staff-surveys/").content.decode()
    assert survey.title in page
    assert answer_url(survey) in page
