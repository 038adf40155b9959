from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0017_authority_outside_desk"),
    ]

    operations = [
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                ("seen_at", models.DateTimeField(verbose_name="last seen")),
            ],
            options={
                "verbose_name": "worker heartbeat",
                "verbose_name_plural": "worker heartbeats",
            },
        ),
        migrations.AddField(
            model_name="notification",
            name="warned_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="warned"
            ),
        ),
    ]
