"""Anonymising (2.1.6.1) goes through the owning app's services and leaves a trace: the
feedback item's version goes up and its history says it was anonymised, by whom and why; the
contact's and the card's change history names who erased them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from cases.models import Client, Contact
from complaints.models import FeedbackItem, HistoryEntry
from complaints.register.services import workflow
from complaints.register.services.workflow import StaleEdit
from servicedesk.services.retention import retention_apply
from tests.dataprotection import close

pytestmark = pytest.mark.django_db

SIX_YEARS = 6 * 366


@pytest.fixture
def anna(make_client, make_contact, register):
    client = make_client()
    contact = make_contact(client=client, summary="Anna Bērziņa jautā par konteineru")
    item = close(register(text="Anna Bērziņa sūdzas par konteineru."))
    return {"client": client, "contact": contact, "item": item}


@pytest.mark.rule("2.1.6.1")
def test_erasure_request_leaves_an_anonymised_row_in_the_item_history(
    anna, dpo, client_for, data_request
):
    before = anna["item"].version
    response = client_for(dpo).post(
        f"/privacy/requests/{data_request(anna['client'], 'erasure').pk}/erase/",
        {"confirm": "on"},
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get(pk=anna["item"].pk)
    assert item.client_name == ""
    assert item.version == before + 1
    row = item.history.get(event=HistoryEntry.Event.ANONYMISED)
    assert (row.actor, row.clause) == (dpo, "2.1.6.1")
    assert "Bērziņa" not in row.note
    # The change history of the contact and the card names who erased them.
    contact_rows = Contact.audit_trail.filter(id=anna["contact"].pk).order_by("history_id")
    assert contact_rows.last().history_user == dpo
    card_rows = Client.audit_trail.filter(id=anna["client"].pk).order_by("history_id")
    assert card_rows.last().history_user == dpo


@pytest.mark.rule("2.1.6.1")
def test_a_change_based_on_the_item_as_read_before_the_erasure_is_refused(
    anna, dpo, head, client_for, data_request
):
    seen = FeedbackItem.objects.get(pk=anna["item"].pk)  # the appeal form, opened before
    client_for(dpo).post(
        f"/privacy/requests/{data_request(anna['client'], 'erasure').pk}/erase/",
        {"confirm": "on"},
    )
    with pytest.raises(StaleEdit):
        workflow.feedback_appeal(
            actor=head, item=seen, expected_version=seen.version, reason="Nepiekrīt."
        )
    assert not FeedbackItem.objects.get(pk=seen.pk).history.filter(to_state="reopened").exists()


@pytest.mark.rule("2.1.6.1")
def test_retention_run_records_the_reason_without_an_actor(anna):
    FeedbackItem.objects.filter(pk=anna["item"].pk).update(
        closed_at=timezone.now() - timedelta(days=SIX_YEARS)
    )
    retention_apply()
    row = FeedbackItem.objects.get(pk=anna["item"].pk).history.get(
        event=HistoryEntry.Event.ANONYMISED
    )
    assert row.actor is None
    assert row.note == gettext(
        "The client's details were anonymised: the retention period has passed."
    )
