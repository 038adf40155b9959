from django.db import migrations, models


class Migration(migrations.Migration):
    """The register number is taken last in the registering transaction: until then the
    item's number in the year is empty (complaints.register.services.registration)."""

    dependencies = [
        ("complaints", "0014_register_search"),
        ("servicedesk", "0018_outbox_health"),
    ]

    operations = [
        migrations.AlterField(
            model_name="feedbackitem",
            name="sequence",
            field=models.PositiveIntegerField(null=True, verbose_name="number in the year"),
        ),
        migrations.AlterField(
            model_name="historicalfeedbackitem",
            name="sequence",
            field=models.PositiveIntegerField(null=True, verbose_name="number in the year"),
        ),
    ]
