"""The institution's own Ethics Commission (8).

Clause 8 has the head inform the institution's Ethics Commission ("iestādes Ētikas komisija"),
a body different from the municipality's (7.3, the existing ``ethics_commission``). It is a
new kind of review authority, kept for its name, e-mail and members; no item is routed to it.
The row is created here, without members or e-mail, so that an administrator only fills it in
(until then a decision's history says the commission could not be informed)."""

from django.db import migrations, models

KIND = "institution_ethics_commission"


def create_commission(apps, schema_editor):
    ReviewAuthority = apps.get_model("servicedesk", "ReviewAuthority")
    ReviewAuthority.objects.get_or_create(kind=KIND, defaults={"name": "Iestādes Ētikas komisija"})


def remove_commission(apps, schema_editor):
    ReviewAuthority = apps.get_model("servicedesk", "ReviewAuthority")
    ReviewAuthority.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0012_knowledge_editor_role")]

    operations = [
        migrations.AlterField(
            model_name="reviewauthority",
            name="kind",
            field=models.CharField(
                choices=[
                    ("head", "Head of institution"),
                    ("executive_director", "Municipal executive director"),
                    ("ethics_commission", "Municipal Ethics Commission"),
                    ("institution_ethics_commission", "Institution's Ethics Commission"),
                ],
                max_length=30,
                unique=True,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(create_commission, remove_commission),
    ]
