"""Administrators manage the organisation in the Django admin.

The ``administrator`` group gets add/change/delete/view on the organisation's models. On a fresh
database the permissions do not exist yet while migrating (Django creates them after
``migrate``), so they are created here first."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ORGANISATION_MODELS = [
    "institution",
    "topic",
    "structuralunit",
    "employee",
    "receptionhours",
    "receptionexception",
    "competentinstitution",
    "reviewauthority",
]
ACTIONS = ["add", "change", "delete", "view"]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in ORGANISATION_MODELS for action in ACTIONS]
    return Permission.objects.filter(content_type__app_label="servicedesk", codename__in=codenames)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("servicedesk")
    # create_permissions skips an app without a models module, as historical apps are.
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name="administrator")
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="administrator").first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0002_roles"),
        ("servicedesk", "0003_rules_version_1"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
