"""2.1.4.4: every notification carries the confidentiality scope of what it is about
(servicedesk.scopes). Columns and an index only; the rows written before are given their scope
by the app that owns the scope root (complaints' migration "notification_scope_backfill")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0009_access_log_listings")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="scope_type",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="scope"
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="scope_id",
            field=models.PositiveBigIntegerField(
                blank=True, editable=False, null=True, verbose_name="scope record"
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["scope_type", "scope_id"], name="notification_scope"),
        ),
    ]
