"""Retention (2.1.6.1): personal data is anonymised when its period after closing has
passed; nightly, idempotent, reported; ``manage.py retention --dry-run`` only reports."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from cases.models import Client, Contact
from complaints.models import FeedbackItem
from servicedesk.models import RetentionRun
from servicedesk.services.retention import retention_apply
from servicedesk.tasks import apply_retention
from tests.complaints.files import pdf_file
from tests.dataprotection import close

pytestmark = pytest.mark.django_db

SIX_YEARS = 6 * 366


@pytest.fixture
def old_and_new(make_client, make_contact, register):
    old_client = make_client()
    old_contact = make_contact(client=old_client, summary="Anna Bērziņa, 26 123 456, jautā")
    Contact.objects.filter(pk=old_contact.pk).update(
        started_at=timezone.now() - timedelta(days=SIX_YEARS)
    )
    Client.objects.filter(pk=old_client.pk).update(
        created_at=timezone.now() - timedelta(days=SIX_YEARS)
    )
    old_item = close(
        register(attachments=[pdf_file()], text="Anna Bērziņa sūdzas par konteineru."),
        days_ago=SIX_YEARS,
    )
    recent_item = close(
        register(client_name="Jānis Ozols", client_email="j@example.lv"), days_ago=30
    )
    open_old = register(client_name="Ilze Kalna", client_email="ilze@example.lv")
    FeedbackItem.objects.filter(pk=open_old.pk).update(
        received_on=timezone.localdate() - timedelta(days=SIX_YEARS)
    )
    new_client = make_client(name="Pēteris Liepa", phones=("29 999 999",), email="p@example.lv")
    new_contact = make_contact(client=new_client, summary="Pēteris Liepa jautā")
    return locals()


@pytest.mark.rule("2.1.6.1")
def test_dry_run_reports_and_changes_nothing(old_and_new):
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    report = out.getvalue()
    assert "feedback_items: would anonymise 1" in report
    assert "contacts: would anonymise 1" in report
    assert "clients: would anonymise 1" in report
    assert FeedbackItem.objects.get(pk=old_and_new["old_item"].pk).client_name == "Anna Bērziņa"
    assert Client.objects.get(pk=old_and_new["old_client"].pk).name == "Anna Bērziņa"
    assert RetentionRun.objects.get().dry_run is True


@pytest.mark.rule("2.1.6.1")
def test_expired_records_are_anonymised_and_the_rest_kept(old_and_new):
    run = retention_apply()
    assert run.report == {"contacts": 1, "clients": 1, "feedback_items": 1}
    old_item = FeedbackItem.objects.get(pk=old_and_new["old_item"].pk)
    assert old_item.client_name == "" and old_item.client_email == ""
    assert "Bērziņa" not in old_item.text and "konteineru" in old_item.text
    assert not old_item.attachments.exists()
    contact = Contact.objects.get(pk=old_and_new["old_contact"].pk)
    assert "Bērziņa" not in contact.summary and "26 123 456" not in contact.summary
    assert "Bērziņa" not in Client.objects.get(pk=old_and_new["old_client"].pk).name
    # within the period, or not closed: untouched
    assert FeedbackItem.objects.get(pk=old_and_new["recent_item"].pk).client_name == "Jānis Ozols"
    assert FeedbackItem.objects.get(pk=old_and_new["open_old"].pk).client_name == "Ilze Kalna"
    assert Client.objects.get(pk=old_and_new["new_client"].pk).name == "Pēteris Liepa"
    assert Contact.objects.get(pk=old_and_new["new_contact"].pk).summary == "Pēteris Liepa jautā"


@pytest.mark.rule("2.1.6.1")
def test_a_second_run_finds_nothing(old_and_new):
    retention_apply()
    again = retention_apply()
    assert again.report == {"contacts": 0, "clients": 0, "feedback_items": 0}
    assert RetentionRun.objects.count() == 2


@pytest.mark.rule("2.1.6.1")
def test_the_period_is_configurable_per_kind(old_and_new, settings):
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "feedback": 10}
    report = retention_apply(dry_run=True).report
    assert report["feedback_items"] == 0 and report["contacts"] == 1


@pytest.mark.rule("2.1.6.1")
def test_the_nightly_beat_task_runs_retention(old_and_new):
    schedule = settings.CELERY_BEAT_SCHEDULE["retention-nightly"]
    assert schedule["task"] == "servicedesk.tasks.apply_retention"
    assert apply_retention.delay().get() == {"contacts": 1, "clients": 1, "feedback_items": 1}
    assert FeedbackItem.objects.get(pk=old_and_new["old_item"].pk).client_email == ""
