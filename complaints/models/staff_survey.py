"""The staff survey (3.5.2): a questionnaire, its questions, who has answered (a marker only)
and the anonymous answers. Written only by ``complaints.voice.services``; see
docs/client-voice.md."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StaffSurvey(models.Model):
    """An internal questionnaire for the staff (3.5.2), composed by an administrator."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("composed by"),
    )
    created_at = models.DateTimeField(_("composed at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff survey")
        verbose_name_plural = _("staff surveys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class StaffSurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale 1–5")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(
        StaffSurvey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("answer"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("staff survey question")
        verbose_name_plural = _("staff survey questions")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="staff_question_position"),
        ]

    def __str__(self) -> str:
        return self.text


class StaffSurveyParticipation(models.Model):
    """Only the marker that a person has answered (so they cannot answer twice). It holds no
    time and no link to the answers: nothing ties a person to what they said."""

    survey = models.ForeignKey(
        StaffSurvey,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("survey"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )

    class Meta:
        verbose_name = _("staff survey participation")
        verbose_name_plural = _("staff survey participations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="staff_survey_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.user_id}"


class StaffSurveyResponse(models.Model):
    """One person's answers, anonymous: a random key (no sequence that could be matched to
    the order of the participation markers), no user, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        StaffSurvey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )

    class Meta:
        verbose_name = _("staff survey response")
        verbose_name_plural = _("staff survey responses")

    def __str__(self) -> str:
        return str(self.id)


class StaffSurveyAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        StaffSurveyResponse,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("response"),
    )
    question = models.ForeignKey(
        StaffSurveyQuestion,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("question"),
    )
    scale = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("staff survey answer")
        verbose_name_plural = _("staff survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="staff_answer_once"),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="staff_answer_scale_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}"
