"""Roles as groups. The names are stable identifiers; ``servicedesk.roles``
gives their translated labels and what each may do."""

from django.db import migrations

ROLES = [
    "front_desk",
    "contact_person",
    "unit_head",
    "head",
    "executive_director",
    "ethics_member",
    "administrator",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
