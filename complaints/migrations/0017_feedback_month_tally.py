"""The feedback items of each month (``FeedbackMonthTally``), kept on PostgreSQL by statement
triggers on ``complaints_feedbackitem`` in the transaction that writes the items, and filled
here for the items already on file; a TRUNCATE of the items empties it. Each write only
appends rows (+1 for an inserted item or a changed item's new values, −1 for a deleted item
or a changed item's old values): two registrations never wait for each other on a tally row.
Only an update that changes something a figure or the gate reads appends anything. Items
derived from another are not tallied (the dashboard counts them itself). The Riga day of the
reply is ``settings.TIME_ZONE`` when this migration ran. On SQLite nothing is kept."""

from django.conf import settings
from django.db import migrations, models

from complaints.models.choices import OPEN_STATES

TABLE = "complaints_feedbackmonthtally"
COLUMNS = (
    "month, part, authority_id, registered_by_id, restricted, kind, subject_kind, outcome, "
    "reply, days, due, topic"
)
# What a figure or the gate reads: an update that changes none of these appends nothing.
WATCHED = (
    "received_on, authority_id, registered_by_id, subject_kind, is_restricted, kind, outcome, "
    "state, reply_due, subject_description, answered_at, derived_from_id"
)


def _append(source: str) -> str:
    """Append the tally rows of ``source`` (rows of the items table and a ``sign``)."""
    return f"""
    WITH items AS (
        SELECT date_trunc('month', received_on)::date AS month,
               COALESCE(authority_id, 0) AS authority_id,
               COALESCE(registered_by_id, 0) AS registered_by_id,
               (subject_kind = 'ethics' OR is_restricted) AS restricted,
               kind, subject_kind, outcome, state, reply_due, subject_description,
               (answered_at AT TIME ZONE {{tz}})::date - received_on AS days,
               CASE WHEN answered_at IS NULL THEN 0
                    WHEN (answered_at AT TIME ZONE {{tz}})::date <= reply_due THEN 1
                    ELSE 2 END AS reply,
               sign
        FROM ({source}) AS source
        WHERE derived_from_id IS NULL
    )
    INSERT INTO {TABLE} ({COLUMNS}, n, compacted)
    SELECT * FROM (
        SELECT month, 1, authority_id, registered_by_id, restricted, kind, subject_kind,
               outcome, reply, 0, NULL::date, '', sum(sign)::int AS n, false
        FROM items GROUP BY 1, 3, 4, 5, 6, 7, 8, 9
        UNION ALL
        SELECT month, 2, authority_id, registered_by_id, false, '', subject_kind, '', 0,
               days, NULL::date, '', sum(sign)::int, false
        FROM items WHERE reply > 0 GROUP BY 1, 3, 4, 7, 10
        UNION ALL
        SELECT month, 3, authority_id, registered_by_id, restricted, '', subject_kind, '',
               0, 0, NULL::date, subject_description, sum(sign)::int, false
        FROM items WHERE kind = 'complaint' GROUP BY 1, 3, 4, 5, 7, 12
        UNION ALL
        SELECT month, 4, authority_id, registered_by_id, false, '', subject_kind, '', 0, 0,
               reply_due, '', sum(sign)::int, false
        FROM items WHERE state IN ({{open}}) GROUP BY 1, 3, 4, 7, 11
    ) AS tally WHERE tally.n <> 0;
    """  # noqa: S608


def _changed(alias: str) -> str:
    return ", ".join(f"{alias}.{column.strip()}" for column in WATCHED.split(","))


