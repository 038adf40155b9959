"""The review workflow: allowed transitions with history, optimistic locking, register
numbers."""

from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from complaints.models import FeedbackItem, HistoryEntry, RegisterCounter, State
from complaints.register.services import registration, workflow


def _step(item, reviewer, name, **kwargs):
    service = getattr(workflow, f"feedback_{name}")
    return service(actor=reviewer, item=item, expected_version=item.version, **kwargs)


@pytest.mark.rule("7.1")
def test_full_workflow_writes_a_history_row_per_step(register, head):
    item = register(client_email="")
    assert item.state == State.REGISTERED
    item = _step(item, head, "acknowledge", note="Apstiprinājums nosūtīts pa pastu.")
    item = _step(item, head, "start_review")
    item = _step(item, head, "decide", outcome="partly_upheld", decision_text="Daļēji.")
    item = _step(item, head, "answer", reply_text="Atbilde klientam.")
    item = _step(item, head, "close", note="Slēgts.")
    assert item.state == State.CLOSED
    steps = list(item.history.order_by("pk").values_list("from_state", "to_state", "actor"))
    assert steps == [
        ("", State.REGISTERED, item.registered_by_id),
        (State.REGISTERED, State.ACKNOWLEDGED, head.pk),
        (State.ACKNOWLEDGED, State.UNDER_REVIEW, head.pk),
        (State.UNDER_REVIEW, State.DECIDED, head.pk),
        (State.DECIDED, State.ANSWERED, head.pk),
        (State.ANSWERED, State.CLOSED, head.pk),
    ]
    decided = item.history.get(to_state=State.DECIDED)
    assert decided.clause == "7.1"
    assert "Daļēji." in decided.note
    assert item.version == 6


@pytest.mark.parametrize(
    ("state", "step", "kwargs"),
    [
        (State.REGISTERED, "decide", {"outcome": "upheld", "decision_text": "x"}),
        (State.REGISTERED, "close", {}),
        (State.ACKNOWLEDGED, "answer", {"reply_text": "x"}),
        (State.UNDER_REVIEW, "close", {}),
        (State.CLOSED, "start_review", {}),
    ],
)
def test_forbidden_transitions_are_refused_and_leave_no_trace(register, head, state, step, kwargs):
    item = register(client_email="")
    FeedbackItem.objects.filter(pk=item.pk).update(state=state)
    item.refresh_from_db()
    history_before = item.history.count()
    with pytest.raises(workflow.TransitionNotAllowed):
        _step(item, head, step, **kwargs)
    item.refresh_from_db()
    assert item.state == state
    assert item.history.count() == history_before


def test_left_unexamined_needs_a_reason(register, head):
    item = _step(register(is_anonymous=True), head, "acknowledge")
    item = _step(item, head, "start_review")
    with pytest.raises(ValidationError):
        _step(item, head, "decide", outcome="left_unexamined", decision_text="")
    item = _step(
        item, head, "decide", outcome="left_unexamined", decision_text="Anonīms iesniegums."
    )
    assert item.outcome == "left_unexamined"


@pytest.mark.rule("2.1.4.4")
def test_only_the_routed_authority_may_move_an_item(register, director, reception, head):
    item = register(client_email="")
    for outsider in (director, reception):
        with pytest.raises(PermissionDenied):
            _step(item, outsider, "acknowledge")


def test_stale_version_is_refused_and_nothing_is_overwritten(
    register, head, director, review_authorities
):
    review_authorities["head"].members.add(director)  # two reviewers of one item
    item = _step(_step(register(), head, "start_review"), head, "extend", reason="Vajag laiku.")
    seen_by_both = item.version
    first = workflow.feedback_decide(
        actor=head,
        item=item,
        expected_version=seen_by_both,
        outcome="upheld",
        decision_text="Pirmā lēmuma teksts.",
    )
    stale_copy = FeedbackItem.objects.get(pk=item.pk)
    with pytest.raises(workflow.StaleEdit):
        workflow.feedback_decide(
            actor=director,
            item=stale_copy,
            expected_version=seen_by_both,
            outcome="rejected",
            decision_text="Otrais teksts.",
        )
    first.refresh_from_db()
    assert first.decision_text == "Pirmā lēmuma teksts."
    assert first.history.filter(to_state=State.DECIDED).count() == 1


