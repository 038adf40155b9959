"""Reads of the client voice: the trust-line log (through the visibility gate), the staff
surveys a person may answer, and the staff survey's results (only from 5 answers on)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, QuerySet

from complaints.models import (
    Channel,
    StaffSurvey,
    StaffSurveyAnswer,
    StaffSurveyParticipation,
    StaffSurveyQuestion,
)
from complaints.selectors import ListedItem, complaints_visible_to, with_overdue

#: Results of a staff survey show only when at least this many answered (3.5.2): fewer
#: answers could be told apart.
MIN_STAFF_ANSWERS = 5


def trust_line_log(user: Any) -> QuerySet[ListedItem]:
    """Trust-line reports the user may see (the gate applies as everywhere), newest first."""
    return (
        with_overdue(complaints_visible_to(user).filter(channel=Channel.TRUST_LINE))
        .select_related("authority")
        .order_by("-received_on", "-pk")
    )


def staff_surveys_for(user: Any, *, manager: bool) -> QuerySet[StaffSurvey]:
    """Managers see every survey; the staff the open ones. Each carries ``answered`` (has
    this user answered) and ``answer_count``."""
    surveys = (
        StaffSurvey.objects.all()
        if manager
        else StaffSurvey.objects.filter(state=StaffSurvey.State.OPEN)
    )
    return surveys.annotate(
        answered=Exists(StaffSurveyParticipation.objects.filter(survey=OuterRef("pk"), user=user)),
        answer_count=Count("responses", distinct=True),
    ).order_by("-created_at", "-pk")


def has_answered(user: Any, survey: StaffSurvey) -> bool:
    return StaffSurveyParticipation.objects.filter(survey=survey, user=user).exists()


@dataclass
class QuestionResult:
    question: StaffSurveyQuestion
    count: int = 0
    average: float | None = None
    distribution: list[tuple[int, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: StaffSurvey
    answer_count: int
    shown: bool
    questions: list[QuestionResult]


def staff_survey_results(survey: StaffSurvey) -> SurveyResults:
    """Aggregates per question, computed in the database; nothing at all below
    ``MIN_STAFF_ANSWERS`` answers. Free-text answers come in the order of their random keys,
    not the order they were given."""
    count = survey.responses.count()
    if count < MIN_STAFF_ANSWERS:
        return SurveyResults(survey=survey, answer_count=count, shown=False, questions=[])
    questions = list(survey.questions.all())
    answers = StaffSurveyAnswer.objects.filter(question__survey=survey)
    stats: dict[int, tuple[int, float | None]] = {
        question_id: (n, avg)
        for question_id, n, avg in answers.values("question")
        .annotate(n=Count("id"), avg=Avg("scale"))
        .values_list("question", "n", "avg")
    }
    dist: dict[int, dict[int, int]] = {}
    for question_id, scale, n in (
        answers.filter(scale__isnull=False)
        .values("question", "scale")
        .annotate(n=Count("id"))
        .values_list("question", "scale", "n")
    ):
        if scale is not None:
            dist.setdefault(question_id, {})[scale] = n
    texts: dict[int, list[str]] = {}
    for question_id, text in (
        answers.exclude(text="").order_by("id").values_list("question", "text")
    ):
        texts.setdefault(question_id, []).append(text)
    results = []
    for question in questions:
        n, average = stats.get(question.pk, (0, None))
        results.append(
            QuestionResult(
                question=question,
                count=n,
                average=average,
                distribution=[(n, dist.get(question.pk, {}).get(n, 0)) for n in range(1, 6)],
                texts=texts.get(question.pk, []),
            )
        )
    return SurveyResults(survey=survey, answer_count=count, shown=True, questions=results)
