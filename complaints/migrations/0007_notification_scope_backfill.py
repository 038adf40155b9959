"""2.1.4.4: notifications written before scopes existed take the scope of the feedback item
they are about (complaints.scope has the same rules for new rows), and the secret links in
their stored bodies are sealed (servicedesk.sealed_links).

* A row about an item, or about its routing, history, note, attachment, public submission,
  survey invitation or survey answer, gets ``scope_type="complaints.feedbackitem"`` and the
  item's id.
* A tracking link or a survey e-mail's one-click link in a stored body becomes its sealed
  marker. A survey link is made again when such a row is sent (again); a tracking link of a
  submission from before can not be (only its hash is stored), so a resend of an old
  acknowledgement says the link is no longer available; the link the client already has
  keeps working.
* ``PublicSubmission.tracking_nonce``: new submissions derive their token from it.

Not reversible in substance: the links taken out of the bodies are not put back."""

import re

from django.db import migrations, models

ROOT = "complaints.feedbackitem"
#: Models whose rows belong to the item in their ``item`` column.
THROUGH_ITEM = ("routing", "historyentry", "reviewnote", "attachment", "publicsubmission")
CHUNK = 1000

SECRET_LINKS = (
    (re.compile(r"\S*/p/track/[^/\s]+/"), "[[sealed-link:tracking]]"),
    (re.compile(r"\S*/p/survey/[^/\s]+/rate/(\d+)/"), r"[[sealed-link:survey_rate:\1]]"),
    (re.compile(r"\S*/p/survey/[^/\s]+/opt-out/"), "[[sealed-link:survey_opt_out]]"),
)


def _chunks(values, size=CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _roots(apps, db, model_name, ids):
    """object id → item id for rows of ``complaints.<model_name>``."""
    if model_name == "feedbackitem":
        return {pk: pk for pk in ids}
    roots = {}
    if model_name in THROUGH_ITEM + ("surveyinvitation",):
        model = apps.get_model("complaints", model_name)
        for chunk in _chunks(ids):
            roots.update(model.objects.using(db).filter(pk__in=chunk).values_list("pk", "item_id"))
    elif model_name == "surveyresponse":
        model = apps.get_model("complaints", "SurveyResponse")
        for chunk in _chunks(ids):
            for pk, made, surveyed in (
                model.objects.using(db)
                .filter(pk__in=chunk)
                .values_list("pk", "feedback_item_id", "invitation__item_id")
            ):
                roots[pk] = made if made is not None else surveyed
    return {pk: root for pk, root in roots.items() if root is not None}


def backfill_scopes(apps, schema_editor):
    db = schema_editor.connection.alias
    Notification = apps.get_model("servicedesk", "Notification")
    rows = Notification.objects.using(db).filter(
        content_type__app_label="complaints", scope_type=""
    )
    by_model: dict[str, list[tuple[int, int]]] = {}
    for pk, model_name, object_id in rows.values_list("pk", "content_type__model", "object_id"):
        target = _as_int(object_id)
        if target is not None:
            by_model.setdefault(model_name, []).append((pk, target))
    for model_name, pairs in by_model.items():
        roots = _roots(apps, db, model_name, {target for _pk, target in pairs})
        changed = []
        for pk, target in pairs:
            if target in roots:
                changed.append(Notification(pk=pk, scope_type=ROOT, scope_id=roots[target]))
        Notification.objects.using(db).bulk_update(
            changed, ["scope_type", "scope_id"], batch_size=500
        )


def seal_secret_links(apps, schema_editor):
    db = schema_editor.connection.alias
    Notification = apps.get_model("servicedesk", "Notification")
    rows = Notification.objects.using(db).filter(
        models.Q(body__contains="/p/track/") | models.Q(body__contains="/p/survey/")
    )
    changed = []
    for row in rows.only("pk", "body").iterator():
        body = row.body
        for pattern, marker in SECRET_LINKS:
            body = pattern.sub(marker, body)
        if body != row.body:
            row.body = body
            changed.append(row)
    Notification.objects.using(db).bulk_update(changed, ["body"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0006_subject_set_derived_items_register_series"),
        ("servicedesk", "0010_notification_scope"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="publicsubmission",
            name="tracking_nonce",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="tracking token nonce"
            ),
        ),
        migrations.RunPython(backfill_scopes, migrations.RunPython.noop),
        migrations.RunPython(seal_secret_links, migrations.RunPython.noop),
    ]
