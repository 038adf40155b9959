import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_standard_answer"),
        ("servicedesk", "0016_notification_threading"),
    ]

    operations = [
        migrations.CreateModel(
            name="DispatchSequence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(unique=True)),
                ("last", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "outgoing number sequence",
                "verbose_name_plural": "outgoing number sequences",
            },
        ),
        migrations.CreateModel(
            name="Dispatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.CharField(max_length=40, unique=True, verbose_name="outgoing number"),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("seq", models.PositiveIntegerField(verbose_name="sequence number")),
                ("dated", models.DateField(verbose_name="date")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("acknowledgement", "Acknowledgement of receipt"),
                            ("submission_reply", "Reply to a submission"),
                            ("complaint_reply", "Reply to a complaint or suggestion"),
                            ("extension_notice", "Notice of an extended deadline"),
                            ("forwarding_notice", "Notice of forwarding"),
                            ("where_to_apply", "Where to apply"),
                            ("formal_forwarding", "Formal forwarding to an authority"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("email", "E-mail"),
                            ("letter", "Letter"),
                            ("in_person", "In person"),
                            ("e_address", "Official e-address"),
                        ],
                        max_length=10,
                        verbose_name="channel",
                    ),
                ),
                (
                    "channel_note",
                    models.CharField(blank=True, max_length=300, verbose_name="why this channel"),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("queued", "Queued for e-mail"),
                            ("sent", "Sent"),
                            ("failed", "E-mail failed"),
                            ("to_print", "To print"),
                            ("printed", "Printed, to post"),
                            ("posted", "Posted"),
                            ("to_hand", "To hand over"),
                            ("handed_over", "Handed over"),
                            ("to_send", "To send through the e-address portal"),
                        ],
                        max_length=12,
                        verbose_name="state",
                    ),
                ),
                (
                    "recipient_name",
                    models.CharField(blank=True, max_length=200, verbose_name="recipient"),
                ),
                ("postal_address", models.TextField(blank=True, verbose_name="postal address")),
                (
                    "email",
                    models.EmailField(blank=True, max_length=254, verbose_name="e-mail address"),
                ),
                ("subject", models.CharField(max_length=300, verbose_name="subject")),
                ("body", models.TextField(verbose_name="text")),
                (
                    "signer_name",
                    models.CharField(blank=True, max_length=200, verbose_name="signed by"),
                ),
                (
                    "signer_position",
                    models.CharField(blank=True, max_length=200, verbose_name="signer's position"),
                ),
                ("object_id", models.CharField(blank=True, max_length=40)),
                (
                    "scope_type",
                    models.CharField(
                        blank=True, editable=False, max_length=100, verbose_name="scope"
                    ),
                ),
                (
                    "scope_id",
                    models.PositiveBigIntegerField(
                        blank=True, editable=False, null=True, verbose_name="scope record"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("printed_at", models.DateTimeField(blank=True, null=True, verbose_name="printed")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="done")),
                (
                    "handed_to",
                    models.CharField(blank=True, max_length=200, verbose_name="handed to"),
                ),
                ("posted_on", models.DateField(blank=True, null=True, verbose_name="posted on")),
                (
                    "client",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="dispatches",
                        to="cases.client",
                        verbose_name="client",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="done by",
                    ),
                ),
                (
                    "notification",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="servicedesk.notification",
                        verbose_name="e-mail",
                    ),
                ),
            ],
            options={
                "verbose_name": "outgoing communication",
                "verbose_name_plural": "outgoing correspondence",
                "ordering": ["-dated", "-seq"],
            },
        ),
        migrations.AddIndex(
            model_name="dispatch",
            index=models.Index(fields=["state", "dated"], name="dispatch_state"),
        ),
        migrations.AddIndex(
            model_name="dispatch",
            index=models.Index(fields=["scope_type", "scope_id"], name="dispatch_scope"),
        ),
        migrations.AddIndex(
            model_name="dispatch",
            index=models.Index(fields=["content_type", "object_id"], name="dispatch_target"),
        ),
        migrations.AddIndex(
            model_name="dispatch",
            index=models.Index(fields=["posted_on"], name="dispatch_posted"),
        ),
        migrations.AddConstraint(
            model_name="dispatch",
            constraint=models.UniqueConstraint(
                fields=("year", "seq"), name="dispatch_number_per_year"
            ),
        ),
    ]
