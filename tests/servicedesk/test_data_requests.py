"""The register of data subject requests (2.1.6.1, GDPR art. 12–21): registered first with a
due date one month after receipt, reminders before and after it, the identity check before
anything is disclosed or changed, and each kind's own step (access, erasure, rectification,
restriction, objection) recorded."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Client
from servicedesk.models import AccessLog, DataRequest, DataSubjectRequest, Notification
from servicedesk.services import breaches
from servicedesk.services import data_requests as services
from servicedesk.services.data_requests import IdentityNotChecked, due_date

pytestmark = pytest.mark.django_db


def reminders(kind: str, user=None) -> list[Notification]:
    rows = Notification.objects.filter(kind=kind)
    if user is not None:
        rows = rows.filter(recipient=user)
    return list(rows)


# --- Registration and the due date ----------------------------------------------------------


@pytest.mark.rule("2.1.6.1")
@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 3, 10), date(2026, 4, 10)),  # the same date of the next month
        (date(2026, 1, 31), date(2026, 3, 2)),  # no 31 February: 28.02., a Saturday → Monday
        (date(2026, 4, 18), date(2026, 5, 18)),  # 18.05.2026. is a Monday
        (date(2026, 4, 4), date(2026, 5, 5)),  # 04.05. is a public holiday → the next day
    ],
)
def test_the_answer_is_due_one_month_after_receipt(received, due):
    assert due_date(received) == due


@pytest.mark.rule("2.1.6.1")
def test_the_period_is_a_setting(settings):
    settings.DATA_REQUEST_MONTHS = 2
    assert due_date(date(2026, 3, 10)) == date(2026, 5, 11)  # 10.05.2026. is a Sunday


@pytest.mark.rule("2.1.6.1")
def test_a_request_is_registered_on_the_screen_with_its_due_date(dpo, client_for, make_client):
    client = make_client()
    received = timezone.localdate() - timedelta(days=3)
    response = client_for(dpo).post(
        f"/privacy/requests/new/?client={client.pk}",
        {
            "received_on": received.isoformat(),
            "kind": "access",
            "channel": "letter",
            "requester_name": "Anna Bērziņa",
            "requester_contact": "anna@example.lv",
        },
    )
    assert response.status_code == 302
    registered = DataRequest.objects.get()
    assert registered.received_on == received
    assert registered.due_on == due_date(received)
    assert registered.state == DataRequest.State.OPEN
    assert (registered.subject_type, registered.subject_id) == ("cases.client", client.pk)
    assert registered.registered_by == dpo
    page = client_for(dpo).get(response["Location"]).content.decode()
    assert registered.number in page
    assert registered.due_on.strftime("%d.%m.%Y.") in page
    # registering disclosed nothing
    assert not DataSubjectRequest.objects.exists()
    assert not AccessLog.objects.filter(action="export").exists()


@pytest.mark.rule("2.1.6.1")
def test_a_wrong_registration_keeps_what_was_typed(dpo, client_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(dpo).post(
        "/privacy/requests/new/",
        {
            "received_on": tomorrow.isoformat(),
            "kind": "erasure",
            "channel": "email",
            "requester_name": "Pēteris Kalniņš",
            "description": "Lūdzu dzēst manus datus",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Pēteris Kalniņš" in html and "Lūdzu dzēst manus datus" in html
    assert not DataRequest.objects.exists()


# --- Reminders -----------------------------------------------------------------------------


@pytest.mark.rule("2.1.6.1")
def test_the_contacts_are_reminded_once_before_the_due_date_and_once_when_overdue(
    dpo, admin, make_client, data_request
):
    request = data_request(make_client(), received_on=timezone.localdate() - timedelta(days=20))
    assert services.data_requests_send_reminders(today=request.due_on - timedelta(days=10)) == 0
    assert not reminders("data_request_due_soon")

    soon = request.due_on - timedelta(days=2)
    assert services.data_requests_send_reminders(today=soon) == 1
    first = reminders("data_request_due_soon", dpo)
    assert {n.channel for n in first} == {"email", "in_app"}
    assert request.number in first[0].subject
    services.data_requests_send_reminders(today=soon)  # the daily task runs again
    services.data_requests_send_reminders(today=soon + timedelta(days=1))
    assert len(reminders("data_request_due_soon", dpo)) == 2  # still one e-mail, one in-app

    late = request.due_on + timedelta(days=1)
    services.data_requests_send_reminders(today=late)
    services.data_requests_send_reminders(today=late)
    services.data_requests_send_reminders(today=late + timedelta(days=3))
    assert len(reminders("data_request_overdue", dpo)) == 2
    # a data protection contact exists: the administrators are not disturbed
    assert not reminders("data_request_due_soon", admin)
    assert not reminders("data_request_overdue", admin)


@pytest.mark.rule("2.1.6.1")
def test_without_a_data_protection_contact_the_administrators_are_reminded(admin, make_client):
    client = make_client()
    request = services.data_request_register(
        actor=admin,
        received_on=timezone.localdate() - timedelta(days=40),
        kind="access",
        channel="email",
        requester_name="Anna Bērziņa",
        subject_type="cases.client",
        subject_id=client.pk,
    )
    services.data_requests_send_reminders()
    assert reminders("data_request_overdue", admin)
    assert request.due_on < timezone.localdate()


@pytest.mark.rule("2.1.6.1")
def test_a_closed_request_is_not_reminded_of(dpo, make_client, data_request):
    request = data_request(make_client(), received_on=timezone.localdate() - timedelta(days=40))
    services.data_request_close(
        actor=dpo, data_request=request, state="refused", outcome="Identitāti neizdevās pārbaudīt"
    )
    assert services.data_requests_send_reminders() == 0


@pytest.mark.rule("2.1.6.1")
def test_the_register_shows_an_overdue_request(dpo, client_for, make_client, data_request):
    request = data_request(make_client(), received_on=timezone.localdate() - timedelta(days=40))
    html = client_for(dpo).get("/privacy/").content.decode()
    row = html[html.index(request.number) :]
    row = row[: row.index("</tr>")]
    assert "text-bg-danger" in row


# --- The identity check before anything is disclosed or changed ------------------------------


@pytest.mark.rule("2.1.6.1")
def test_export_is_refused_before_the_identity_check_and_allowed_after(
    dpo, client_for, make_client, data_request
):
    client = make_client()
    request = data_request(client, verified=False)
    browser = client_for(dpo)
    page = browser.get(f"/privacy/requests/{request.pk}/").content.decode()
    assert 'id="identity-missing"' in page
    assert f"/privacy/requests/{request.pk}/export.pdf" not in page  # not offered

    refused = browser.post(f"/privacy/requests/{request.pk}/export.pdf")
    assert refused.status_code == 302
    assert refused["Content-Type"].startswith("text/html")
    assert not DataSubjectRequest.objects.exists()
    assert not AccessLog.objects.filter(action="export").exists()
    shown = browser.get(refused["Location"]).content.decode()
    assert "alert-danger" in shown  # the refusal is said, not a success

    recorded = browser.post(
        f"/privacy/requests/{request.pk}/identity/",
        {"method": "document", "details": "Pase uzrādīta klātienē"},
    )
    assert recorded.status_code == 302
    request.refresh_from_db()
    assert request.identity_method == "document"
    assert request.identity_checked_by == dpo
    assert request.identity_checked_at is not None

    allowed = browser.post(f"/privacy/requests/{request.pk}/export.pdf")
    assert allowed.status_code == 200
    assert allowed["Content-Type"] == "application/pdf"
    assert DataSubjectRequest.objects.get().data_request == request


@pytest.mark.rule("2.1.6.1")
def test_erasure_rectification_and_restriction_are_refused_before_the_identity_check(
    dpo, make_client, data_request
):
    client = make_client()
    with pytest.raises(IdentityNotChecked):
        services.data_request_erase(
            actor=dpo, data_request=data_request(client, "erasure", verified=False)
        )
    with pytest.raises(IdentityNotChecked):
        services.data_request_rectify(
            actor=dpo,
            data_request=data_request(client, "rectification", verified=False),
            values={"name": "Cits Vārds"},
        )
    with pytest.raises(IdentityNotChecked):
        services.data_request_restrict(
            actor=dpo,
            data_request=data_request(client, "restriction", verified=False),
            ground="accuracy",
        )
    assert Client.objects.get(pk=client.pk).name == "Anna Bērziņa"
    assert not DataRequest.objects.filter(restricted_at__isnull=False).exists()


@pytest.mark.rule("2.1.6.1")
def test_the_identity_check_form_keeps_what_was_typed(dpo, client_for, make_client, data_request):
    request = data_request(make_client(), verified=False)
    response = client_for(dpo).post(
        f"/privacy/requests/{request.pk}/identity/", {"method": "other", "details": ""}
    )
    assert response.status_code == 400
    assert re.search(r'<input[^>]*value="other"[^>]*checked', response.content.decode())
    request.refresh_from_db()
    assert not request.identity_checked


@pytest.mark.rule("2.1.6.1")
def test_a_request_is_linked_to_the_client_found_by_the_search(dpo, client_for, make_client):
    client = make_client()
    request = services.data_request_register(
        actor=dpo,
        received_on=timezone.localdate(),
        kind="access",
        channel="email",
        requester_name="Anna Bērziņa",
    )
    browser = client_for(dpo)
    page = browser.get(f"/privacy/requests/{request.pk}/?q=26123456").content.decode()
    assert f'name="client" value="{client.pk}"' in page
    browser.post(f"/privacy/requests/{request.pk}/subject/", {"client": client.pk})
    request.refresh_from_db()
    assert request.subject_id == client.pk
    assert "Bērziņa" not in request.subject_label


# --- Each kind's own step -----------------------------------------------------------------


@pytest.mark.rule("2.1.6.1")
def test_done_needs_what_the_request_asks_for(dpo, client_for, make_client, data_request):
    request = data_request(make_client())
    browser = client_for(dpo)
    url = f"/privacy/requests/{request.pk}/close/"
    answer = "Izraksts nodots klātienē 12.03."
    refused = browser.post(url, {"state": "done", "outcome": answer})
    assert refused.status_code == 400
    assert answer in refused.content.decode()  # what was typed is kept
    request.refresh_from_db()
    assert request.state == DataRequest.State.OPEN
    browser.post(f"/privacy/requests/{request.pk}/export.json")
    assert browser.post(url, {"state": "done", "outcome": answer}).status_code == 302
    request.refresh_from_db()
    assert request.state == DataRequest.State.DONE and request.closed_by == dpo
    assert request.outcome == answer


@pytest.mark.rule("2.1.6.1")
def test_rectification_corrects_the_client_and_is_recorded(
    dpo, reception, client_for, make_client, data_request
):
    client = make_client(service_address="Rīgas iela 1")
    request = data_request(client, "rectification")
    browser = client_for(dpo)
    page = browser.get(f"/privacy/requests/{request.pk}/").content.decode()
    assert 'value="Rīgas iela 1"' in page  # the current values are offered
    response = browser.post(
        f"/privacy/requests/{request.pk}/rectify/",
        {
            "name": "Anna Bērziņa-Ozola",
            "contract_number": "",
            "service_address": "Rīgas iela 10",
            "email": "anna@example.lv",
            "registration_number": "",
            "phones": "26 123 456\n29 999 888",
        },
    )
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.name == "Anna Bērziņa-Ozola"
    assert client.service_address == "Rīgas iela 10"
    assert set(client.phones.values_list("number", flat=True)) == {"+37126123456", "+37129999888"}
    request.refresh_from_db()
    assert request.rectified_at is not None
    assert len(request.rectified_fields) == 3  # name, address, phones; the e-mail was unchanged
    # the client card's change history says who changed what
    latest = Client.audit_trail.filter(id=client.pk).order_by("-history_date").first()
    assert latest.name == "Anna Bērziņa-Ozola" and latest.history_user == dpo
    page = browser.get(f"/privacy/requests/{request.pk}/").content.decode()
    assert 'id="rectified"' in page
    assert (
        browser.post(
            f"/privacy/requests/{request.pk}/close/",
            {"state": "done", "outcome": "Vēstule nosūtīta"},
        ).status_code
        == 302
    )


@pytest.mark.rule("2.1.6.1")
def test_a_wrong_correction_is_shown_again_with_what_was_typed(
    dpo, client_for, make_client, data_request
):
    client = make_client()
    request = data_request(client, "rectification")
    response = client_for(dpo).post(
        f"/privacy/requests/{request.pk}/rectify/",
        {"name": "Anna Jaunā", "email": "nav-epasts", "phones": "26 123 456"},
    )
    assert response.status_code == 400
    assert "Anna Jaunā" in response.content.decode()
    client.refresh_from_db()
    assert client.name == "Anna Bērziņa"
    request.refresh_from_db()
    assert request.rectified_at is None


@pytest.mark.rule("2.1.6.1")
def test_a_restriction_shows_on_the_client_card_until_it_is_lifted(
    dpo, reception, client_for, make_client, data_request
):
    client = make_client()
    request = data_request(client, "restriction")
    card = f"/cases/clients/{client.pk}/"
    notice = f'id="processing-restricted-{request.pk}"'
    assert notice not in client_for(reception).get(card).content.decode()

    response = client_for(dpo).post(
        f"/privacy/requests/{request.pk}/restrict/", {"ground": "accuracy"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.restriction_active and request.restriction_ground == "accuracy"
    html = client_for(reception).get(card).content.decode()
    assert notice in html and request.number in html
    assert notice in client_for(reception).get(f"/cases/clients/{client.pk}/edit/").content.decode()

    client_for(dpo).post(
        f"/privacy/requests/{request.pk}/lift-restriction/",
        {"reason": "Datu precizitāte pārbaudīta", "informed": "on"},
    )
    request.refresh_from_db()
    assert request.restriction_lifted_at is not None
    assert notice not in client_for(reception).get(card).content.decode()


@pytest.mark.rule("2.1.6.1")
def test_an_objection_is_recorded_with_the_decision_and_reason(
    dpo, reception, client_for, make_client, data_request
):
    client = make_client()
    upheld = data_request(client, "objection")
    response = client_for(dpo).post(
        f"/privacy/requests/{upheld.pk}/objection/",
        {
            "processing": "Apmierinātības aptaujas pēc kontakta",
            "decision": "upheld",
            "reason": "Aptaujas nav nepieciešamas uzdevuma izpildei",
        },
    )
    assert response.status_code == 302
    upheld.refresh_from_db()
    assert upheld.objection_upheld is True
    assert upheld.state == DataRequest.State.DONE
    assert upheld.outcome == "Aptaujas nav nepieciešamas uzdevuma izpildei"
    card = client_for(reception).get(f"/cases/clients/{client.pk}/").content.decode()
    assert f'id="processing-restricted-{upheld.pk}"' in card
    assert "Apmierinātības aptaujas pēc kontakta" in card

    rejected = data_request(client, "objection")
    services.data_request_decide_objection(
        actor=dpo,
        data_request=rejected,
        processing="Sūdzību reģistrs",
        upheld=False,
        reason="Likums par iesniegumiem prasa reģistrēt",
    )
    rejected.refresh_from_db()
    assert rejected.objection_upheld is False and rejected.state == DataRequest.State.REFUSED
    page = client_for(dpo).get(f"/privacy/requests/{rejected.pk}/").content.decode()
    assert "Likums par iesniegumiem prasa reģistrēt" in page


@pytest.mark.rule("2.1.6.1")
def test_an_objection_without_a_reason_is_refused_and_the_form_kept(
    dpo, client_for, make_client, data_request
):
    request = data_request(make_client(), "objection")
    response = client_for(dpo).post(
        f"/privacy/requests/{request.pk}/objection/",
        {"processing": "Aptaujas", "decision": "rejected", "reason": ""},
    )
    assert response.status_code == 400
    assert 'value="Aptaujas"' in response.content.decode()
    request.refresh_from_db()
    assert request.objection_upheld is None and request.state == DataRequest.State.OPEN


# --- The extension (art. 12(3)) ------------------------------------------------------------


@pytest.mark.rule("2.1.6.1")
def test_the_period_is_extended_by_two_months_once_with_a_reason_and_a_notice(
    dpo, client_for, make_client, data_request
):
    received = timezone.localdate() - timedelta(days=10)
    request = data_request(make_client(), received_on=received)
    browser = client_for(dpo)
    missing = browser.post(
        f"/privacy/requests/{request.pk}/extend/",
        {"reason": "Daudz pieprasījumu", "notice": "", "notified_on": timezone.localdate()},
    )
    assert missing.status_code == 400
    assert "Daudz pieprasījumu" in missing.content.decode()

    browser.post(
        f"/privacy/requests/{request.pk}/extend/",
        {
            "reason": "Dati jāvāc no arhīva",
            "notice": "E-pasts anna@example.lv",
            "notified_on": timezone.localdate().isoformat(),
        },
    )
    request.refresh_from_db()
    assert request.due_on == due_date(received, months=3)
    assert request.original_due_on == due_date(received)
    assert request.extended_by == dpo
    with pytest.raises(ValidationError):
        services.data_request_extend(
            actor=dpo, data_request=request, reason="Vēl", notice="E-pasts", notified_on=received
        )


@pytest.mark.rule("2.1.6.1")
def test_an_extension_must_be_told_within_the_first_month(dpo, make_client, data_request):
    received = timezone.localdate() - timedelta(days=50)
    request = data_request(make_client(), received_on=received)
    with pytest.raises(ValidationError) as refused:
        services.data_request_extend(
            actor=dpo,
            data_request=request,
            reason="Sarežģīts",
            notice="Vēstule",
            notified_on=timezone.localdate(),
        )
    assert "notified_on" in refused.value.error_dict
    request.refresh_from_db()
    assert not request.is_extended


@pytest.mark.rule("2.1.6.1")
@pytest.mark.parametrize("who", ["reception", "head", "outsider"])
def test_only_data_protection_handlers_see_the_register(
    who, personas, client_for, make_client, data_request
):
    request = data_request(make_client())
    browser = client_for(personas[who])
    assert browser.get(f"/privacy/requests/{request.pk}/").status_code == 403
    assert browser.get("/privacy/requests/new/").status_code == 403
    assert (
        browser.post(
            f"/privacy/requests/{request.pk}/identity/", {"method": "document"}
        ).status_code
        == 403
    )


def test_the_register_query_count_does_not_grow_with_requests(
    dpo, client_for, make_client, data_request
):
    client = make_client()
    browser = client_for(dpo)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert browser.get("/privacy/").status_code == 200
        return len(queries.captured_queries)

    data_request(client)
    browser.get("/privacy/")  # warm the session
    few = count()
    for _ in range(8):
        data_request(client, received_on=timezone.localdate() - timedelta(days=40))
    assert count() == few


@pytest.mark.rule("2.1.6.1")
def test_the_reminders_run_daily_from_celery_beat(settings, dpo, make_client, data_request):
    from servicedesk import tasks

    schedule = settings.CELERY_BEAT_SCHEDULE["data-request-reminders"]
    assert schedule["task"] == tasks.remind_data_requests.name
    assert settings.CELERY_BEAT_SCHEDULE["data-breach-reminders"]["task"] == (
        tasks.remind_data_breaches.name
    )
    data_request(make_client(), received_on=timezone.localdate() - timedelta(days=40))
    tasks.remind_data_requests.apply()
    tasks.remind_data_requests.apply()
    assert len(reminders("data_request_overdue", dpo)) == 2  # e-mail and in-app, once


def _figure(html: str, href: str) -> int:
    match = re.search(
        rf'<a href="{re.escape(href)}">[^<]*</a>\s*<span class="badge[^"]*">(\d+)</span>', html
    )
    return int(match.group(1)) if match else -1


@pytest.mark.rule("2.1.6.1")
def test_the_start_page_shows_the_data_protection_contact_what_waits(
    dpo, reception, client_for, make_client, data_request
):
    client = make_client()
    data_request(client)
    data_request(client, received_on=timezone.localdate() - timedelta(days=40))
    breaches.breach_register(
        actor=dpo,
        discovered_at=timezone.now() - timedelta(hours=3),
        description="Nozaudēts USB",
        data_categories="Vārdi",
        subject_categories="Klienti",
        consequences="Maza",
        measures="Meklē",
    )
    html = client_for(dpo).get("/").content.decode()
    assert _figure(html, "/privacy/#data-requests") == 1
    assert _figure(html, "/privacy/") == 2
    assert _figure(html, "/privacy/breaches/") == 1
    assert "/privacy/breaches/" not in client_for(reception).get("/").content.decode()
