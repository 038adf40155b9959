"""The client look-up's search text (``Client.search_text``: name, contract number and e-mail
folded, kept by ``Client.save``), filled for the clients already on file; on PostgreSQL a
trigram index on it and on the phone numbers (a part of a number), in place of the index on
the raw name that no search reads any more (docs/search.md)."""

from django.db import migrations, models

from servicedesk.search import folded_words

BATCH = 2000


def fill(apps, schema_editor):
    Client = apps.get_model("cases", "Client")
    rows = Client.objects.order_by("pk").only("name", "contract_number", "email")
    batch = []
    for client in rows.iterator(chunk_size=BATCH):
        client.search_text = folded_words(client.name, client.contract_number, client.email)
        batch.append(client)
        if len(batch) == BATCH:
            Client.objects.bulk_update(batch, ["search_text"])
            batch = []
    Client.objects.bulk_update(batch, ["search_text"])


def indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS client_search_trgm "
        "ON cases_client USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS client_phone_trgm "
        "ON cases_clientphone USING gin (number gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS cases_client_name_trgm")


def indexes_back(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS client_search_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS client_phone_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cases_client_name_trgm "
        "ON cases_client USING gin (name gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0019_submission_forwarding"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(indexes, indexes_back),
    ]
