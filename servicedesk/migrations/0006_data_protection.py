"""2.1.6: the data protection contact's role, the administrators' read access to the audit
records in the admin, and on PostgreSQL a trigger that keeps the access log append-only
(UPDATE and DELETE are refused by the database itself, whoever connects)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUDIT_MODELS = ["accesslog", "datasubjectrequest", "retentionrun"]

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION servicedesk_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'servicedesk_accesslog is append-only (2.1.6)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER servicedesk_accesslog_append_only
    BEFORE UPDATE OR DELETE ON servicedesk_accesslog
    FOR EACH ROW EXECUTE FUNCTION servicedesk_accesslog_append_only();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS servicedesk_accesslog_append_only ON servicedesk_accesslog;
DROP FUNCTION IF EXISTS servicedesk_accesslog_append_only();
"""


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="data_protection")
    app_config = apps.get_app_config("servicedesk")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(
        content_type__app_label="servicedesk",
        codename__in=[f"view_{m}" for m in AUDIT_MODELS],
    )
    admin_group, _ = Group.objects.get_or_create(name="administrator")
    admin_group.permissions.add(*view)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)
    apps.get_model("auth", "Group").objects.filter(name="data_protection").delete()


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0005_audit")]

    operations = [migrations.RunPython(forwards, backwards)]
