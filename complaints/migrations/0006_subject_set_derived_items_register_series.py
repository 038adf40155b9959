"""Who an item is about, fixed at registration (2.1.4.4); items derived from others; one
register series per review authority; the routing table never sends complaints about the
head to the head (7.2).

Before the new check constraint, a routing row that sends complaints about the head to the
head (an administrator could edit it so) is put back to the executive director. Existing
items get their subject set from what is known now: the subject employee's user, and for a
complaint about the head every head. Their numbers (the single series of before) stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q


def route_head_complaints_away_from_head(apps, schema_editor):
    RoutingRule = apps.get_model("complaints", "RoutingRule")
    RoutingRule.objects.filter(
        item_kind="complaint", subject_kind="head", authority_kind="head"
    ).update(authority_kind="executive_director", clause="7.2")


def fill_subject_sets(apps, schema_editor):
    FeedbackItem = apps.get_model("complaints", "FeedbackItem")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    heads = list(
        User.objects.filter(
            Q(groups__name="head") | Q(review_authorities__kind="head") | Q(employee__is_head=True)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    Through = FeedbackItem.subject_users.through
    rows = []
    items = FeedbackItem.objects.filter(
        Q(subject_employee__isnull=False) | Q(subject_kind="head")
    ).select_related("subject_employee")
    for item in items.iterator():
        ids = set()
        employee = item.subject_employee
        if employee is not None and employee.user_id is not None:
            ids.add(employee.user_id)
        if item.subject_kind == "head" or (employee is not None and employee.is_head):
            ids.update(heads)
        rows += [Through(feedbackitem_id=item.pk, user_id=pk) for pk in ids]
    Through.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0005_labels"),
        ("servicedesk", "0008_employee_head_and_audit_trail"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(route_head_complaints_away_from_head, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="feedbackitem",
            name="feedback_year_sequence",
        ),
        migrations.AddField(
            model_name="feedbackitem",
            name="derived_from",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="derived_items",
                to="complaints.feedbackitem",
                verbose_name="arose from",
            ),
        ),
        migrations.AddField(
            model_name="feedbackitem",
            name="series",
            field=models.CharField(
                blank=True,
                choices=[
                    ("head", "Head of institution"),
                    ("executive_director", "Municipal executive director"),
                    ("ethics_commission", "Municipal Ethics Commission"),
                ],
                default="",
                help_text="The review authority whose register numbered it; re-routing keeps it.",
                max_length=30,
                verbose_name="register series",
            ),
        ),
        migrations.AddField(
            model_name="feedbackitem",
            name="subject_users",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="people it is about",
            ),
        ),
        migrations.AddField(
            model_name="historicalfeedbackitem",
            name="derived_from",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="complaints.feedbackitem",
                verbose_name="arose from",
            ),
        ),
        migrations.AddField(
            model_name="historicalfeedbackitem",
            name="series",
            field=models.CharField(
                blank=True,
                choices=[
                    ("head", "Head of institution"),
                    ("executive_director", "Municipal executive director"),
                    ("ethics_commission", "Municipal Ethics Commission"),
                ],
                default="",
                help_text="The review authority whose register numbered it; re-routing keeps it.",
                max_length=30,
                verbose_name="register series",
            ),
        ),
        migrations.AddField(
            model_name="registercounter",
            name="series",
            field=models.CharField(
                blank=True,
                choices=[
                    ("head", "Head of institution"),
                    ("executive_director", "Municipal executive director"),
                    ("ethics_commission", "Municipal Ethics Commission"),
                ],
                default="",
                max_length=30,
                verbose_name="register series",
            ),
        ),
        migrations.AlterField(
            model_name="registercounter",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="year"),
        ),
        migrations.AddConstraint(
            model_name="feedbackitem",
            constraint=models.UniqueConstraint(
                fields=("year", "series", "sequence"), name="feedback_year_series_sequence"
            ),
        ),
        migrations.AddConstraint(
            model_name="registercounter",
            constraint=models.UniqueConstraint(
                fields=("year", "series"), name="register_counter_series"
            ),
        ),
        migrations.AddConstraint(
            model_name="routingrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("authority_kind", "head"),
                    ("item_kind", "complaint"),
                    ("subject_kind", "head"),
                    _negated=True,
                ),
                name="routing_rule_never_to_its_subject",
                violation_error_message="A complaint about the head cannot be reviewed by the head: it goes to the municipal executive director (clauses 7.2 and 2.1.4.4).",
            ),
        ),
        migrations.RunPython(fill_subject_sets, migrations.RunPython.noop),
    ]
