"""Secret links leave in e-mails, never in what the outbox stores (servicedesk.sealed_links):
the client's tracking link and the survey's one-click links are made when the e-mail is sent,
so neither the admin's outbox nor a copy of the database opens a client's page."""

from __future__ import annotations

import importlib
import re
import secrets
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from complaints.models import (
    Channel,
    Kind,
    Outcome,
    PublicSubmission,
    SubjectKind,
    SurveyResponse,
)
from complaints.register.services import workflow
from complaints.register.services.registration import FeedbackInput
from complaints.voice.services import submissions
from servicedesk.models import Notification
from servicedesk.services.notifications import notification_deliver, notification_resend

TRACK = re.compile(r"http://127\.0\.0\.1:8000(/p/track/([^/\s]+)/)")
RATE = re.compile(r"http://127\.0\.0\.1:8000(/p/survey/([^/\s]+)/rate/(\d)/)")


def _no_longer() -> str:
    """What stands in the e-mail instead of a link that cannot be made (in the recipient's
    language, Latvian)."""
    with translation.override("lv"):
        return gettext("(this link is no longer available; please contact us)")


def _submit(text="Konteiners netika iztukšots jau trīs nedēļas.", **extra):
    return submissions.public_submission_register(
        data=FeedbackInput(
            kind=Kind.COMPLAINT,
            channel=Channel.WEB_FORM,
            text=text,
            is_anonymous=False,
            client_name="Anna Bērziņa",
            client_email="anna@example.lv",
            subject_kind=SubjectKind.SERVICE,
            subject_description="Sadzīves atkritumu izvešana",
        ),
        **extra,
    )


def _stored_text():
    return " ".join(
        f"{subject} {body} {link}"
        for subject, body, link in Notification.objects.values_list("subject", "body", "link")
    )


def _mail_to(address):
    return [m.body for m in mail.outbox if m.to == [address]]


@pytest.fixture
def submitted(head, review_authorities, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = _submit()
    return receipt


@pytest.mark.rule("3.4")
def test_the_tracking_link_is_e_mailed_and_opens_the_page_but_is_never_stored(submitted):
    token = submitted.token
    (body,) = _mail_to("anna@example.lv")
    path, sent_token = TRACK.search(body).groups()
    assert sent_token == token
    page = Client().get(path)
    assert page.status_code == 200
    assert submitted.item.register_number in page.content.decode()

    assert token not in _stored_text()
    assert "/p/track/" not in _stored_text()
    acknowledgement = Notification.objects.get(kind="complaint_acknowledgement")
    assert submissions.TRACKING_LINK in acknowledgement.body
    submission = PublicSubmission.objects.get(item=submitted.item)
    assert token not in (submission.tracking_token_hash, submission.tracking_nonce)


def test_an_acknowledgement_sent_again_still_carries_a_working_link(
    submitted, admin, django_capture_on_commit_callbacks
):
    acknowledgement = Notification.objects.get(kind="complaint_acknowledgement")
    Notification.objects.filter(pk=acknowledgement.pk).update(status=Notification.Status.FAILED)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        notification_resend(actor=admin, notification=acknowledgement)

    (body,) = _mail_to("anna@example.lv")
    path, _token = TRACK.search(body).groups()
    assert Client().get(path).status_code == 200


def test_the_outbox_shows_the_acknowledgement_without_the_link(submitted, admin, client_for):
    acknowledgement = Notification.objects.get(kind="complaint_acknowledgement")
    page = client_for(admin).get(f"/admin/servicedesk/notification/{acknowledgement.pk}/change/")
    html = page.content.decode()
    assert submitted.item.register_number in html  # the content is readable to the admin
    assert submitted.token not in html
    assert "/p/track/" not in html


@pytest.mark.rule("3.5.1")
def test_survey_links_are_e_mailed_and_record_the_rating_but_are_never_stored(
    head, register, django_capture_on_commit_callbacks
):
    item = register()
    with django_capture_on_commit_callbacks(execute=True):
        for step, extra in (
            ("start_review", {}),
            ("decide", {"outcome": Outcome.UPHELD, "decision_text": "Izlabots."}),
            ("answer", {"reply_text": "Paldies."}),
            ("close", {}),
        ):
            item = getattr(workflow, f"feedback_{step}")(
                actor=head, item=item, expected_version=item.version, **extra
            )

    invitation_mail = [b for b in _mail_to("anna@example.lv") if "/rate/" in b]
    assert len(invitation_mail) == 1
    links = {int(n): path for path, _token, n in RATE.findall(invitation_mail[0])}
    assert set(links) == {1, 2, 3, 4, 5}
    tokens = {token for _path, token, _n in RATE.findall(invitation_mail[0])}
    stored = Notification.objects.get(kind="survey_invitation").body
    assert "/p/survey/" not in stored
    assert not any(token in _stored_text() for token in tokens)

    assert Client().post(links[4]).status_code == 200
    assert SurveyResponse.objects.get().rating == 4


def test_a_marker_typed_into_a_complaint_pulls_no_link_into_another_e_mail(
    head, review_authorities, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = _submit(text=f"Lūdzu atbildiet. {submissions.TRACKING_LINK} Paldies.")

    to_head = [m.body for m in mail.outbox if m.to == ["head@aadso.lv"]]
    assert to_head and "Lūdzu atbildiet." in to_head[0]
    assert "/p/track/" not in to_head[0]
    assert receipt.token not in to_head[0]
    assert _no_longer() in to_head[0]


def test_a_token_from_before_keeps_opening_its_page(submitted):
    old_token = secrets.token_urlsafe(32)
    PublicSubmission.objects.filter(item=submitted.item).update(
        tracking_token_hash=submissions.hash_token(old_token), tracking_nonce=""
    )
    assert Client().get(submissions.tracking_path(old_token)).status_code == 200
    # Its link cannot be made again, so a resend says so instead of sending a broken one.
    assert submissions.tracking_link_for(submitted.item) is None


def test_a_changed_secret_key_sends_no_broken_link(submitted, settings):
    assert submissions.tracking_link_for(submitted.item)
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert submissions.tracking_link_for(submitted.item) is None


def test_the_migration_seals_old_links_and_gives_old_rows_their_scope(
    submitted, django_capture_on_commit_callbacks
):
    migration = importlib.import_module("complaints.migrations.0007_notification_scope_backfill")
    acknowledgement = Notification.objects.get(kind="complaint_acknowledgement")
    old_link = f"http://127.0.0.1:8000{submissions.tracking_path('legacy-token-123')}"
    Notification.objects.filter(pk=acknowledgement.pk).update(
        body=f"Sekojiet šeit: {old_link}\nvai 3: http://127.0.0.1:8000/p/survey/abc:1x:sig/rate/3/",
        scope_type="",
        scope_id=None,
        status=Notification.Status.PENDING,
    )
    editor = SimpleNamespace(connection=connection)

    migration.backfill_scopes(django_apps, editor)
    migration.seal_secret_links(django_apps, editor)

    acknowledgement.refresh_from_db()
    assert (acknowledgement.scope_type, acknowledgement.scope_id) == (
        "complaints.feedbackitem",
        submitted.item.pk,
    )
    assert "legacy-token-123" not in acknowledgement.body
    assert "abc:1x:sig" not in acknowledgement.body
    assert "[[sealed-link:tracking]]" in acknowledgement.body
    assert "[[sealed-link:survey_rate:3]]" in acknowledgement.body
    mail.outbox.clear()
    notification_deliver(notification_id=acknowledgement.pk)
    (body,) = _mail_to("anna@example.lv")
    assert TRACK.search(body)  # the acknowledgement's own link, made again