CHANGED = f"({_changed('o')}) IS DISTINCT FROM ({_changed('w')})"
MOVED = "FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE " + CHANGED

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION complaints_feedback_tally_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    {_append("SELECT *, 1 AS sign FROM new_rows")}
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION complaints_feedback_tally_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    {_append("SELECT *, -1 AS sign FROM old_rows")}
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION complaints_feedback_tally_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Most updates (a note, the search columns, a reminder's mark) change no figure.
    IF NOT EXISTS (SELECT 1 {MOVED}) THEN
        RETURN NULL;
    END IF;
    {_append(f"SELECT o.*, -1 AS sign {MOVED} UNION ALL SELECT w.*, 1 AS sign {MOVED}")}
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION complaints_feedback_tally_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {TABLE};
    RETURN NULL;
END $$;

CREATE TRIGGER complaints_feedback_tally_insert AFTER INSERT ON complaints_feedbackitem
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION complaints_feedback_tally_insert();
CREATE TRIGGER complaints_feedback_tally_delete AFTER DELETE ON complaints_feedbackitem
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION complaints_feedback_tally_delete();
CREATE TRIGGER complaints_feedback_tally_update AFTER UPDATE ON complaints_feedbackitem
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION complaints_feedback_tally_update();
CREATE TRIGGER complaints_feedback_tally_truncate AFTER TRUNCATE ON complaints_feedbackitem
    FOR EACH STATEMENT EXECUTE FUNCTION complaints_feedback_tally_truncate();
"""  # noqa: S608

FILL = _append("SELECT *, 1 AS sign FROM complaints_feedbackitem") + (  # noqa: S608
    f"UPDATE {TABLE} SET compacted = true;"  # noqa: S608
)

DROP = """
DROP TRIGGER IF EXISTS complaints_feedback_tally_insert ON complaints_feedbackitem;
DROP TRIGGER IF EXISTS complaints_feedback_tally_delete ON complaints_feedbackitem;
DROP TRIGGER IF EXISTS complaints_feedback_tally_update ON complaints_feedbackitem;
DROP TRIGGER IF EXISTS complaints_feedback_tally_truncate ON complaints_feedbackitem;
DROP FUNCTION IF EXISTS complaints_feedback_tally_insert();
DROP FUNCTION IF EXISTS complaints_feedback_tally_delete();
DROP FUNCTION IF EXISTS complaints_feedback_tally_update();
DROP FUNCTION IF EXISTS complaints_feedback_tally_truncate();
"""


def _filled(sql: str, schema_editor) -> str:
    states = ", ".join(schema_editor.quote_value(str(state)) for state in sorted(OPEN_STATES))
    return sql.replace("{tz}", schema_editor.quote_value(settings.TIME_ZONE)).replace(
        "{open}", states
    )


def triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The triggers and the fill in one transaction, the items locked against writes by
    # CREATE TRIGGER until the commit: no item is counted twice or missed.
    schema_editor.execute(_filled(FUNCTIONS, schema_editor))
    schema_editor.execute(_filled(FILL, schema_editor))


def triggers_back(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0016_feedback_sensitive_kind_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="FeedbackMonthTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="month")),
                (
                    "part",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "kind, subject, outcome and reply"),
                            (2, "days to the reply"),
                            (3, "topics of complaints"),
                            (4, "reply dates still owed"),
                        ],
                        verbose_name="part",
                    ),
                ),
                (
                    "authority_id",
                    models.BigIntegerField(default=0, verbose_name="review authority"),
                ),
                (
                    "registered_by_id",
                    models.BigIntegerField(default=0, verbose_name="registered by"),
                ),
                (
                    "restricted",
                    models.BooleanField(default=False, verbose_name="content restricted"),
                ),
                ("kind", models.CharField(blank=True, max_length=20, verbose_name="kind")),
                (
                    "subject_kind",
                    models.CharField(blank=True, max_length=20, verbose_name="subject"),
                ),
                ("outcome", models.CharField(blank=True, max_length=20, verbose_name="outcome")),
                (
                    "reply",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (0, "not answered"),
                            (1, "answered on time"),
                            (2, "answered late"),
                        ],
                        default=0,
                        verbose_name="reply",
                    ),
                ),
                ("days", models.IntegerField(default=0, verbose_name="days to the reply")),
                ("due", models.DateField(blank=True, null=True, verbose_name="reply due")),
                (
                    "topic",
                    models.CharField(blank=True, max_length=300, verbose_name="service or process"),
                ),
                ("n", models.IntegerField(verbose_name="items")),
                ("compacted", models.BooleanField(default=False, verbose_name="compacted")),
            ],
            options={
                "verbose_name": "feedback of a month",
                "verbose_name_plural": "feedback of a month",
                "indexes": [
                    models.Index(fields=["month", "part"], name="feedback_tally_month"),
                    models.Index(
                        condition=models.Q(("compacted", False)),
                        fields=["month"],
                        name="feedback_tally_fresh",
                    ),
                ],
            },
        ),
        migrations.RunPython(triggers, triggers_back, elidable=False),
    ]
