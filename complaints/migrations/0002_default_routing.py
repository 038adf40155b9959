"""The routing table's defaults from the rules (7.1–7.3, 4.11). Administrators may change
the rows later; this migration only seeds them."""

from django.db import migrations

DEFAULTS = [
    # (item kind, subject of complaint, review authority, clause)
    ("complaint", "service", "head", "7.1"),
    ("complaint", "employee", "head", "7.1"),
    ("complaint", "head", "executive_director", "7.2"),
    ("complaint", "ethics", "ethics_commission", "7.3"),
    ("suggestion", "", "head", "4.11"),
    ("claim", "", "head", "4.11"),
    ("feedback", "", "head", "4.11"),
]


def seed(apps, schema_editor):
    RoutingRule = apps.get_model("complaints", "RoutingRule")
    for item_kind, subject_kind, authority_kind, clause in DEFAULTS:
        RoutingRule.objects.get_or_create(
            item_kind=item_kind,
            subject_kind=subject_kind,
            defaults={"authority_kind": authority_kind, "clause": clause},
        )


def unseed(apps, schema_editor):
    RoutingRule = apps.get_model("complaints", "RoutingRule")
    for item_kind, subject_kind, _authority, _clause in DEFAULTS:
        RoutingRule.objects.filter(item_kind=item_kind, subject_kind=subject_kind).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
