"""The register of personal data breaches (2.1.6.1, GDPR art. 33–34): kept in the desk's own
screens by whoever handles data requests, with the 72-hour clock from discovery, its
reminders, and what the Data State Inspectorate and the people were told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from servicedesk.models import DataBreach, Notification
from servicedesk.services import breaches as services

pytestmark = pytest.mark.django_db

FIELDS = {
    "description": "Vēstule ar sūdzības atbildi nosūtīta nepareizam adresātam",
    "data_categories": "Vārds, uzvārds, adrese, sūdzības teksts",
    "subject_categories": "Klienti",
    "approx_subjects": 1,
    "approx_records": 1,
    "consequences": "Trešā persona uzzina par sūdzību",
    "measures": "Adresāts lūgts vēstuli iznīcināt",
}


def breach(actor, *, hours_ago: float, minutes: int = 0) -> DataBreach:
    return services.breach_register(
        actor=actor,
        discovered_at=timezone.now() - timedelta(hours=hours_ago, minutes=minutes),
        **FIELDS,
    )


@pytest.mark.rule("2.1.6.1")
def test_a_breach_is_registered_on_the_screen_and_the_contacts_are_told(dpo, client_for):
    discovered = timezone.localtime() - timedelta(hours=2)
    response = client_for(dpo).post(
        "/privacy/breaches/new/",
        {**FIELDS, "discovered_at": discovered.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    registered = DataBreach.objects.get()
    assert registered.registered_by == dpo
    assert registered.authority_notice == DataBreach.AuthorityNotice.PENDING
    told = Notification.objects.filter(kind="data_breach_registered", recipient=dpo)
    assert told.exists() and registered.number in told.first().subject
    listing = client_for(dpo).get("/privacy/breaches/").content.decode()
    assert registered.number in listing


@pytest.mark.rule("2.1.6.1")
def test_a_wrong_breach_form_keeps_what_was_typed(dpo, client_for):
    future = timezone.localtime() + timedelta(hours=3)
    response = client_for(dpo).post(
        "/privacy/breaches/new/",
        {**FIELDS, "discovered_at": future.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert FIELDS["description"] in response.content.decode()
    assert not DataBreach.objects.exists()


@pytest.mark.rule("2.1.6.1")
def test_the_72_hour_clock_shows_the_time_left(dpo, client_for):
    pending = breach(dpo, hours_ago=10, minutes=30)
    html = client_for(dpo).get(f"/privacy/breaches/{pending.pk}/").content.decode()
    clock = html[html.index('id="clock"') :][:600]
    assert "61 h 29 min" in clock
    assert "text-bg-warning" in clock
    deadline = timezone.localtime(pending.authority_deadline).strftime("%d.%m.%Y. %H:%M")
    assert deadline in clock


@pytest.mark.rule("2.1.6.1")
def test_the_72_hour_clock_shows_an_overdue_breach_in_the_list(dpo, client_for):
    late = breach(dpo, hours_ago=80)
    html = client_for(dpo).get("/privacy/breaches/").content.decode()
    row = html[html.index(late.number) :]
    row = row[: row.index("</tr>")]
    assert "8 h 0 min" in row
    assert "text-bg-danger" in row
    assert late.authority_overdue


@pytest.mark.rule("2.1.6.1")
def test_the_clock_stops_when_the_inspectorate_is_notified(dpo, client_for):
    pending = breach(dpo, hours_ago=30)
    notified_at = timezone.localtime() - timedelta(hours=1)
    response = client_for(dpo).post(
        f"/privacy/breaches/{pending.pk}/authority/",
        {
            "notice": "notified",
            "notified_at": notified_at.strftime("%Y-%m-%dT%H:%M"),
            "note": "DVI paziņojums Nr. 12",
        },
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.authority_notice == DataBreach.AuthorityNotice.NOTIFIED
    assert not pending.notified_late
    html = client_for(dpo).get(f"/privacy/breaches/{pending.pk}/").content.decode()
    clock = html[html.index('id="clock"') :][:600]
    assert " h " not in clock  # no time left or overdue any more
    assert "text-bg-success" in clock
    assert "DVI paziņojums Nr. 12" in html


@pytest.mark.rule("2.1.6.1")
def test_a_late_notice_needs_the_reasons_for_the_delay(dpo, client_for):
    late = breach(dpo, hours_ago=100)
    notified_at = timezone.localtime() - timedelta(hours=1)
    response = client_for(dpo).post(
        f"/privacy/breaches/{late.pk}/authority/",
        {"notice": "notified", "notified_at": notified_at.strftime("%Y-%m-%dT%H:%M"), "note": ""},
    )
    assert response.status_code == 400
    assert notified_at.strftime("%Y-%m-%dT%H:%M") in response.content.decode()
    late.refresh_from_db()
    assert late.authority_pending


@pytest.mark.rule("2.1.6.1")
def test_not_notifying_needs_a_reason_and_informing_people_is_recorded(dpo, client_for):
    minor = breach(dpo, hours_ago=5)
    browser = client_for(dpo)
    assert (
        browser.post(
            f"/privacy/breaches/{minor.pk}/authority/", {"notice": "not_required", "note": ""}
        ).status_code
        == 400
    )
    browser.post(
        f"/privacy/breaches/{minor.pk}/authority/",
        {"notice": "not_required", "note": "Vēstule atgriezta neatvērta"},
    )
    informed_at = timezone.localtime() - timedelta(hours=1)
    browser.post(
        f"/privacy/breaches/{minor.pk}/subjects/",
        {
            "notice": "informed",
            "informed_at": informed_at.strftime("%Y-%m-%dT%H:%M"),
            "note": "Piezvanīts klientei",
        },
    )
    minor.refresh_from_db()
    assert minor.authority_notice == DataBreach.AuthorityNotice.NOT_REQUIRED
    assert minor.subjects_notice == DataBreach.SubjectsNotice.INFORMED
    assert minor.subjects_note == "Piezvanīts klientei"


@pytest.mark.rule("2.1.6.1")
def test_the_contacts_are_reminded_before_the_72_hours_end_and_when_they_have(dpo):
    pending = breach(dpo, hours_ago=1)
    now = timezone.now()
    assert services.breaches_send_reminders(now=now) == 0
    soon = pending.discovered_at + timedelta(hours=60)
    assert services.breaches_send_reminders(now=soon) == 1
    services.breaches_send_reminders(now=soon + timedelta(hours=1))
    assert Notification.objects.filter(kind="data_breach_due_soon", recipient=dpo).count() == 2
    late = pending.discovered_at + timedelta(hours=73)
    services.breaches_send_reminders(now=late)
    services.breaches_send_reminders(now=late + timedelta(hours=1))
    assert Notification.objects.filter(kind="data_breach_overdue", recipient=dpo).count() == 2
    services.breach_record_authority(
        actor=dpo, breach=pending, notice="not_required", note="Šifrēts datu nesējs"
    )
    assert services.breaches_send_reminders(now=late + timedelta(hours=5)) == 0


@pytest.mark.rule("2.1.6.1")
@pytest.mark.parametrize("who", ["reception", "head", "outsider"])
def test_only_data_protection_handlers_see_the_breach_register(who, personas, dpo, client_for):
    recorded = breach(dpo, hours_ago=1)
    browser = client_for(personas[who])
    assert browser.get("/privacy/breaches/").status_code == 403
    assert browser.get(f"/privacy/breaches/{recorded.pk}/").status_code == 403
    assert browser.post("/privacy/breaches/new/", FIELDS).status_code == 403


def test_the_breach_list_query_count_does_not_grow(dpo, client_for):
    browser = client_for(dpo)
    breach(dpo, hours_ago=1)
    browser.get("/privacy/breaches/")  # warm the session

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert browser.get("/privacy/breaches/").status_code == 200
        return len(queries.captured_queries)

    few = count()
    for hours in range(8):
        breach(dpo, hours_ago=hours * 20)
    assert count() == few
