"""PostgreSQL: the ``unaccent`` extension, for searches that ignore diacritics
(servicedesk/search.py). SQLite gets a function of its own on every connection instead."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0006_data_protection")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
