"""The conflict log's actions under Annex 1's own numbers (4.12, Annex 1).

Annex 1 is now shown word for word, every action with the annex's own number: the actions
logged under the shortened list move to the code of the annex item they stood for (the
dissatisfied client's old five were 5.1, 5.3, 5.4, 5.6, 5.7; the aggressive client's old six
6.1, 6.2, 6.3, 6.5, 6.6, 6.7; the mobility help's second action is the annex's 2.3).
"""

from typing import Any

from django.db import migrations

#: Old code → the annex item it stood for. Each row moves once, so the chains below
#: (dissatisfied.3 → .4 while .4 → .6) cannot collide.
RENAMED = {
    "mobility.2": "mobility.3",
    "dissatisfied.2": "dissatisfied.3",
    "dissatisfied.3": "dissatisfied.4",
    "dissatisfied.4": "dissatisfied.6",
    "dissatisfied.5": "dissatisfied.7",
    "aggressive.4": "aggressive.5",
    "aggressive.5": "aggressive.6",
    "aggressive.6": "aggressive.7",
}


def _move(apps: Any, mapping: dict[str, str]) -> None:
    ConflictAction = apps.get_model("cases", "ConflictAction")
    rows = list(ConflictAction.objects.filter(kind="situation", code__in=mapping))
    for row in rows:
        row.code = mapping[row.code]
    ConflictAction.objects.bulk_update(rows, ["code"])


def forwards(apps: Any, schema_editor: Any) -> None:
    _move(apps, RENAMED)


def backwards(apps: Any, schema_editor: Any) -> None:
    _move(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_team_consultations")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
