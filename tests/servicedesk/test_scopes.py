"""The scope registry and sealed links of the outbox fail closed (servicedesk.scopes,
servicedesk.sealed_links); the complaints app's use of them is tested in
tests/complaints/test_notification_scope.py and test_sealed_links.py."""

from __future__ import annotations

import pytest
from django.core import mail

from servicedesk import sealed_links
from servicedesk.models import Notification
from servicedesk.selectors.notifications import inbox_for, notifications_for_admin
from servicedesk.services.notifications import notification_create, notification_deliver


def _row(user, key, **fields):
    row = notification_create(
        recipient=user,
        channel=fields.pop("channel", Notification.Channel.IN_APP),
        kind=fields.pop("kind", "test"),
        subject="Subject",
        body=fields.pop("body", "Body"),
        idempotency_key=key,
    )
    if fields:
        Notification.objects.filter(pk=row.pk).update(**fields)
    return row


def test_a_row_of_a_scope_nobody_registered_is_shown_to_nobody(reception, admin):
    plain = _row(reception, "plain")
    orphan = _row(reception, "orphan", scope_type="gone.record", scope_id=1)

    assert list(inbox_for(reception)) == [plain]
    assert orphan not in notifications_for_admin(admin)


def test_a_sealed_link_of_an_unknown_kind_is_retried_not_sent_without_it(reception, settings):
    row = _row(
        reception,
        "sealed",
        channel=Notification.Channel.EMAIL,
        body=f"Your link: {sealed_links.seal('no_such_kind')}",
    )

    assert notification_deliver(notification_id=row.pk) is False

    row.refresh_from_db()
    assert mail.outbox == []
    assert (row.status, row.attempts) == (Notification.Status.PENDING, 1)
    assert "no_such_kind" in row.last_error


def test_a_resolver_answers_only_for_its_own_kinds_of_notification(reception, monkeypatch):
    made = []

    def resolver(target, arg):
        made.append(arg)
        return f"https://desk.example/secret/{arg}/"

    monkeypatch.setattr(sealed_links, "_resolvers", {})
    sealed_links.register("demo", resolver, notification_kinds={"demo_invitation"})
    marker = sealed_links.seal("demo", "7")

    other = _row(reception, "other", channel=Notification.Channel.EMAIL, body=marker)
    other.target = reception  # any target: the kind decides
    assert "secret" not in sealed_links.unseal(other.body, notification=other)
    own = _row(
        reception, "own", channel=Notification.Channel.EMAIL, body=marker, kind="demo_invitation"
    )
    own.target = reception
    assert sealed_links.unseal(own.body, notification=own) == "https://desk.example/secret/7/"
    assert made == ["7"]
    assert "[[" not in sealed_links.redact(f"a {marker} b")


@pytest.mark.parametrize("kind", ["Bad Kind", "x:y"])
def test_a_marker_is_made_only_of_safe_characters(kind):
    with pytest.raises(ValueError):
        sealed_links.seal(kind)
