"""Remedies of the institution's errors, with owner and deadline (2.1.1.2)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_conflicts_live_consultation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations: list[migrations.operations.base.Operation] = [
        migrations.CreateModel(
            name="Remedy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("action", models.TextField(verbose_name="what will be done")),
                ("due_on", models.DateField(verbose_name="deadline")),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
                        default="open",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("opened_at", models.DateTimeField(auto_now_add=True, verbose_name="opened")),
                (
                    "outcome",
                    models.TextField(
                        blank=True, verbose_name="what was done or why it was cancelled"
                    ),
                ),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="closed")),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="closed by",
                    ),
                ),
                (
                    "contact",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="remedies",
                        to="cases.contact",
                        verbose_name="contact",
                    ),
                ),
                (
                    "opened_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="opened by",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="remedies",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="responsible employee",
                    ),
                ),
            ],
            options={
                "verbose_name": "remedy",
                "verbose_name_plural": "remedies",
                "ordering": ["due_on", "pk"],
            },
        ),
        migrations.AddIndex(
            model_name="remedy",
            index=models.Index(fields=["owner", "status", "due_on"], name="remedy_owner_queue"),
        ),
        migrations.AddConstraint(
            model_name="remedy",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("closed_at__isnull", True), ("outcome", ""), ("status", "open")),
                    models.Q(
                        models.Q(("status", "open"), _negated=True),
                        ("closed_at__isnull", False),
                        models.Q(("outcome", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="remedy_closed_with_outcome",
            ),
        ),
    ]
