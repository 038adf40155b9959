"""Order issues as team work (4.10.1, 2.1.2.2): the head of the unit, or whoever stands in
while the head is away, closes an issue or passes it to the unit that fulfils the order after
all; every open issue of the desk is listed for the colleague who answers the client next."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import Absence, OrderIssue
from servicedesk.models import Notification
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

LV = {"HTTP_ACCEPT_LANGUAGE": "lv"}


@pytest.fixture
def issue(reception, unithead, operations_unit, make_contact):
    return services.order_issue_report(
        actor=reception,
        contact=make_contact(),
        unit=operations_unit,
        description="Konteiners nav izvests",
    )


@pytest.fixture
def transport_unit(institution):
    return UnitFactory(
        institution=institution, name="Transporta nodaļa", email="transports@aadso.lv"
    )


@pytest.mark.rule("4.10.1")
def test_the_head_passes_an_issue_to_the_unit_that_fulfils_the_order(
    issue, unithead, reception, transport_unit, client_for
):
    response = client_for(unithead).post(
        f"/cases/order-issues/{issue.pk}/pass/",
        {"unit": transport_unit.pk, "reason": "Izvešanu veic transporta nodaļa"},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.unit == transport_unit and issue.passed_from.name == "Ekspluatācijas nodaļa"
    # The new unit (no head with a login) is told at its mailbox, at once.
    told = Notification.objects.filter(kind="cases.order_issue", email="transports@aadso.lv")
    assert told.count() == 1
    # The reporter reads where it went and why; the former head no longer closes it.
    page = client_for(reception).get("/cases/order-issues/", **LV).content.decode()
    assert (
        "Nodota tālāk; iepriekš: Ekspluatācijas nodaļa. Iemesls: Izvešanu veic transporta nodaļa"
        in page
    )
    refused = client_for(unithead).post(
        f"/cases/order-issues/{issue.pk}/resolve/", {"resolution": "Izvests"}
    )
    assert refused.status_code == 404


@pytest.mark.rule("4.10.1")
def test_passing_to_the_same_unit_or_without_a_reason_keeps_what_was_typed(
    issue, unithead, operations_unit, transport_unit, client_for
):
    browser = client_for(unithead)
    same = browser.post(
        f"/cases/order-issues/{issue.pk}/pass/",
        {"unit": operations_unit.pk, "reason": "Kļūdaini izvēlēta"},
        **LV,
    )
    assert same.status_code == 400
    page = same.content.decode()
    assert "jau ir šīs struktūrvienības rīcībā" in page and "Kļūdaini izvēlēta" in page
    empty = browser.post(f"/cases/order-issues/{issue.pk}/pass/", {"unit": transport_unit.pk}, **LV)
    assert empty.status_code == 400
    issue.refresh_from_db()
    assert issue.unit == operations_unit and issue.passed_from is None


@pytest.mark.rule("4.10.1")
def test_a_closed_issue_is_not_passed_on(issue, unithead, transport_unit):
    services.order_issue_resolve(actor=unithead, issue=issue, resolution="Izvests")
    with pytest.raises(ValidationError):
        services.order_issue_pass(
            actor=unithead, issue=issue, unit=transport_unit, reason="Par vēlu"
        )


@pytest.mark.rule("2.1.2.2")
def test_the_substitute_closes_the_issues_of_an_absent_unit_head(
    issue, unithead, expert, reception, client_for
):
    today = timezone.localdate()
    before = client_for(expert).post(
        f"/cases/order-issues/{issue.pk}/resolve/", {"resolution": "Izvests"}
    )
    assert before.status_code == 404  # not the head, and the head is at work
    Absence.objects.create(
        employee=unithead, starts_on=today, ends_on=today, substitute=expert, recorded_by=unithead
    )
    page = client_for(expert).get("/cases/order-issues/", **LV).content.decode()
    assert "Slēgt un informēt ziņotāju" in page
    response = client_for(expert).post(
        f"/cases/order-issues/{issue.pk}/resolve/", {"resolution": "Izvests 2. decembrī"}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.resolved_by == expert
    assert Notification.objects.filter(
        kind="cases.order_issue_resolved", recipient=reception
    ).exists()


def test_every_open_issue_of_the_desk_is_listed_for_a_colleague(
    issue, unithead, reception2, client_for
):
    page = client_for(reception2).get("/cases/order-issues/", **LV).content.decode()
    assert "Visas atvērtās neatbilstības" in page and "Konteiners nav izvests" in page
    services.order_issue_resolve(actor=unithead, issue=issue, resolution="Izvests")
    page = client_for(reception2).get("/cases/order-issues/", **LV).content.decode()
    assert "Konteiners nav izvests" not in page


def test_the_order_issues_page_costs_the_same_queries_for_more_issues(
    issue, reception, operations_unit, make_contact, client_for, django_assert_max_num_queries
):
    for n in range(5):
        services.order_issue_report(
            actor=reception, contact=make_contact(), unit=operations_unit, description=f"Nr. {n}"
        )
    browser = client_for(reception)
    browser.get("/cases/order-issues/")
    with django_assert_max_num_queries(16):
        assert browser.get("/cases/order-issues/").status_code == 200
    assert OrderIssue.objects.count() == 6


def test_the_pass_on_page_opens_for_the_head_only(issue, unithead, reception, client_for):
    page = client_for(unithead).get(f"/cases/order-issues/{issue.pk}/pass/", **LV)
    assert page.status_code == 200
    assert '<details class="mt-2" open>' in page.content.decode()
    assert client_for(reception).get(f"/cases/order-issues/{issue.pk}/pass/").status_code == 404
