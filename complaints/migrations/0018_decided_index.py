"""A partial index on the items' decision moment for the compliance report's clause 8: the
complaints decided in the period (complaints.reports.compliance ``_clause_8``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0017_feedback_month_tally"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="feedbackitem",
            index=models.Index(
                condition=models.Q(("decided_at__isnull", False)),
                fields=["decided_at"],
                name="feedback_decided",
            ),
        ),
    ]
