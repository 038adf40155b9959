"""Routing by the configurable table (7.1–7.3, 4.11), re-routing and appeals."""

import pytest
from django.core.exceptions import ValidationError

from complaints.models import Kind, Routing, RoutingRule, State, SubjectKind
from complaints.register.services import workflow
from servicedesk.models import ReviewAuthority

Authority = ReviewAuthority.Kind


@pytest.mark.rule("7.1")
def test_complaint_about_employee_goes_to_head_under_7_1(about_expert):
    assert about_expert.authority.kind == Authority.HEAD
    assert about_expert.routing_clause == "7.1"
    routing = about_expert.routings.get()
    assert (routing.authority.kind, routing.clause, routing.reason) == (
        Authority.HEAD,
        "7.1",
        Routing.Reason.REGISTRATION,
    )


@pytest.mark.rule("7.1")
def test_complaint_about_service_goes_to_head_under_7_1(register):
    item = register(subject_kind=SubjectKind.SERVICE)
    assert (item.authority.kind, item.routing_clause) == (Authority.HEAD, "7.1")


@pytest.mark.rule("7.2")
def test_complaint_about_head_goes_to_executive_director_under_7_2(about_head):
    assert (about_head.authority.kind, about_head.routing_clause) == (
        Authority.EXECUTIVE_DIRECTOR,
        "7.2",
    )
    assert about_head.routings.get().clause == "7.2"


@pytest.mark.rule("7.3")
def test_ethics_complaint_goes_to_ethics_commission_under_7_3(ethics_item):
    assert (ethics_item.authority.kind, ethics_item.routing_clause) == (
        Authority.ETHICS_COMMISSION,
        "7.3",
    )


@pytest.mark.rule("4.11")
@pytest.mark.parametrize("kind", [Kind.SUGGESTION, Kind.CLAIM, Kind.FEEDBACK])
def test_suggestions_claims_and_feedback_go_to_head_under_4_11(register, kind):
    item = register(kind=kind, subject_kind="", subject_description="")
    assert (item.authority.kind, item.routing_clause, item.subject_kind) == (
        Authority.HEAD,
        "4.11",
        "",
    )


@pytest.mark.rule("7.2", "2.1.4.4")
def test_complaint_naming_the_head_as_an_employee_is_treated_as_about_the_head(register, head):
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=head.employee)
    assert item.subject_kind == SubjectKind.HEAD
    assert item.authority.kind == Authority.EXECUTIVE_DIRECTOR


def test_routing_table_change_takes_effect(register, review_authorities):
    RoutingRule.objects.filter(item_kind=Kind.SUGGESTION).update(
        authority_kind=Authority.EXECUTIVE_DIRECTOR, clause="7.2"
    )
    item = register(kind=Kind.SUGGESTION, subject_kind="")
    assert (item.authority.kind, item.routing_clause) == (Authority.EXECUTIVE_DIRECTOR, "7.2")


def test_missing_routing_rule_is_a_clear_error(register):
    RoutingRule.objects.filter(item_kind=Kind.CLAIM).delete()
    with pytest.raises(ValidationError) as error:
        register(kind=Kind.CLAIM, subject_kind="")
    assert error.value.code == "no_routing_rule"


@pytest.mark.rule("7.3")
def test_reviewer_reroutes_with_reason_and_clause_recorded(about_expert, head, ethics):
    item = workflow.feedback_reroute(
        actor=head,
        item=about_expert,
        expected_version=about_expert.version,
        authority_kind=Authority.ETHICS_COMMISSION,
        reason="Tas ir ētikas jautājums.",
    )
    assert (item.authority.kind, item.routing_clause) == (Authority.ETHICS_COMMISSION, "7.3")
    last = item.routings.last()
    assert (last.reason, last.note, last.actor) == (
        Routing.Reason.REROUTE,
        "Tas ir ētikas jautājums.",
        head,
    )
    assert item.history.filter(event="routed", clause="7.3").exists()


def test_reroute_needs_a_reason(about_expert, head):
    with pytest.raises(ValidationError):
        workflow.feedback_reroute(
            actor=head,
            item=about_expert,
            expected_version=about_expert.version,
            authority_kind=Authority.EXECUTIVE_DIRECTOR,
            reason=" ",
        )


@pytest.mark.rule("7.2", "2.1.4.4")
def test_complaint_about_head_cannot_be_rerouted_to_head(about_head, director):
    with pytest.raises(ValidationError):
        workflow.feedback_reroute(
            actor=director,
            item=about_head,
            expected_version=about_head.version,
            authority_kind=Authority.HEAD,
            reason="Lai vadītājs paskaidro.",
        )


