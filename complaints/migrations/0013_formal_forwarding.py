from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0012_client_links"),
        ("servicedesk", "0017_authority_outside_desk"),
    ]

    operations = [
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
                    ("formally_forwarded", "Forwarded to an authority outside the desk"),
                ],
                max_length=20,
                verbose_name="event",
            ),
        ),
    ]
