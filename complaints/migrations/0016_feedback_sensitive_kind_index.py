"""An index on the items' subject kind for the visibility gate's "about the head" and the
content rule's "ethics" (complaints.selectors ``_items_of_kind``, docs/search.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0015_numbering"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="feedbackitem",
            index=models.Index(fields=["subject_kind", "id"], name="feedback_sensitive_kind"),
        ),
    ]
