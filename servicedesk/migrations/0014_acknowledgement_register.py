"""Every employee in the acknowledgement register, with or without a login (9): the signed
acknowledgement sheets of a version and the signatures read from them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import servicedesk.models.rules
import servicedesk.storage


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0013_institution_ethics"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RulesSignedSheet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("scan", "scan of the signed paper sheet"),
                            ("e_document", "signed e-document"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        max_length=200,
                        storage=servicedesk.storage.private_storage,
                        upload_to=servicedesk.models.rules._sheet_path,
                        verbose_name="file",
                    ),
                ),
                ("original_name", models.CharField(max_length=200, verbose_name="file name")),
                ("content_type", models.CharField(max_length=100, verbose_name="content type")),
                ("size", models.PositiveIntegerField(verbose_name="size in bytes")),
                (
                    "uploaded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signed_sheets",
                        to="servicedesk.rulesversion",
                        verbose_name="version",
                    ),
                ),
            ],
            options={
                "verbose_name": "signed acknowledgement sheet",
                "verbose_name_plural": "signed acknowledgement sheets",
                "ordering": ["uploaded_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="RulesSignature",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("signed_on", models.DateField(verbose_name="signed on")),
                (
                    "recorded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
                ),
                (
                    "employee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rules_signatures",
                        to="servicedesk.employee",
                        verbose_name="employee",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signatures",
                        to="servicedesk.rulesversion",
                        verbose_name="version",
                    ),
                ),
                (
                    "sheet",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signatures",
                        to="servicedesk.rulessignedsheet",
                        verbose_name="signed sheet",
                    ),
                ),
            ],
            options={
                "verbose_name": "rules signature",
                "verbose_name_plural": "rules signatures",
                "constraints": [
                    models.UniqueConstraint(fields=("version", "employee"), name="sign_rules_once")
                ],
            },
        ),
    ]
