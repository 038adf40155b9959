"""The admin never writes what a service writes (one writer per model, STYLE.md): even a
superuser sees those records read-only, while the configuration screens stay editable."""

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from cases.models import (
    Callback,
    Client,
    ConflictLog,
    Consultation,
    Contact,
    OrderIssue,
    Referral,
    WrittenSubmission,
)
from complaints.models import FeedbackItem, RoutingRule
from servicedesk.admin.readonly import ReadOnlyAdminMixin
from servicedesk.models import Institution, Notification, RulesVersion, Topic

SERVICE_WRITTEN = [
    Client,
    Contact,
    Callback,
    Referral,
    OrderIssue,
    ConflictLog,
    WrittenSubmission,
    Consultation,
    FeedbackItem,
    Notification,
    RulesVersion,
]
CONFIGURATION = [Institution, Topic, RoutingRule]


@pytest.fixture
def superuser(admin):
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    return admin


def _url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", SERVICE_WRITTEN, ids=lambda m: m._meta.label)
def test_superuser_cannot_add_records_the_services_write(model, superuser, client_for):
    browser = client_for(superuser)
    assert browser.get(_url(model, "add")).status_code == 403
    assert isinstance(django_admin.site._registry[model], ReadOnlyAdminMixin)


def test_superuser_sees_a_client_card_but_cannot_change_or_delete_it(
    superuser, client_for, make_client
):
    card = make_client()
    name = card.name
    browser = client_for(superuser)
    page = browser.get(_url(Client, "change", card.pk))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # the view page has no save button
    browser.post(_url(Client, "change", card.pk), {"name": "Cits vārds", "kind": card.kind})
    assert browser.get(_url(Client, "delete", card.pk)).status_code == 403
    card.refresh_from_db()
    assert card.name == name


@pytest.mark.parametrize("model", CONFIGURATION, ids=lambda m: m._meta.label)
def test_configuration_stays_editable_in_the_admin(model, superuser, client_for):
    page = client_for(superuser).get(_url(model, "changelist"))
    assert page.status_code == 200
    assert not isinstance(django_admin.site._registry[model], ReadOnlyAdminMixin)
