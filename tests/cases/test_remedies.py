"""Remedies of our errors (2.1.1.2): "dara visu iespējamo, lai novērstu kļūdas negatīvās
sekas" — an error recorded opens a remedy with what will be done, an owner and a deadline,
tracked to done or cancelled, on the owner's list and start page, with overdue said in words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from cases import services
from cases.models import Channel, Outcome, Remedy
from servicedesk.models import Notification

pytestmark = pytest.mark.django_db


def _plan(owner, days=3, action="Pārrēķināt rēķinu un nosūtīt labojumu"):
    return services.RemedyPlan(action, owner, timezone.localdate() + timedelta(days=days))


def _flag(contact, actor, plan):
    return services.contact_flag_our_error(
        actor=actor, contact=contact, apologised=True, told_right_to_complain=True, remedy=plan
    )


def _form(owner, days=3, **more):
    return {
        "apologised": "on",
        "told_right_to_complain": "on",
        "remedy_action": "Atcelt nepamatoto soda naudu",
        "remedy_owner": owner.pk,
        "remedy_due": (timezone.localdate() + timedelta(days=days)).isoformat(),
        **more,
    }


@pytest.mark.rule("2.1.1.2")
def test_marking_our_error_opens_a_remedy_with_owner_and_deadline(
    reception, reception2, make_contact
):
    contact = make_contact()
    _flag(contact, reception, _plan(reception2))
    remedy = contact.remedies.get()
    assert remedy.status == Remedy.Status.OPEN
    assert remedy.owner == reception2 and remedy.opened_by == reception
    assert remedy.due_on == timezone.localdate() + timedelta(days=3)
    # The owner is told, with a link and without the client.
    told = Notification.objects.filter(recipient=reception2, kind="cases.remedy_assigned")
    assert told.exists()
    assert all(f"/cases/remedies/{remedy.pk}/" in n.link for n in told)


@pytest.mark.rule("2.1.1.2")
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"action": "  "}, "remedy_action"),
        ({"due_on": "past"}, "remedy_due"),
        ({"due_on": None}, "remedy_due"),
        ({"owner": "inactive"}, "remedy_owner"),
        ({"owner": None}, "remedy_owner"),
    ],
)
def test_a_remedy_needs_an_action_an_active_owner_and_a_deadline_not_past(
    reception, reception2, make_contact, change, field
):
    contact = make_contact()
    plan = _plan(reception2)
    values = {"action": plan.action, "owner": plan.owner, "due_on": plan.due_on, **change}
    if values["due_on"] == "past":
        values["due_on"] = timezone.localdate() - timedelta(days=1)
    if values["owner"] == "inactive":
        reception2.is_active = False
        reception2.save()
        values["owner"] = reception2
    with pytest.raises(ValidationError) as refused:
        _flag(contact, reception, services.RemedyPlan(**values))
    assert field in refused.value.message_dict
    contact.refresh_from_db()
    assert not contact.our_error and not contact.remedies.exists()


def test_an_outsider_cannot_own_a_remedy(reception, outsider, make_contact):
    contact = make_contact()
    with pytest.raises(ValidationError) as refused:
        _flag(contact, reception, _plan(outsider))
    assert "remedy_owner" in refused.value.message_dict


@pytest.mark.rule("2.1.1.2")
def test_logging_a_contact_with_our_error_opens_its_remedy(reception, make_contact):
    contact = make_contact(
        our_error=True, apologised=True, told_right_to_complain=True, remedy=_plan(reception)
    )
    assert Outcome.OUR_ERROR in contact.outcome_codes
    assert contact.remedies.get().owner == reception


@pytest.mark.rule("2.1.1.2")
def test_logging_our_error_without_a_remedy_is_refused(reception, make_contact):
    with pytest.raises(ValidationError) as refused:
        make_contact(our_error=True, apologised=True, told_right_to_complain=True)
    assert {"remedy_action", "remedy_owner", "remedy_due"} <= set(refused.value.message_dict)


@pytest.mark.rule("2.1.1.2")
def test_the_contact_screen_records_our_error_with_its_remedy(reception, client_for):
    page = client_for(reception).post(
        "/cases/new/",
        {
            "channel": Channel.VISIT,
            "language": "lv",
            "summary": "Nepareizi aprēķināts rēķins",
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M:%S"),
            "our_error": "on",
            **_form(reception),
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    remedy = Remedy.objects.get()
    assert remedy.action == "Atcelt nepamatoto soda naudu" and remedy.contact.our_error


@pytest.mark.rule("2.1.1.2")
def test_the_owner_completes_the_remedy_saying_what_was_done(
    reception, reception2, make_contact, client_for
):
    contact = make_contact()
    _flag(contact, reception, _plan(reception2))
    remedy = contact.remedies.get()
    browser = client_for(reception2)
    page = browser.get(f"/cases/remedies/{remedy.pk}/")
    assert "Pārrēķināt rēķinu" in page.content.decode()
    refused = browser.post(f"/cases/remedies/{remedy.pk}/", {"outcome": " "})
    assert refused.status_code == 422
    done = browser.post(f"/cases/remedies/{remedy.pk}/", {"outcome": "Rēķins pārrēķināts"})
    assert done.status_code == 302
    remedy.refresh_from_db()
    assert remedy.status == Remedy.Status.DONE and remedy.outcome == "Rēķins pārrēķināts"
    assert remedy.closed_by == reception2 and remedy.closed_at is not None
    contact_page = client_for(reception).get(f"/cases/{contact.pk}/").content.decode()
    assert 'id="remedies"' in contact_page and "Rēķins pārrēķināts" in contact_page


@pytest.mark.rule("2.1.1.2")
def test_a_remedy_is_cancelled_only_with_a_reason_and_closes_once(
    reception, reception2, make_contact
):
    contact = make_contact()
    remedy = _flag(contact, reception, _plan(reception2)).remedies.get()
    with pytest.raises(ValidationError):
        services.remedy_cancel(actor=reception2, remedy=remedy, reason="")
    services.remedy_cancel(actor=reception2, remedy=remedy, reason="Klients atsauca prasību")
    remedy.refresh_from_db()
    assert remedy.status == Remedy.Status.CANCELLED
    with pytest.raises(ValidationError):
        services.remedy_complete(actor=reception2, remedy=remedy, outcome="Izdarīts")


def test_a_colleague_who_neither_owns_nor_opened_it_cannot_close_it(
    reception, reception2, expert, make_contact, client_for
):
    contact = make_contact()
    remedy = _flag(contact, reception, _plan(reception2)).remedies.get()
    with pytest.raises(ValidationError):
        services.remedy_complete(actor=expert, remedy=remedy, outcome="Izdarīts")
    page = client_for(expert).post(f"/cases/remedies/{remedy.pk}/", {"outcome": "Izdarīts"})
    assert page.status_code == 422
    remedy.refresh_from_db()
    assert remedy.status == Remedy.Status.OPEN


@pytest.mark.rule("2.1.1.2")
def test_the_owners_list_and_start_page_say_what_is_overdue(
    reception, reception2, make_contact, client_for
):
    contact = make_contact()
    late = _flag(contact, reception, _plan(reception2)).remedies.get()
    # A remedy whose deadline has passed since it was opened.
    Remedy.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    services.remedy_open(actor=reception, contact=contact, plan=_plan(reception2, days=0))
    browser = client_for(reception2)
    listing = browser.get("/cases/remedies/").content.decode()
    overdue = ngettext("overdue by %(days)d day", "overdue by %(days)d days", 2) % {"days": 2}
    assert overdue in listing
    assert gettext("due today") in listing
    start = browser.get("/").content.decode()
    assert gettext("Remedies of our errors past their deadline") in start
    assert "/cases/remedies/" in start


@pytest.mark.rule("2.1.1.2")
def test_another_remedy_can_be_opened_from_the_contact(reception, make_contact, client_for):
    contact = make_contact()
    _flag(contact, reception, _plan(reception))
    browser = client_for(reception)
    data = {k: v for k, v in _form(reception).items() if k.startswith("remedy_")}
    assert browser.post(f"/cases/{contact.pk}/remedy/", data).status_code == 302
    assert contact.remedies.count() == 2
    past = {**data, "remedy_due": (timezone.localdate() - timedelta(days=1)).isoformat()}
    refused = browser.post(f"/cases/{contact.pk}/remedy/", past)
    assert refused.status_code == 422
    assert contact.remedies.count() == 2


def test_no_remedy_for_a_contact_not_marked_as_our_error(reception, make_contact):
    with pytest.raises(ValidationError):
        services.remedy_open(actor=reception, contact=make_contact(), plan=_plan(reception))


def test_the_owner_is_told_by_email_without_the_clients_details(
    reception, reception2, make_client, make_contact, django_capture_on_commit_callbacks
):
    client = make_client(name="Jānis Ozoliņš")
    contact = make_contact(client=client)
    with django_capture_on_commit_callbacks(execute=True):
        _flag(contact, reception, _plan(reception2))
    sent = [m for m in mail.outbox if reception2.email in m.to]
    assert sent and all("Jānis Ozoliņš" not in m.body for m in sent)
