"""The head's dashboard (3.5): figures by database aggregation over what the user may see
(2.1.4.4), drill-down to the register, a pinned query count."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from cases.models import Channel
from complaints.models import Kind, Outcome, SubjectKind
from complaints.reports import selectors as figures
from tests.complaints import dashboard_data as data

DASHBOARD = reverse("complaints:dashboard")
PERIOD_QUERY = {"date_from": "2026-09-01", "date_to": "2026-10-31"}


def _rows(board, key) -> dict[str, float | None]:
    for figure in [*board.feedback_figures, *board.contact_figures]:
        if figure.key == key:
            return {row.label: row.value for row in figure.rows}
    raise AssertionError(f"no figure {key}")


def _board(user):
    return figures.dashboard_for(user, date_from=data.PERIOD[0], date_to=data.PERIOD[1])


@pytest.fixture
def known(review_authorities, reception):
    return data.known_set(review_authorities, reception)


@pytest.mark.rule("3.5.1")
def test_feedback_figures_for_a_known_set(head, known):
    board = _board(head)

    assert board.feedback_total == 5
    assert _rows(board, "kind") == {
        str(Kind.COMPLAINT.label): 3,
        str(Kind.SUGGESTION.label): 1,
        str(Kind.CLAIM.label): 1,
        str(Kind.FEEDBACK.label): 0,
    }
    subjects = _rows(board, "subject")
    assert subjects[str(SubjectKind.SERVICE.label)] == 3
    assert subjects[str(SubjectKind.HEAD.label)] == 0
    outcomes = _rows(board, "outcome")
    assert outcomes[str(Outcome.UPHELD.label)] == 1
    assert outcomes[str(Outcome.REJECTED.label)] == 1
    assert outcomes[str(Outcome.PARTLY_UPHELD.label)] == 1
    assert sum(outcomes.values()) == 5
    assert _rows(board, "feedback-month") == {"09.2026.": 3, "10.2026.": 2}
    assert _rows(board, "topics") == {"Atkritumu izvešana": 2, "Rēķini": 1}


def test_share_within_deadline_and_median_counted_by_the_riga_day(head, known):
    """Three replies: on time (3 days), late by 20 days, and one given at 1:30 in Riga on
    the day after the deadline (still the deadline day in UTC) — late, 15 days."""
    board = _board(head)

    assert board.answered == 3
    assert board.answered_on_time == 1
    assert board.on_time_share == pytest.approx(100 / 3)
    assert board.median_days == pytest.approx(15)
    assert board.overdue_open == 1


def test_median_of_an_even_number_of_replies_is_the_mean_of_the_middle_two(head, known):
    known["claim"].answered_at = data.riga(2026, 10, 25, 12)  # 10 days
    known["claim"].save(update_fields=["answered_at"])

    assert _board(head).median_days == pytest.approx((10 + 15) / 2)


@pytest.mark.rule("2.1.4.4")
def test_a_complaint_about_the_head_is_counted_for_the_director_not_the_head(head, director, known):
    head_board, director_board = _board(head), _board(director)

    assert _rows(head_board, "subject")[str(SubjectKind.HEAD.label)] == 0
    assert head_board.feedback_total == 5
    assert director_board.feedback_total == 1
    assert _rows(director_board, "subject")[str(SubjectKind.HEAD.label)] == 1
    assert director_board.overdue_open == 1


def test_contact_figures_by_channel_topic_and_riga_month(head, reception, known):
    data.known_contacts(reception)
    board = _board(head)

    assert board.contacts_total == 5
    channels = _rows(board, "contact-channel")
    assert channels[str(Channel.VISIT.label)] == 2
    assert channels[str(Channel.PHONE_IN.label)] == 2
    assert channels[str(Channel.EMAIL_IN.label)] == 1
    topics = _rows(board, "contact-topic")
    assert topics["Konteineri"] == 3
    assert topics["Rēķini"] == 1
    assert sum(topics.values()) == 5
    assert _rows(board, "contact-month") == {"09.2026.": 3, "10.2026.": 2}


def test_contacts_are_not_shown_to_the_director(director, reception, known):
    data.known_contacts(reception)
    board = _board(director)

    assert board.contacts_total is None
    assert board.contact_figures == []


def test_only_allowed_roles_open_the_dashboard(client_for, personas):
    allowed = {"head", "director", "ethics", "admin"}
    for name, user in personas.items():
        status = client_for(user).get(DASHBOARD).status_code
        assert status == (200 if name in allowed else 403), name


@pytest.mark.rule("3.5.1")
def test_every_feedback_figure_links_to_a_register_list_with_that_many_rows(
    client_for, head, known
):
    board = _board(head)
    client = client_for(head)
    checked = 0
    for figure in board.feedback_figures:
        for row in figure.rows:
            assert row.href, (figure.key, row.label)
            response = client.get(row.href)
            assert response.status_code == 200
            assert response.context["page"].count == row.value, (figure.key, row.label)
            checked += 1
    for key, expected in {
        "on_time": board.answered_on_time,
        "late": board.answered_late,
        "overdue": board.overdue_open,
        "all": board.feedback_total,
    }.items():
        response = client.get(board.links[key])
        assert response.context["page"].count == expected, key
    assert checked >= 15


def test_contact_figures_link_to_the_filtered_contact_list(client_for, head, reception, known):
    topics = data.known_contacts(reception)
    board = _board(head)
    by_topic = {row.label: row.href for row in _rows_objects(board, "contact-topic")}

    response = client_for(head).get(by_topic["Konteineri"])

    assert urlsplit(by_topic["Konteineri"]).path == reverse("cases:contact_list")
    assert f"topic={topics['containers'].pk}" in by_topic["Konteineri"]
    assert response.status_code == 200
    assert response.context["page"].count == 3


def _rows_objects(board, key):
    return next(f.rows for f in board.contact_figures if f.key == key)


def test_the_page_shows_charts_with_text_alternatives(client_for, head, reception, known):
    data.known_contacts(reception)
    response = client_for(head).get(DASHBOARD, PERIOD_QUERY)
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<svg") == 9
    assert 'role="img"' in html
    assert '<title id="chart-kind-title">' in html
    assert '<desc id="chart-kind-desc">' in html
    assert " style=" not in html  # the CSP forbids inline styles
    assert 'id="key-received">5<' in html
    assert 'id="key-on-time">33 %<' in html
    assert 'id="key-median">15<' in html


def test_the_tables_head_their_counts_as_counts_in_latvian(client_for, head, known):
    """The count column reads "Skaits" (how many), not "Numurs" (a register number)."""
    html = client_for(head).get(DASHBOARD, PERIOD_QUERY, HTTP_ACCEPT_LANGUAGE="lv")
    page = html.content.decode()
    assert '<th scope="col" class="text-end">Skaits</th>' in page
    assert '<th scope="col" class="text-end">Numurs</th>' not in page


@pytest.mark.rule("3.5.1")
def test_satisfaction_trend_is_the_average_rating_by_riga_month(head):
    from complaints.models import SurveyResponse

    for rating, answered in [
        (5, data.riga(2026, 9, 2, 10)),
        (4, data.riga(2026, 10, 1, 0, 30)),  # still 30 September in UTC
        (2, data.riga(2026, 10, 20, 9)),
        (1, data.riga(2026, 11, 2, 9)),  # after the period
    ]:
        SurveyResponse.objects.create(
            via=SurveyResponse.Via.KIOSK, rating=rating, answered_at=answered
        )

    assert _rows(_board(head), "satisfaction") == {"09.2026.": 5.0, "10.2026.": 3.0}


@pytest.mark.rule("3.5.1")
def test_a_month_without_survey_answers_has_no_point(head):
    rows = _rows(_board(head), "satisfaction")

    assert rows == {"09.2026.": None, "10.2026.": None}


def test_an_inverted_period_is_refused_with_a_message(client_for, head):
    response = client_for(head).get(DASHBOARD, {"date_from": "2026-10-01", "date_to": "2026-09-01"})

    assert response.status_code == 200
    assert response.context["form"].errors


def _dashboard_queries(django_assert_num_queries, client, expected):
    with django_assert_num_queries(expected):
        response = client.get(DASHBOARD, PERIOD_QUERY)
    assert response.status_code == 200
    return response


# session, user, roles, memberships (read once per request), feedback groups, median, topics,
# contacts, topic names, satisfaction, inbox count, rules banner, and the session save
# (savepoint, update, release).
DASHBOARD_QUERIES = 15


@pytest.mark.parametrize("count", [5, 50])
def test_dashboard_query_count_does_not_grow_with_rows(
    django_assert_num_queries, client_for, head, reception, review_authorities, count
):
    from complaints.models import FeedbackItem
    from servicedesk.models import ReviewAuthority

    data.many(review_authorities[ReviewAuthority.Kind.HEAD], reception, count)
    data.known_contacts(reception)
    client = client_for(head)
    client.get(DASHBOARD)  # sessions, rules banner caches: warm as a second visit would be

    response = _dashboard_queries(django_assert_num_queries, client, DASHBOARD_QUERIES)

    assert response.context["board"].feedback_total == count
    assert FeedbackItem.objects.count() == count
