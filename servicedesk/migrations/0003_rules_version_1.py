"""The 2019 customer service rules as version 1, in force from 2019-03-01 (clauses 9 and 10).

The text is the copy in ``servicedesk/rules_text``; ``servicedesk.rules_parser`` (pure Python)
numbers its clauses, Annex 1 included."""

import datetime as dt
from pathlib import Path

from django.db import migrations

from servicedesk.rules_parser import parse_rules

RULES_FILE = (
    Path(__file__).resolve().parent.parent
    / "rules_text"
    / "klientu-apkalposanas-noteikumi-2019.txt"
)
TITLE = "Klientu apkalpošanas noteikumi"
EFFECTIVE_FROM = dt.date(2019, 3, 1)


def load_version_1(apps, schema_editor):
    RulesVersion = apps.get_model("servicedesk", "RulesVersion")
    RulesClause = apps.get_model("servicedesk", "RulesClause")
    if RulesVersion.objects.filter(number=1).exists():
        return
    text = RULES_FILE.read_text(encoding="utf-8")
    version = RulesVersion.objects.create(
        number=1, title=TITLE, effective_from=EFFECTIVE_FROM, text=text
    )
    RulesClause.objects.bulk_create(
        RulesClause(
            version=version,
            part=clause.part,
            number=clause.number,
            text=clause.text,
            position=clause.position,
        )
        for clause in parse_rules(text)
    )


def remove_version_1(apps, schema_editor):
    apps.get_model("servicedesk", "RulesVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(load_version_1, remove_version_1),
    ]
