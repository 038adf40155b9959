"""2.1.6.1: a list, a search or an export is one access log row — no record number, how many
records it returned and the numbers of those shown (servicedesk.personal_data). Only columns
are added and one made nullable: no row is updated, so the append-only trigger is untouched."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0008_employee_head_and_audit_trail")]

    operations = [
        migrations.AddField(
            model_name="accesslog",
            name="record_ids",
            field=models.TextField(blank=True, editable=False, verbose_name="records shown"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="result_count",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="records returned"
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("download", "Downloaded"),
                    ("export", "Exported (data subject request)"),
                    ("list", "Listed or searched"),
                    ("bulk", "Exported (list or register)"),
                ],
                max_length=10,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="record_id",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, verbose_name="record number"
            ),
        ),
    ]
