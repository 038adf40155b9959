from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0016_notification_threading"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewauthority",
            name="postal_address",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="postal address for formal forwarding"
            ),
        ),
        migrations.AddField(
            model_name="reviewauthority",
            name="works_in_desk",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Its people have accounts here and review items in the desk. Untick for an "
                    "authority outside the desk: its items are forwarded to it formally."
                ),
                verbose_name="works in the service desk",
            ),
        ),
    ]
