"""The compliance inspector role: opens the compliance report for a read-only audit and
nothing else that is personal. The name is a stable identifier; ``servicedesk.roles`` gives
its label and what it may do."""

from django.db import migrations

ROLE = "compliance_inspector"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0014_acknowledgement_register"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role, remove_role)]
