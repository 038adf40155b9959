import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0018_dispatch"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalwrittensubmission",
            name="extension_notice",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.dispatch",
                verbose_name="extension notice",
            ),
        ),
        migrations.AddField(
            model_name="historicalwrittensubmission",
            name="formal_forwarding",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.dispatch",
                verbose_name="formal forwarding",
            ),
        ),
        migrations.AddField(
            model_name="historicalwrittensubmission",
            name="forwarded_late",
            field=models.BooleanField(
                default=False, verbose_name="forwarded after the forwarding period"
            ),
        ),
        migrations.AddField(
            model_name="historicalwrittensubmission",
            name="forwarding_notice",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.dispatch",
                verbose_name="forwarding notice",
            ),
        ),
        migrations.AddField(
            model_name="historicalwrittensubmission",
            name="referral_notice",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.dispatch",
                verbose_name="where-to-apply notice",
            ),
        ),
        migrations.AddField(
            model_name="historicalwrittensubmission",
            name="referred_to",
            field=models.TextField(
                blank=True, verbose_name="where the submitter was told to apply"
            ),
        ),
        migrations.AddField(
            model_name="historicalwrittensubmission",
            name="reminded_forward_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="writtensubmission",
            name="extension_notice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.dispatch",
                verbose_name="extension notice",
            ),
        ),
        migrations.AddField(
            model_name="writtensubmission",
            name="formal_forwarding",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.dispatch",
                verbose_name="formal forwarding",
            ),
        ),
        migrations.AddField(
            model_name="writtensubmission",
            name="forwarded_late",
            field=models.BooleanField(
                default=False, verbose_name="forwarded after the forwarding period"
            ),
        ),
        migrations.AddField(
            model_name="writtensubmission",
            name="forwarding_notice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.dispatch",
                verbose_name="forwarding notice",
            ),
        ),
        migrations.AddField(
            model_name="writtensubmission",
            name="referral_notice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.dispatch",
                verbose_name="where-to-apply notice",
            ),
        ),
        migrations.AddField(
            model_name="writtensubmission",
            name="referred_to",
            field=models.TextField(
                blank=True, verbose_name="where the submitter was told to apply"
            ),
        ),
        migrations.AddField(
            model_name="writtensubmission",
            name="reminded_forward_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="historicalwrittensubmission",
            name="status",
            field=models.CharField(
                choices=[
                    ("open", "Being reviewed"),
                    ("forwarded", "Forwarded to the competent institution"),
                    ("replied", "Replied"),
                    ("referred", "Submitter told where to apply"),
                ],
                default="open",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="writtensubmission",
            name="status",
            field=models.CharField(
                choices=[
                    ("open", "Being reviewed"),
                    ("forwarded", "Forwarded to the competent institution"),
                    ("replied", "Replied"),
                    ("referred", "Submitter told where to apply"),
                ],
                default="open",
                max_length=10,
                verbose_name="status",
            ),
        ),
    ]
