"""Fixtures shared by the data protection and security tests (tests/servicedesk/test_audit.py,
test_privacy.py, test_retention.py, tests/security/). Import the ones a module uses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services as cases_services
from cases.models import Channel as ContactChannel
from complaints.models import Channel, FeedbackItem, Kind, State, SubjectKind
from complaints.register.services import registration
from servicedesk.roles import Role
from tests.factories import EmployeeFactory, UserFactory


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Attachments live in the private storage (complaints.storage), never in the tree.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def dpo(customer_service_unit):
    """The data protection contact."""
    user = UserFactory(
        username="dpo", first_name="Sandra", last_name="Ozoliņa", roles=[Role.DATA_PROTECTION]
    )
    EmployeeFactory(user=user, unit=customer_service_unit, position="Datu aizsardzības speciāliste")
    return user


@pytest.fixture
def make_client(reception):
    def make(name="Anna Bērziņa", phones=("26 123 456",), email="anna@example.lv", **fields):
        return cases_services.client_create(
            actor=reception, name=name, phones=phones, email=email, **fields
        )

    return make


@pytest.fixture
def make_contact(reception):
    def make(actor=None, channel=ContactChannel.PHONE_IN, **fields):
        fields.setdefault("started_at", timezone.now())
        fields.setdefault("summary", "Jautā par izvešanas grafiku")
        return cases_services.contact_log(actor=actor or reception, channel=channel, **fields)

    return make


@pytest.fixture
def register(reception, review_authorities, media_root):
    def make(**overrides):
        values = {
            "actor": reception,
            "kind": Kind.COMPLAINT,
            "channel": Channel.VISIT,
            "text": "Konteiners netika iztukšots jau trīs nedēļas.",
            "client_name": "Anna Bērziņa",
            "client_email": "anna@example.lv",
            "subject_kind": SubjectKind.SERVICE,
            "subject_description": "Sadzīves atkritumu izvešana",
        }
        values.update(overrides)
        actor = values.pop("actor")
        return registration.feedback_register(
            actor=actor, data=registration.FeedbackInput(**values)
        )

    return make


def close(item: FeedbackItem, *, days_ago: int = 0) -> FeedbackItem:
    """Put an item in the closed state (test set-up, as if the workflow had run)."""
    closed_at = timezone.now() - timedelta(days=days_ago)
    FeedbackItem.objects.filter(pk=item.pk).update(state=State.CLOSED, closed_at=closed_at)
    item.refresh_from_db()
    return item


@pytest.fixture
def data_request(dpo):
    """A registered data subject request about a client (2.1.6.1), by default with the
    identity check recorded, as the privacy screens require before an export or erasure."""
    from servicedesk.services import data_requests

    def make(client, kind="access", *, verified=True, received_on=None, **fields):
        registered = data_requests.data_request_register(
            actor=dpo,
            received_on=received_on or timezone.localdate(),
            kind=kind,
            channel="visit",
            requester_name=client.name,
            subject_type="cases.client",
            subject_id=client.pk,
            **fields,
        )
        if verified:
            registered = data_requests.data_request_verify_identity(
                actor=dpo, data_request=registered, method="document", details="Pase"
            )
        return registered

    return make
