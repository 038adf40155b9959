"""The knowledge-base editor role (2.1.4.2): edits the articles in the desk. The name is a
stable identifier; ``servicedesk.roles`` gives its label and what it may do."""

from django.db import migrations

ROLE = "knowledge_editor"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0011_data_requests_and_breaches"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role, remove_role)]
