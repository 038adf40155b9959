"""The written explanation of the employee a complaint is about (2.1.4.1; Labour Law s. 90
before any reprimand). The reviewer writes what the employee is asked to explain; the employee
sees only this request, never the item (its gate, ``complaints.selectors``, stays the only way
to the item), and never who complained unless the reviewer chose to say so, which is recorded
with the name then shown. Written only through ``complaints.register.services.explanations``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models.register import FeedbackItem


class ExplanationRequest(models.Model):
    item = models.ForeignKey(
        FeedbackItem,
        on_delete=models.CASCADE,
        related_name="explanation_requests",
        verbose_name=_("item"),
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="explanation_requests",
        verbose_name=_("employee asked"),
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    question = models.TextField(_("what the employee is asked to explain"))
    # 2.1.4.1: who complained is not told unless the reviewer decides so; the decision and
    # the name then shown are kept.
    names_complainant = models.BooleanField(_("the complainant is named"), default=False)
    complainant = models.CharField(_("complainant named"), max_length=200, blank=True)
    answer_by = models.DateField(_("answer by"))
    answer = models.TextField(_("explanation"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for an explanation")
        verbose_name_plural = _("requests for an explanation")
        ordering = ["asked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(names_complainant=True) | Q(complainant=""),
                name="explanation_complainant_only_when_chosen",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answer="")
                | Q(answered_at__isnull=False) & ~Q(answer=""),
                name="explanation_answered_with_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.asked_at:%d.%m.%Y}"
