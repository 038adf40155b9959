"""The head is told of every item; the institution's Ethics Commission (4.11, 8).

Clause 8 now covers every complaint decided under 7.1 and 7.2 (not an ethics one), so the
registrar's "concerns a breach of the rules" mark, which used to pick the complaints reported,
has no use left and is removed.

The head is now told of every item (4.11), so the items about the head get a register series
of their own ("about_head", prefix P): a gap in another series would tell the head that one
exists. Existing items keep their numbers."""

from django.db import migrations, models

SERIES_CHOICES = [
    ("head", "Head of institution"),
    ("executive_director", "Municipal executive director"),
    ("ethics_commission", "Municipal Ethics Commission"),
    ("about_head", "About the head of institution"),
]
ITEM_SERIES_HELP = "The review authority whose register numbered it; re-routing keeps it."


def _series(**more):
    return models.CharField(
        blank=True,
        choices=SERIES_CHOICES,
        default="",
        max_length=30,
        verbose_name="register series",
        **more,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0009_history_event_rating_changed"),
        ("servicedesk", "0013_institution_ethics"),
    ]

    operations = [
        migrations.RemoveField(model_name="feedbackitem", name="rules_violation"),
        migrations.RemoveField(model_name="historicalfeedbackitem", name="rules_violation"),
        migrations.AlterField(
            model_name="feedbackitem", name="series", field=_series(help_text=ITEM_SERIES_HELP)
        ),
        migrations.AlterField(
            model_name="historicalfeedbackitem",
            name="series",
            field=_series(help_text=ITEM_SERIES_HELP),
        ),
        migrations.AlterField(model_name="registercounter", name="series", field=_series()),
    ]
