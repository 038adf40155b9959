"""PostgreSQL only: the pg_trgm and unaccent extensions and a trigram index for client name
search ("Berzina" finds "Bērziņa").
SQLite has no such thing; the client search falls back to ``icontains`` there."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cases_client_name_trgm "
        "ON cases_client USING gin (name gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cases_client_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
