import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0011_explanations"),
        ("cases", "0019_submission_forwarding"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackitem",
            name="client",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="cases.client",
                verbose_name="client's card",
            ),
        ),
        migrations.AddField(
            model_name="feedbackitem",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="cases.contact",
                verbose_name="contact it came from",
            ),
        ),
        migrations.AddField(
            model_name="historicalfeedbackitem",
            name="client",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.client",
                verbose_name="client's card",
            ),
        ),
        migrations.AddField(
            model_name="historicalfeedbackitem",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.contact",
                verbose_name="contact it came from",
            ),
        ),
    ]
