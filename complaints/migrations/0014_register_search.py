"""The registers' keyword search and orders: ``FeedbackItem.search_names`` (number and
client's name folded) and ``search_text`` (the text stemmed and folded), kept by
``FeedbackItem.save`` and filled here for the items already registered; indexes for the
orders of the lists (number, reply date, kind, channel, state, and the work lists' "reply
still owed, then by date", ``complaints.models.register.reply_owed``); on PostgreSQL
trigram indexes on both search columns (docs/search.md)."""

from django.db import migrations, models

from servicedesk.search import folded_words, stem_words

BATCH = 1000


def fill(apps, schema_editor):
    FeedbackItem = apps.get_model("complaints", "FeedbackItem")
    rows = FeedbackItem.objects.order_by("pk").only("register_number", "client_name", "text")
    batch = []
    for item in rows.iterator(chunk_size=BATCH):
        item.search_names = folded_words(item.register_number, item.client_name)
        item.search_text = stem_words(item.text)
        batch.append(item)
        if len(batch) == BATCH:
            FeedbackItem.objects.bulk_update(batch, ["search_names", "search_text"])
            batch = []
    FeedbackItem.objects.bulk_update(batch, ["search_names", "search_text"])


def indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in ("search_names", "search_text"):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS feedback_{column}_trgm "
            f"ON complaints_feedbackitem USING gin ({column} gin_trgm_ops)"
        )


def indexes_back(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in ("search_names", "search_text"):
        schema_editor.execute(f"DROP INDEX IF EXISTS feedback_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0013_formal_forwarding"),
        ("cases", "0020_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackitem",
            name="search_names",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="feedbackitem",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddIndex(
            model_name="feedbackitem",
            index=models.Index(fields=["year", "sequence", "id"], name="feedback_number_order"),
        ),
        migrations.AddIndex(
            model_name="feedbackitem",
            index=models.Index(fields=["reply_due", "id"], name="feedback_reply_due_order"),
        ),
        migrations.AddIndex(
            model_name="feedbackitem",
            index=models.Index(fields=["kind", "id"], name="feedback_kind_order"),
        ),
        migrations.AddIndex(
            model_name="feedbackitem",
            index=models.Index(fields=["channel", "id"], name="feedback_channel_order"),
        ),
        migrations.AddIndex(
            model_name="feedbackitem",
            index=models.Index(fields=["state", "id"], name="feedback_state_order"),
        ),
        migrations.AddIndex(
            model_name="feedbackitem",
            index=models.Index(
                models.Case(
                    models.When(
                        state__in=[
                            "acknowledged",
                            "decided",
                            "registered",
                            "reopened",
                            "under_review",
                        ],
                        then=models.Value(0),
                    ),
                    default=models.Value(1),
                    output_field=models.IntegerField(),
                ),
                models.F("reply_due"),
                models.F("id"),
                name="feedback_urgency_order",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(indexes, indexes_back),
    ]
