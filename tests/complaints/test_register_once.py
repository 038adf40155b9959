"""Registering an item with the client's e-mail is one write: the item is inserted already
acknowledged, with one history row that says both (4.11 and the acknowledgement)."""

from django.utils.translation import gettext

from complaints.models import FeedbackItem, State

ACKNOWLEDGED = "Acknowledgement of receipt written to the client (outgoing correspondence)."


def test_item_with_client_email_is_registered_acknowledged_in_one_history_row(register):
    item = register()
    item.refresh_from_db()
    assert item.state == State.ACKNOWLEDGED
    assert item.version == 1  # inserted once, never updated
    (row,) = item.history.all()
    assert row.event == "registered"
    assert (row.from_state, row.to_state) == ("", State.ACKNOWLEDGED)
    assert row.clause == "4.11"
    # The one row tells the reader both where the item went and that the client was told.
    assert item.authority.get_kind_display() in row.note
    assert gettext(ACKNOWLEDGED) in row.note
    assert FeedbackItem.audit_trail.filter(id=item.pk).count() == 1


def test_item_without_client_email_stays_registered_without_acknowledgement_note(register):
    item = register(client_email="")
    (row,) = item.history.all()
    assert row.to_state == State.REGISTERED
    assert gettext(ACKNOWLEDGED) not in row.note
