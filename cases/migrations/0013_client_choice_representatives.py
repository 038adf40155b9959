"""The client's choice of channel, booked visits, cooperation partners, representatives
(4.2, 4.1.4, 2.1.6.2)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_remedies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalRepresentative",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="representative's name")),
                (
                    "relation",
                    models.CharField(
                        help_text="E.g. daughter, accountant.",
                        max_length=100,
                        verbose_name="relation to the client",
                    ),
                ),
                (
                    "scope",
                    models.CharField(
                        choices=[
                            ("all", "All matters"),
                            ("billing", "Bills and payments"),
                            ("contract", "The service contract"),
                        ],
                        max_length=10,
                        verbose_name="scope of the mandate",
                    ),
                ),
                ("valid_until", models.DateField(verbose_name="valid until")),
                (
                    "document_reference",
                    models.CharField(
                        help_text="Its number, date or notary.",
                        max_length=100,
                        verbose_name="mandate document",
                    ),
                ),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="registered"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical representative",
                "verbose_name_plural": "historical representatives",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalVisit",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("starts_at", models.DateTimeField(verbose_name="time")),
                (
                    "purpose",
                    models.CharField(max_length=300, verbose_name="what the visit is about"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("booked", "Booked"), ("cancelled", "Cancelled")],
                        default="booked",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="booked"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical visit",
                "verbose_name_plural": "historical visits",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Representative",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="representative's name")),
                (
                    "relation",
                    models.CharField(
                        help_text="E.g. daughter, accountant.",
                        max_length=100,
                        verbose_name="relation to the client",
                    ),
                ),
                (
                    "scope",
                    models.CharField(
                        choices=[
                            ("all", "All matters"),
                            ("billing", "Bills and payments"),
                            ("contract", "The service contract"),
                        ],
                        max_length=10,
                        verbose_name="scope of the mandate",
                    ),
                ),
                ("valid_until", models.DateField(verbose_name="valid until")),
                (
                    "document_reference",
                    models.CharField(
                        help_text="Its number, date or notary.",
                        max_length=100,
                        verbose_name="mandate document",
                    ),
                ),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="registered")),
            ],
            options={
                "verbose_name": "representative",
                "verbose_name_plural": "representatives",
                "ordering": ["-valid_until", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Visit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_at", models.DateTimeField(verbose_name="time")),
                (
                    "purpose",
                    models.CharField(max_length=300, verbose_name="what the visit is about"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("booked", "Booked"), ("cancelled", "Cancelled")],
                        default="booked",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="booked")),
            ],
            options={
                "verbose_name": "visit",
                "verbose_name_plural": "visits",
                "ordering": ["starts_at", "pk"],
            },
        ),
        migrations.AddField(
            model_name="client",
            name="is_cooperation_partner",
            field=models.BooleanField(default=False, verbose_name="cooperation partner (4.1.4)"),
        ),
        migrations.AddField(
            model_name="client",
            name="partner_agreement",
            field=models.CharField(
                blank=True,
                help_text="Its number or reference; needed for a cooperation partner.",
                max_length=100,
                verbose_name="cooperation agreement",
            ),
        ),
        migrations.AddField(
            model_name="client",
            name="partner_agreement_date",
            field=models.DateField(blank=True, null=True, verbose_name="agreement date"),
        ),
        migrations.AddField(
            model_name="contact",
            name="caller_identity",
            field=models.CharField(
                blank=True,
                choices=[
                    ("personal_code", "Personal code"),
                    ("number_address", "Contract number and service address"),
                    ("id_document", "In person, with an identity document"),
                    ("not_checked", "Not checked"),
                ],
                max_length=15,
                verbose_name="identity checked by",
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="caller_role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("client", "The client"),
                    ("representative", "A registered representative"),
                    ("third_party", "Someone else"),
                ],
                max_length=15,
                verbose_name="the caller is",
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="client_choice",
            field=models.CharField(
                blank=True,
                choices=[
                    ("visit", "A visit"),
                    ("written", "A written submission"),
                    ("phone", "Continue by phone"),
                    ("declined", "Declined the offer"),
                ],
                max_length=10,
                verbose_name="the client chose (4.2)",
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="document_review_requested",
            field=models.BooleanField(
                default=False, verbose_name="asked to assess a document (4.1.4)"
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="nothing_disclosed",
            field=models.BooleanField(
                default=False, verbose_name="nothing disclosed to a third party (2.1.6.2)"
            ),
        ),
        migrations.AddField(
            model_name="historicalclient",
            name="is_cooperation_partner",
            field=models.BooleanField(default=False, verbose_name="cooperation partner (4.1.4)"),
        ),
        migrations.AddField(
            model_name="historicalclient",
            name="partner_agreement",
            field=models.CharField(
                blank=True,
                help_text="Its number or reference; needed for a cooperation partner.",
                max_length=100,
                verbose_name="cooperation agreement",
            ),
        ),
        migrations.AddField(
            model_name="historicalclient",
            name="partner_agreement_date",
            field=models.DateField(blank=True, null=True, verbose_name="agreement date"),
        ),
        migrations.AddField(
            model_name="historicalcontact",
            name="caller_identity",
            field=models.CharField(
                blank=True,
                choices=[
                    ("personal_code", "Personal code"),
                    ("number_address", "Contract number and service address"),
                    ("id_document", "In person, with an identity document"),
                    ("not_checked", "Not checked"),
                ],
                max_length=15,
                verbose_name="identity checked by",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontact",
            name="caller_role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("client", "The client"),
                    ("representative", "A registered representative"),
                    ("third_party", "Someone else"),
                ],
                max_length=15,
                verbose_name="the caller is",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontact",
            name="client_choice",
            field=models.CharField(
                blank=True,
                choices=[
                    ("visit", "A visit"),
                    ("written", "A written submission"),
                    ("phone", "Continue by phone"),
                    ("declined", "Declined the offer"),
                ],
                max_length=10,
                verbose_name="the client chose (4.2)",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontact",
            name="document_review_requested",
            field=models.BooleanField(
                default=False, verbose_name="asked to assess a document (4.1.4)"
            ),
        ),
        migrations.AddField(
            model_name="historicalcontact",
            name="nothing_disclosed",
            field=models.BooleanField(
                default=False, verbose_name="nothing disclosed to a third party (2.1.6.2)"
            ),
        ),
        migrations.AlterField(
            model_name="contactoutcome",
            name="code",
            field=models.CharField(
                choices=[
                    ("answered", "Answered"),
                    ("referred_specialist", "Referred to a specialist (2.1.2.3)"),
                    ("referred_institution", "Referred to a competent institution (4.1.1)"),
                    ("callback", "Callback arranged (4.3.1)"),
                    ("reply_by_email", "Answer by e-mail instead of a call (4.3.1, 4.13)"),
                    ("consulted", "Consulted a contact person (4.3.2)"),
                    ("advised_written", "Advised a written submission (2.1.2.2)"),
                    ("drafted_submission", "Drafted a submission for the client (2.1.2.2)"),
                    ("offer_made", "Offered a visit or a written submission (4.2)"),
                    ("foreign_language", "Told to write: foreign language (4.5)"),
                    ("forwarded_to_records", "Forwarded to records (4.6)"),
                    ("submission_registered", "Written submission registered"),
                    ("article_sent", "Procedure sent to the client (2.1.2.1)"),
                    ("ended_after_warning", "Call ended after a warning (4.12.2)"),
                    ("abusive_email_refused", "Abusive e-mail: refusal sent (4.12.3)"),
                    ("conflict", "Conflict log opened (4.12.1)"),
                    ("order_issue", "Order issue reported (4.10.1)"),
                    ("our_error", "Our error (2.1.1.2)"),
                    ("visit_booked", "Visit booked (4.2)"),
                    (
                        "document_review_refused",
                        "Document review refused: not a cooperation partner (4.1.4)",
                    ),
                    (
                        "document_review_partner",
                        "Document review for a cooperation partner (4.1.4)",
                    ),
                    ("nothing_disclosed", "Third party: nothing disclosed (2.1.6.2)"),
                ],
                max_length=30,
                verbose_name="outcome",
            ),
        ),
        migrations.AddConstraint(
            model_name="client",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("is_cooperation_partner", False),
                    models.Q(
                        models.Q(("partner_agreement", ""), _negated=True),
                        ("partner_agreement_date__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="client_partner_needs_agreement",
            ),
        ),
        migrations.AddField(
            model_name="historicalrepresentative",
            name="client",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.client",
                verbose_name="client",
            ),
        ),
        migrations.AddField(
            model_name="historicalrepresentative",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="registered by",
            ),
        ),
        migrations.AddField(
            model_name="historicalrepresentative",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalvisit",
            name="booked_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="booked by",
            ),
        ),
        migrations.AddField(
            model_name="historicalvisit",
            name="client",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.client",
                verbose_name="client",
            ),
        ),
        migrations.AddField(
            model_name="historicalvisit",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.contact",
                verbose_name="contact",
            ),
        ),
        migrations.AddField(
            model_name="historicalvisit",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="representative",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="representatives",
                to="cases.client",
                verbose_name="client",
            ),
        ),
        migrations.AddField(
            model_name="representative",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="registered by",
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="representative",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="contacts",
                to="cases.representative",
                verbose_name="representative",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontact",
            name="representative",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.representative",
                verbose_name="representative",
            ),
        ),
        migrations.AddField(
            model_name="visit",
            name="booked_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="booked by",
            ),
        ),
        migrations.AddField(
            model_name="visit",
            name="client",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="visits",
                to="cases.client",
                verbose_name="client",
            ),
        ),
        migrations.AddField(
            model_name="visit",
            name="contact",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="visits",
                to="cases.contact",
                verbose_name="contact",
            ),
        ),
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "booked")),
                fields=("starts_at",),
                name="visit_slot_once",
            ),
        ),
    ]
