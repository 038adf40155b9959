"""Fixtures of the cases tests: clients and contacts built through the services."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases import services
from cases.models import Channel
from tests.factories import TopicFactory


@pytest.fixture
def topic(db):
    return TopicFactory(name="Atkritumu izvešana")


@pytest.fixture
def make_client(reception):
    def make(name: str = "Anna Bērziņa", phones=("26 123 456",), **fields):
        return services.client_create(actor=reception, name=name, phones=phones, **fields)

    return make


@pytest.fixture
def make_contact(reception):
    def make(actor=None, channel=Channel.PHONE_IN, **fields):
        fields.setdefault("started_at", timezone.now())
        fields.setdefault("summary", "Jautā par izvešanas grafiku")
        return services.contact_log(actor=actor or reception, channel=channel, **fields)

    return make
