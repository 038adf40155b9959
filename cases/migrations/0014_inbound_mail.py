"""E-mail in: mailboxes read over IMAP, each message kept once (2.1.1.1, 4.6, 4.12.3, 4.13)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import servicedesk.storage


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_client_choice_representatives"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="confirmed",
            field=models.BooleanField(default=True, verbose_name="identity confirmed"),
        ),
        migrations.AddField(
            model_name="client",
            name="email_undeliverable_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="e-mail address undeliverable since"
            ),
        ),
        migrations.AddField(
            model_name="historicalclient",
            name="confirmed",
            field=models.BooleanField(default=True, verbose_name="identity confirmed"),
        ),
        migrations.AddField(
            model_name="historicalclient",
            name="email_undeliverable_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="e-mail address undeliverable since"
            ),
        ),
        migrations.CreateModel(
            name="InboundEmail",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("mailbox", models.CharField(max_length=200, verbose_name="mailbox")),
                ("message_key", models.CharField(editable=False, max_length=300)),
                (
                    "uid_validity",
                    models.PositiveBigIntegerField(blank=True, editable=False, null=True),
                ),
                ("uid", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                (
                    "status",
                    models.CharField(
                        choices=[("filed", "Filed"), ("failed", "Failed")],
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("message", "Message"),
                            ("auto_reply", "Automatic reply"),
                            ("bounce", "Delivery failure report"),
                        ],
                        default="message",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("failure_reason", models.TextField(blank=True, verbose_name="why it failed")),
                ("attempts", models.PositiveSmallIntegerField(default=1, verbose_name="attempts")),
                (
                    "message_id",
                    models.CharField(
                        blank=True, db_index=True, max_length=500, verbose_name="Message-ID"
                    ),
                ),
                (
                    "in_reply_to",
                    models.CharField(blank=True, max_length=500, verbose_name="In-Reply-To"),
                ),
                ("references", models.TextField(blank=True, verbose_name="References")),
                (
                    "from_address",
                    models.EmailField(blank=True, max_length=254, verbose_name="from"),
                ),
                (
                    "from_name",
                    models.CharField(blank=True, max_length=200, verbose_name="sender's name"),
                ),
                ("to_addresses", models.TextField(blank=True, verbose_name="to")),
                ("subject", models.CharField(blank=True, max_length=500, verbose_name="subject")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                (
                    "received_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="received"
                    ),
                ),
                ("size", models.PositiveIntegerField(default=0, verbose_name="size")),
                ("text", models.TextField(blank=True, verbose_name="text")),
                ("quoted", models.TextField(blank=True, verbose_name="quoted history")),
                (
                    "original",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        storage=servicedesk.storage.private_storage,
                        upload_to="mail/%Y/%m/",
                        verbose_name="original message (.eml)",
                    ),
                ),
                (
                    "no_auto_answer",
                    models.BooleanField(
                        default=False,
                        help_text="An automatic reply, a list or a loop: the desk never answers it by itself.",
                        verbose_name="never answer automatically",
                    ),
                ),
                (
                    "case_reference",
                    models.CharField(blank=True, max_length=60, verbose_name="case number"),
                ),
                ("scope_type", models.CharField(blank=True, editable=False, max_length=100)),
                ("scope_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("taken_at", models.DateTimeField(blank=True, null=True, verbose_name="taken")),
                (
                    "assigned_to",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="inbound_emails",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="taken by",
                    ),
                ),
                (
                    "contact",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="inbound_email",
                        to="cases.contact",
                        verbose_name="contact",
                    ),
                ),
                (
                    "replies_to",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="email_replies",
                        to="cases.contact",
                        verbose_name="in reply to",
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="emails",
                        to="cases.writtensubmission",
                        verbose_name="written submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "incoming e-mail",
                "verbose_name_plural": "incoming e-mails",
                "ordering": ["-received_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="InboundAttachment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        storage=servicedesk.storage.private_storage,
                        upload_to="mail/files/%Y/%m/",
                        verbose_name="file",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("content_type", models.CharField(blank=True, max_length=100, verbose_name="type")),
                ("size", models.PositiveIntegerField(default=0, verbose_name="size")),
                ("rejected", models.TextField(blank=True, verbose_name="not accepted because")),
                (
                    "email",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attachments",
                        to="cases.inboundemail",
                        verbose_name="incoming e-mail",
                    ),
                ),
            ],
            options={
                "verbose_name": "e-mail attachment",
                "verbose_name_plural": "e-mail attachments",
                "ordering": ["pk"],
            },
        ),
        migrations.AddIndex(
            model_name="inboundemail",
            index=models.Index(
                fields=["status", "assigned_to", "-received_at"], name="inbound_queue"
            ),
        ),
        migrations.AddConstraint(
            model_name="inboundemail",
            constraint=models.UniqueConstraint(
                fields=("mailbox", "message_key"), name="inbound_email_once"
            ),
        ),
    ]
