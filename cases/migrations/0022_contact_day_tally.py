"""The contacts of each day by channel and topic (``ContactDayTally``), kept on PostgreSQL by
statement triggers on ``cases_contact`` in the transaction that writes the contacts (insert,
delete, and an update that moves a contact to another day, channel or topic), and filled here
for the contacts already on file. The dashboard adds these up instead of counting millions of
contacts (docs/dashboard.md). The day is the Riga day (``settings.TIME_ZONE`` when this
migration ran), as the dashboard's periods are. On SQLite nothing is kept: the dashboard
counts the contacts themselves. The index that served that count on PostgreSQL goes."""

from django.conf import settings
from django.db import migrations, models

FUNCTIONS = """
CREATE OR REPLACE FUNCTION cases_contact_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cases_contactdaytally (day, channel, topic_id, n)
    SELECT (started_at AT TIME ZONE {tz})::date, channel, COALESCE(topic_id, 0), count(*)
    FROM new_rows GROUP BY 1, 2, 3
    ON CONFLICT (day, channel, topic_id) DO UPDATE SET n = cases_contactdaytally.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cases_contact_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cases_contactdaytally t SET n = t.n - g.n
    FROM (
        SELECT (started_at AT TIME ZONE {tz})::date AS day, channel,
               COALESCE(topic_id, 0) AS topic_id, count(*) AS n
        FROM old_rows GROUP BY 1, 2, 3
    ) g
    WHERE t.day = g.day AND t.channel = g.channel AND t.topic_id = g.topic_id;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cases_contact_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Most updates (a summary, an anonymisation) move no contact: nothing to do.
    IF NOT EXISTS (
        SELECT 1 FROM old_rows o JOIN new_rows w ON w.id = o.id
        WHERE (o.started_at, o.channel, o.topic_id) IS DISTINCT FROM
              (w.started_at, w.channel, w.topic_id)
    ) THEN
        RETURN NULL;
    END IF;
    UPDATE cases_contactdaytally t SET n = t.n - g.n
    FROM (
        SELECT (o.started_at AT TIME ZONE {tz})::date AS day, o.channel,
               COALESCE(o.topic_id, 0) AS topic_id, count(*) AS n
        FROM old_rows o JOIN new_rows w ON w.id = o.id
        WHERE (o.started_at, o.channel, o.topic_id) IS DISTINCT FROM
              (w.started_at, w.channel, w.topic_id)
        GROUP BY 1, 2, 3
    ) g
    WHERE t.day = g.day AND t.channel = g.channel AND t.topic_id = g.topic_id;
    INSERT INTO cases_contactdaytally (day, channel, topic_id, n)
    SELECT (w.started_at AT TIME ZONE {tz})::date, w.channel, COALESCE(w.topic_id, 0), count(*)
    FROM old_rows o JOIN new_rows w ON w.id = o.id
    WHERE (o.started_at, o.channel, o.topic_id) IS DISTINCT FROM
          (w.started_at, w.channel, w.topic_id)
    GROUP BY 1, 2, 3
    ON CONFLICT (day, channel, topic_id) DO UPDATE SET n = cases_contactdaytally.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE TRIGGER cases_contact_tally_insert AFTER INSERT ON cases_contact
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_contact_tally_insert();
CREATE TRIGGER cases_contact_tally_delete AFTER DELETE ON cases_contact
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_contact_tally_delete();
CREATE TRIGGER cases_contact_tally_update AFTER UPDATE ON cases_contact
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_contact_tally_update();
"""

FILL = """
INSERT INTO cases_contactdaytally (day, channel, topic_id, n)
SELECT (started_at AT TIME ZONE {tz})::date, channel, COALESCE(topic_id, 0), count(*)
FROM cases_contact GROUP BY 1, 2, 3
"""

DROP = """
DROP TRIGGER IF EXISTS cases_contact_tally_insert ON cases_contact;
DROP TRIGGER IF EXISTS cases_contact_tally_delete ON cases_contact;
DROP TRIGGER IF EXISTS cases_contact_tally_update ON cases_contact;
DROP FUNCTION IF EXISTS cases_contact_tally_insert();
DROP FUNCTION IF EXISTS cases_contact_tally_delete();
DROP FUNCTION IF EXISTS cases_contact_tally_update();
"""


def _zone(schema_editor) -> str:
    return schema_editor.quote_value(settings.TIME_ZONE)


def triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The triggers and the fill in one transaction, the table locked against writes by
    # CREATE TRIGGER until the commit: no contact is counted twice or missed.
    schema_editor.execute(FUNCTIONS.replace("{tz}", _zone(schema_editor)))
    schema_editor.execute(FILL.replace("{tz}", _zone(schema_editor)))


def triggers_back(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0021_mail_language"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactDayTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="day")),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("visit", "Visit"),
                            ("phone_in", "Phone, incoming"),
                            ("phone_out", "Phone, outgoing"),
                            ("email_in", "E-mail, incoming"),
                            ("email_out", "E-mail, outgoing"),
                            ("letter", "Letter"),
                            ("e_address", "Official e-address"),
                            ("web_form", "Web form"),
                        ],
                        max_length=10,
                        verbose_name="channel",
                    ),
                ),
                ("topic_id", models.BigIntegerField(default=0, verbose_name="topic")),
                ("n", models.IntegerField(default=0, verbose_name="contacts")),
            ],
            options={
                "verbose_name": "contacts of a day",
                "verbose_name_plural": "contacts of a day",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("day", "channel", "topic_id"), name="contact_day_tally_key"
                    )
                ],
            },
        ),
        migrations.RemoveIndex(model_name="contact", name="contact_stats"),
        migrations.RunPython(triggers, triggers_back, elidable=False),
    ]