def test_conditional_update_catches_a_change_between_reading_and_writing(register, head):
    item = _step(register(), head, "start_review")
    # Another reviewer saves after this one loaded the item but before its UPDATE runs.
    FeedbackItem.objects.filter(pk=item.pk).update(version=item.version + 1)
    with pytest.raises(workflow.StaleEdit):
        workflow.feedback_decide(
            actor=head,
            item=item,
            expected_version=item.version,
            outcome="upheld",
            decision_text="x",
        )


def test_stale_decision_form_shows_a_message_and_keeps_the_typed_text(register, head, client_for):
    item = _step(register(), head, "start_review")
    old_version = item.version
    workflow.review_note_add(actor=head, item=item, text="Piezīme")
    _step(item, head, "extend", reason="Cits recenzents pagarināja termiņu.")
    url = reverse("complaints:act", args=[item.pk, "decide"])
    response = client_for(head).post(
        url,
        {
            "decide-version": old_version,
            "decide-outcome": "upheld",
            "decide-decision_text": "Mans rūpīgi uzrakstītais lēmums.",
        },
        headers={"accept-language": "en"},
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else changed this item" in content
    assert "Mans rūpīgi uzrakstītais lēmums." in content
    item.refresh_from_db()
    assert item.state == State.UNDER_REVIEW and item.outcome == ""


def test_decision_through_the_page_redirects_and_records(register, head, client_for):
    item = _step(register(), head, "start_review")
    response = client_for(head).post(
        reverse("complaints:act", args=[item.pk, "decide"]),
        {
            "decide-version": item.version,
            "decide-outcome": "rejected",
            "decide-decision_text": "Nav pamata.",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.outcome) == (State.DECIDED, "rejected")
    page = client_for(head).get(reverse("complaints:detail", args=[item.pk])).content.decode()
    assert "Labdien" in page or "Good day" in page  # the reply composer is prefilled
    assert "Nav pamata." in page


# --- Register numbers --------------------------------------------------------------------


def test_register_numbers_are_unique_and_sequential_within_a_year(register):
    numbers = [register().register_number for _ in range(3)]
    year = date.today().year
    # The head's register series (V); docs/complaints.md, "Register numbers".
    assert numbers == [f"AADSO/{year}/V-{n}" for n in (1, 2, 3)]


def test_register_numbers_restart_each_year(register):
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 31)):
        last_of_2026 = register(received_on=date(2026, 12, 30))
    with mock.patch("django.utils.timezone.localdate", return_value=date(2027, 1, 4)):
        first_of_2027 = register(received_on=date(2027, 1, 4))
    assert last_of_2026.register_number == "AADSO/2026/V-1"
    assert first_of_2027.register_number == "AADSO/2027/V-1"
    assert set(RegisterCounter.objects.values_list("year", "series", "last_number")) == {
        (2026, "head", 1),
        (2027, "head", 1),
    }


def test_register_number_pattern_is_a_setting(register, settings):
    settings.COMPLAINTS_REGISTER_NUMBER_PATTERN = "S-{year}-{series}-{seq:04d}"
    assert register().register_number == f"S-{date.today().year}-V-0001"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_numbers(reception, review_authorities):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def register_one(n):
        try:
            return registration.feedback_register(
                actor=reception,
                data=registration.FeedbackInput(
                    kind="suggestion",
                    channel="visit",
                    text=f"Ierosinājums {n}",
                    client_name="Klients",
                ),
            ).sequence
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        sequences = list(pool.map(register_one, range(16)))
    assert sorted(sequences) == list(range(1, 17))
    assert HistoryEntry.objects.filter(event="registered").count() == 16


@pytest.mark.rule("7.2")
def test_front_desk_registers_the_clients_appeal_on_the_page(
    register, head, director, reception, client_for
):
    item = _step(
        _step(register(), head, "start_review"),
        head,
        "decide",
        outcome="rejected",
        decision_text="Nav pamata.",
    )
    item = _step(item, head, "answer", reply_text="Atbilde.")
    response = client_for(reception).post(
        reverse("complaints:act", args=[item.pk, "appeal"]),
        {"appeal-version": item.version, "appeal-reason": "Klients nepiekrīt."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.authority.kind) == (State.REOPENED, "executive_director")
    # The head no longer reviews it; the director does.
    assert client_for(head).get(reverse("complaints:detail", args=[item.pk])).status_code == 404
    assert client_for(director).get(reverse("complaints:detail", args=[item.pk])).status_code == 200
