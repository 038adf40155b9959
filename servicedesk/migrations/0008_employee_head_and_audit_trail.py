"""The employee's durable head mark (7.2) and its audit trail (2.1.4.4, 2.1.6).

Existing employees whose user has the head role or sits in the HEAD review authority are
marked as head, and each employee gets a first history row, so the trail knows who is linked
to which record from now on."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone

COPIED = (
    "id",
    "first_name",
    "last_name",
    "position",
    "room",
    "phone",
    "email",
    "client_facing",
    "photo",
    "work_id_number",
    "work_id_valid_until",
    "language",
    "is_head",
    "is_active",
    "unit_id",
    "user_id",
)


def mark_heads_and_start_trail(apps, schema_editor):
    Employee = apps.get_model("servicedesk", "Employee")
    HistoricalEmployee = apps.get_model("servicedesk", "HistoricalEmployee")
    Employee.objects.filter(
        Q(user__groups__name="head") | Q(user__review_authorities__kind="head")
    ).update(is_head=True)
    now = timezone.now()
    HistoricalEmployee.objects.bulk_create(
        HistoricalEmployee(
            **{name: getattr(employee, name) for name in COPIED},
            history_date=now,
            history_type="+",
            history_change_reason="",
        )
        for employee in Employee.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0007_unaccent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="employee",
            name="is_head",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "The head of the institution (a board member). A complaint naming this "
                    "employee is a complaint about the head and goes to the municipal "
                    "executive director (7.2), whichever user account is linked to the record."
                ),
                verbose_name="head of institution",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalEmployee",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("first_name", models.CharField(max_length=100, verbose_name="first name")),
                ("last_name", models.CharField(max_length=100, verbose_name="surname")),
                ("position", models.CharField(max_length=200, verbose_name="position")),
                ("room", models.CharField(blank=True, max_length=40, verbose_name="room")),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                (
                    "client_facing",
                    models.BooleanField(
                        default=False,
                        help_text="Shown in the public staff directory (rule 3.3).",
                        verbose_name="serves clients",
                    ),
                ),
                ("photo", models.TextField(blank=True, max_length=100, verbose_name="photo")),
                (
                    "work_id_number",
                    models.CharField(blank=True, max_length=40, verbose_name="work ID number"),
                ),
                (
                    "work_id_valid_until",
                    models.DateField(blank=True, null=True, verbose_name="work ID valid until"),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("lv", "Latvian"), ("en", "English")],
                        default="lv",
                        max_length=5,
                        verbose_name="language of notifications",
                    ),
                ),
                (
                    "is_head",
                    models.BooleanField(
                        default=False,
                        help_text=(
                            "The head of the institution (a board member). A complaint naming "
                            "this employee is a complaint about the head and goes to the "
                            "municipal executive director (7.2), whichever user account is "
                            "linked to the record."
                        ),
                        verbose_name="head of institution",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                        max_length=1,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="servicedesk.structuralunit",
                        verbose_name="structural unit",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user account",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical employee",
                "verbose_name_plural": "historical employees",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(mark_heads_and_start_trail, migrations.RunPython.noop),
    ]
