"""The rules in the flow (2.1.1.2, 4.10.1, 4.12.1–4.12.3): our error, order issues, abusive
clients and the Annex 1 conflict log."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cases import annex1, services
from cases.models import Channel, ConflictAction, Outcome
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
