"""The employee concerned is asked for an explanation (2.1.4.1)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0010_head_notice_institution_ethics"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AlterField(
            model_name="historyentry",
            name="event",
            field=models.CharField(
                choices=[
                    ("registered", "Registered"),
                    ("transition", "State changed"),
                    ("routed", "Routed"),
                    ("extended", "Deadline extended"),
                    ("anonymised", "Anonymised"),
                    ("rating_changed", "Survey rating changed"),
                    ("explanation_asked", "Employee asked for an explanation"),
                    ("explanation_given", "Employee's explanation received"),
                ],
                max_length=20,
                verbose_name="event",
            ),
        ),
        migrations.CreateModel(
            name="ExplanationRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("asked_at", models.DateTimeField(auto_now_add=True, verbose_name="asked at")),
                (
                    "question",
                    models.TextField(verbose_name="what the employee is asked to explain"),
                ),
                (
                    "names_complainant",
                    models.BooleanField(default=False, verbose_name="the complainant is named"),
                ),
                (
                    "complainant",
                    models.CharField(blank=True, max_length=200, verbose_name="complainant named"),
                ),
                ("answer_by", models.DateField(verbose_name="answer by")),
                ("answer", models.TextField(blank=True, verbose_name="explanation")),
                (
                    "answered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="answered at"),
                ),
                (
                    "asked_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="asked by",
                    ),
                ),
                (
                    "employee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="explanation_requests",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="employee asked",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="explanation_requests",
                        to="complaints.feedbackitem",
                        verbose_name="item",
                    ),
                ),
            ],
            options={
                "verbose_name": "request for an explanation",
                "verbose_name_plural": "requests for an explanation",
                "ordering": ["asked_at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("names_complainant", True), ("complainant", ""), _connector="OR"
                        ),
                        name="explanation_complainant_only_when_chosen",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("answer", ""), ("answered_at__isnull", True)),
                            models.Q(
                                ("answered_at__isnull", False),
                                models.Q(("answer", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="explanation_answered_with_text",
                    ),
                ],
            },
        ),
    ]
