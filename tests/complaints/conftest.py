"""Fixtures of the complaints tests: a registering helper, files of each type, a private
MEDIA_ROOT."""

from __future__ import annotations

import pytest

from complaints.models import Channel, Kind, SubjectKind
from complaints.register.services import registration


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # attachments (complaints.storage)


@pytest.fixture
def register(reception, review_authorities):
    """``register(**overrides)``: the front desk registers an item through the service."""

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


@pytest.fixture
def about_expert(register, expert):
    """A complaint about the contact person ``expert`` (routed to the head, 7.1)."""
    return register(
        subject_kind=SubjectKind.EMPLOYEE,
        subject_employee=expert.employee,
        subject_description="",
        text="Darbinieks bija nepieklājīgs.",
    )


@pytest.fixture
def about_head(register, head):
    return register(
        subject_kind=SubjectKind.HEAD,
        subject_description="",
        text="Valdes loceklis neatbildēja uz vēstuli.",
    )


@pytest.fixture
def ethics_item(register, ethics):
    return register(
        subject_kind=SubjectKind.ETHICS,
        subject_description="",
        text="Darbinieks pieņēma dāvanu no klienta.",
    )