def _decide_and_answer(item, reviewer):
    item = workflow.feedback_start_review(actor=reviewer, item=item, expected_version=item.version)
    item = workflow.feedback_decide(
        actor=reviewer,
        item=item,
        expected_version=item.version,
        outcome="rejected",
        decision_text="Pārkāpums netika konstatēts.",
    )
    return workflow.feedback_answer(
        actor=reviewer,
        item=item,
        expected_version=item.version,
        reply_text="Jūsu sūdzība nav pamatota.",
    )


@pytest.mark.rule("7.1", "7.2")
def test_appeal_escalates_from_head_to_executive_director(about_expert, head, director, reception):
    item = _decide_and_answer(about_expert, head)
    item = workflow.feedback_appeal(
        actor=reception,
        item=item,
        expected_version=item.version,
        reason="Klients nepiekrīt lēmumam.",
    )
    assert item.state == State.REOPENED
    assert (item.authority.kind, item.routing_clause) == (Authority.EXECUTIVE_DIRECTOR, "7.2")
    assert item.routings.last().reason == Routing.Reason.APPEAL
    assert item.outcome == ""
    assert (
        "Pārkāpums netika konstatēts."
        in item.history.get(event="transition", to_state=State.REOPENED).note
    )


@pytest.mark.rule("7.2")
def test_appeal_at_executive_director_reopens_there(about_head, director, reception):
    item = _decide_and_answer(about_head, director)
    item = workflow.feedback_appeal(
        actor=reception, item=item, expected_version=item.version, reason="Nepiekrītu."
    )
    assert item.authority.kind == Authority.EXECUTIVE_DIRECTOR
    assert item.state == State.REOPENED


# --- The routing table never delivers an item to its own subject (2.1.4.4, 7.2) -------------

NEVER_TO_HEAD = (
    "A complaint about the head cannot be reviewed by the head: it goes to the municipal "
    "executive director (clauses 7.2 and 2.1.4.4)."
)


def _lv(text):
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("lv"):
        return gettext(text)


def _head_rule():
    return RoutingRule.objects.get(item_kind=Kind.COMPLAINT, subject_kind=SubjectKind.HEAD)


@pytest.mark.rule("7.2", "2.1.4.4")
def test_routing_rule_to_the_head_for_complaints_about_the_head_is_refused_by_clean(db):
    from django.utils import translation

    rule = _head_rule()
    rule.authority_kind = Authority.HEAD
    with translation.override("lv"):
        with pytest.raises(ValidationError) as refused:
            rule.full_clean()
        # The message is lazy: it is read in the language active where it is shown.
        assert refused.value.message_dict["authority_kind"] == [_lv(NEVER_TO_HEAD)]


@pytest.mark.rule("7.2", "2.1.4.4")
def test_the_database_refuses_the_same_rule_whoever_writes_it(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoutingRule.objects.filter(pk=_head_rule().pk).update(authority_kind=Authority.HEAD)
    assert _head_rule().authority_kind == Authority.EXECUTIVE_DIRECTOR


@pytest.mark.rule("7.2", "2.1.4.4")
def test_the_admin_form_shows_why_the_rule_is_refused(admin, client_for):
    from django.urls import reverse

    rule = _head_rule()
    client = client_for(admin)
    response = client.post(
        reverse("admin:complaints_routingrule_change", args=[rule.pk]),
        {
            "item_kind": Kind.COMPLAINT,
            "subject_kind": SubjectKind.HEAD,
            "authority_kind": Authority.HEAD,
            "clause": "7.1",
        },
        HTTP_ACCEPT_LANGUAGE="lv",
    )
    assert response.status_code == 200  # the form again, not a redirect
    assert _lv(NEVER_TO_HEAD) in response.content.decode()
    # The list's inline editing refuses it the same way.
    rules = list(RoutingRule.objects.order_by("item_kind", "subject_kind"))
    data = {
        "form-TOTAL_FORMS": str(len(rules)),
        "form-INITIAL_FORMS": str(len(rules)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for n, row in enumerate(rules):
        data[f"form-{n}-id"] = str(row.pk)
        data[f"form-{n}-authority_kind"] = (
            Authority.HEAD if row.pk == rule.pk else row.authority_kind
        )
        data[f"form-{n}-clause"] = row.clause
    listing = client.post(reverse("admin:complaints_routingrule_changelist"), data)
    assert listing.status_code == 200
    assert _lv(NEVER_TO_HEAD) in listing.content.decode()
    assert _head_rule().authority_kind == Authority.EXECUTIVE_DIRECTOR
