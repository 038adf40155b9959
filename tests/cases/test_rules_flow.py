"""The rules in the flow (2.1.1.2, 4.10.1, 4.12.1–4.12.3): our error, order issues, abusive
clients and the Annex 1 conflict log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import annex1, services
from cases.models import Channel, ConflictAction, OrderIssue, Outcome
from servicedesk.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.rule("4.10.1")
def test_order_issue_notifies_the_unit_head_at_once(
    reception,
    unithead,
    operations_unit,
    client_for,
    make_contact,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    contact = make_contact()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(reception).post(
            f"/cases/{contact.pk}/order-issue/",
            {
                "unit": operations_unit.pk,
                "order_reference": "P-2026/881",
                "description": "Konteiners nav izvests jau 2 nedēļas",
            },
        )
    assert response.status_code == 302
    rows = Notification.objects.filter(kind="cases.order_issue", recipient=unithead)
    assert {r.channel for r in rows} == {"email", "in_app"}
    assert rows.first().rule_clause == "4.10.1"
    assert [m.to for m in mailoutbox] == [[unithead.email]]
    assert "P-2026/881" in mailoutbox[0].body
    assert Outcome.ORDER_ISSUE in contact.outcome_codes


@pytest.mark.rule("4.10.1")
def test_the_unit_head_closes_an_order_issue_and_the_reporter_is_told(
    reception, unithead, expert, operations_unit, client_for, make_contact
):
    issue = services.order_issue_report(
        actor=reception, contact=make_contact(), unit=operations_unit, description="Kavējas"
    )
    lv = {"HTTP_ACCEPT_LANGUAGE": "lv"}
    head_page = client_for(unithead).get("/cases/order-issues/", **lv).content.decode()
    assert "Kavējas" in head_page and "Slēgt un informēt ziņotāju" in head_page
    # Nobody but the unit's head closes it; the reporter sees it open.
    assert client_for(expert).post(f"/cases/order-issues/{issue.pk}/resolve/").status_code == 404
    assert (
        "atvērta" in client_for(reception).get(f"/cases/{issue.contact_id}/", **lv).content.decode()
    )

    response = client_for(unithead).post(
        f"/cases/order-issues/{issue.pk}/resolve/", {"resolution": "Izveda 1. decembrī."}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.resolution, issue.resolved_by) == ("Izveda 1. decembrī.", unithead)
    told = Notification.objects.get(kind="cases.order_issue_resolved", channel="in_app")
    assert (told.recipient, told.rule_clause) == (reception, "4.10.1")
    assert "Izveda 1. decembrī." in told.body
    mine = client_for(reception).get("/cases/order-issues/", **lv).content.decode()
    assert "Manis ziņotās" in mine and "Izveda 1. decembrī." in mine
    # Closed once: a second closing is refused.
    with pytest.raises(ValidationError):
        services.order_issue_resolve(actor=unithead, issue=issue, resolution="Vēlreiz")


@pytest.mark.rule("4.10.1")
def test_an_order_issue_open_for_days_is_overdue_in_words(
    reception, unithead, operations_unit, client_for, make_contact
):
    issue = services.order_issue_report(
        actor=reception, contact=make_contact(), unit=operations_unit, description="Kavējas"
    )
    OrderIssue.objects.filter(pk=issue.pk).update(created_at=timezone.now() - timedelta(days=4))
    page = client_for(unithead).get("/cases/order-issues/", HTTP_ACCEPT_LANGUAGE="lv")
    assert "Atvērta 4 dienas." in page.content.decode()


@pytest.mark.rule("4.10.1")
def test_order_issue_for_a_unit_without_head_goes_to_its_mailbox(
    reception, customer_service_unit, make_contact
):
    customer_service_unit.email = "klienti@aadso.lv"
    customer_service_unit.save()
    services.order_issue_report(
        actor=reception, contact=make_contact(), unit=customer_service_unit, description="Kavējas"
    )
    assert Notification.objects.get(kind="cases.order_issue").email == "klienti@aadso.lv"


@pytest.mark.rule("4.12.3")
def test_abusive_email_gets_the_templated_latvian_refusal_logged(
    reception, client_for, make_contact, django_capture_on_commit_callbacks, mailoutbox
):
    contact = make_contact(channel=Channel.EMAIL_IN, email_address="rupjs@example.lv")
    browser = client_for(reception)
    reason = {"reason": "Vēstule satur aizskarošus izteikumus par valsts pārvaldi."}
    # First the e-mail is shown as the client will get it; nothing is sent on one click.
    shown = browser.post(f"/cases/{contact.pk}/abusive-email/", reason, HTTP_ACCEPT_LANGUAGE="lv")
    page = shown.content.decode()
    assert shown.status_code == 200
    assert "rupjs@example.lv" in page and "aizskarošus izteikumus par valsts" in page
    assert "4.12.3" in page and "Nekas vēl nav nosūtīts." in page
    assert not Notification.objects.filter(kind="cases.abusive_email_refusal").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(f"/cases/{contact.pk}/abusive-email/", {**reason, "send": "1"})
    assert response.status_code == 302
    note = Notification.objects.get(kind="cases.abusive_email_refusal")
    assert (note.email, note.language, note.rule_clause) == ("rupjs@example.lv", "lv", "4.12.3")
    assert note.object_id == str(contact.pk)
    assert "aizskarošus izteikumus" in mailoutbox[0].body
    assert Outcome.ABUSIVE_EMAIL_REFUSED in contact.outcome_codes
    # The sender of a refused abusive e-mail is not offered a satisfaction survey; another
    # client with an address is.
    offer = "Nosūtīt apmierinātības aptauju"
    lv = {"HTTP_ACCEPT_LANGUAGE": "lv"}
    assert offer not in browser.get(f"/cases/{contact.pk}/", **lv).content.decode()
    polite = make_contact(channel=Channel.EMAIL_IN, email_address="laipns@example.lv")
    assert offer in browser.get(f"/cases/{polite.pk}/", **lv).content.decode()


@pytest.mark.rule("4.12.3")
def test_abusive_email_refusal_needs_an_address(reception, make_contact):
    contact = make_contact(channel=Channel.EMAIL_IN)
    with pytest.raises(ValidationError):
        services.contact_refuse_abusive_email(actor=reception, contact=contact, reason="x")


@pytest.mark.rule("4.12.1")
def test_abusive_visitor_opens_a_conflict_log(reception, client_for, make_contact):
    contact = make_contact(channel=Channel.VISIT)
    user_client = client_for(reception)
    page = user_client.get(f"/cases/{contact.pk}/").content.decode()
    assert f'action="/cases/{contact.pk}/conflict/"' in page
    user_client.post(f"/cases/{contact.pk}/conflict/")
    assert contact.conflict_log is not None
    assert Outcome.CONFLICT in contact.outcome_codes


@pytest.mark.rule("Annex 1, typical", "Annex 1, atypical")
def test_conflict_checklist_shows_six_steps_with_expected_results(
    reception, client_for, make_contact
):
    contact = make_contact(channel=Channel.VISIT)
    services.conflict_log_open(actor=reception, contact=contact)
    html = client_for(reception).get(f"/cases/{contact.pk}/conflict/").content.decode()
    assert len(annex1.TYPICAL_STEPS) == 6
    for step in annex1.TYPICAL_STEPS:
        assert step.action in html and step.result[:40] in html
    for number in ("113", "110", "112"):
        assert f"<strong>{number}</strong>" in html


@pytest.mark.rule("Annex 1, typical", "Annex 1, atypical")
def test_conflict_steps_and_atypical_actions_are_logged(reception, client_for, make_contact):
    contact = make_contact(channel=Channel.VISIT)
    user_client = client_for(reception)
    user_client.post(f"/cases/{contact.pk}/conflict/")
    user_client.post(f"/cases/{contact.pk}/conflict/step/", {"step": "1", "note": "Pamanīju"})
    user_client.post(
        f"/cases/{contact.pk}/conflict/situation/",
        {"situation": "health", "actions": ["health.3"], "note": "Izsaukta NMP"},
    )
    actions = list(ConflictAction.objects.values_list("kind", "code"))
    assert actions == [("step", "1"), ("situation", "health"), ("situation", "health.3")]
    html = user_client.get(f"/cases/{contact.pk}/conflict/").content.decode()
    assert "zvanot 113" in html and "Izsaukta NMP" in html


@pytest.mark.rule("Annex 1, atypical")
def test_aggressive_situation_shows_police_numbers():
    assert annex1.SITUATIONS["aggressive"].emergency == ("110", "112")
    assert annex1.SITUATIONS["health"].emergency == ("113",)
