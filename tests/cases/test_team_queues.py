"""Team work at the front desk: the team's callback queue, taking and passing on (4.3.1),
"no answer, try again at …", substitutes while someone is away, and written submissions
passed on (2.1.2.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from cases import services
from cases.models import Absence, Callback, Channel
from cases.selectors import team
from cases.services.absences import absence_record
from cases.services.callbacks import callback_assign, callback_no_answer, callback_take
from cases.services.written import submission_reassign
from servicedesk.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_callback(make_contact, reception):
    def make(owner=None, hours=2, actor=None):
        request = services.CallbackRequest(
            phone_number="26 123 456",
            question="Kad tiks nomainīts konteiners?",
            due_at=timezone.now() + timedelta(hours=hours),
            owner=owner or reception,
        )
        make_contact(actor=actor or owner or reception, callback=request)
        return Callback.objects.order_by("-pk").first()

    return make


def _assigned_to(user) -> int:
    return Notification.objects.filter(recipient=user, kind="cases.callback_assigned").count()


# --- 1. The team queue: take it, pass it on -----------------------------------------------------


@pytest.mark.rule("4.3.1")
def test_team_queue_lists_the_desks_open_callbacks_overdue_in_words(
    reception, reception2, expert, make_callback, client_for
):
    mine = make_callback(owner=reception)
    late = make_callback(owner=reception2, hours=-3)
    make_callback(owner=expert, actor=reception)  # not of the front desk: not in its queue
    assert list(team.team_callbacks()) == [late, mine]  # overdue first

    response = client_for(reception).get("/cases/callbacks/team/")
    assert response.status_code == 200
    html = response.content.decode()
    overdue = gettext("Overdue by %(time)s") % {"time": ""}
    assert overdue.strip() in html  # in words, not by colour only
    assert f"/cases/callbacks/{late.pk}/take/" in html
    assert f"/cases/callbacks/{mine.pk}/take/" not in html  # mine already
    assert html.count('name="owner"') == 2


@pytest.mark.rule("4.3.1")
def test_take_makes_a_colleagues_callback_mine_with_a_trail(reception, reception2, make_callback):
    callback = make_callback(owner=reception2)
    callback_take(actor=reception, callback=callback)
    callback.refresh_from_db()
    assert callback.owner == reception
    last = callback.audit_trail.first()
    assert (last.owner_id, last.history_user_id) == (reception.pk, reception.pk)
    assert list(team.my_callbacks(reception)) == [callback]
    assert not team.my_callbacks(reception2).exists()


def test_only_the_front_desk_takes_callbacks(head, make_callback):
    with pytest.raises(ValidationError):
        callback_take(actor=head, callback=make_callback())


@pytest.mark.rule("4.3.1")
def test_pass_on_to_a_colleague_tells_them(reception, reception2, make_callback, client_for):
    callback = make_callback(owner=reception)
    response = client_for(reception).post(
        f"/cases/callbacks/{callback.pk}/assign/", {"owner": reception2.pk}
    )
    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.owner == reception2
    assert _assigned_to(reception2) == 1
    # back and forth again: each handing over is told
    callback_assign(actor=reception2, callback=callback, owner=reception)
    callback_assign(actor=reception, callback=callback, owner=reception2)
    assert _assigned_to(reception2) == 2
    assert callback.audit_trail.count() >= 4  # created and three handings over


def test_pass_on_only_to_the_front_desk(reception, expert, make_callback, client_for):
    callback = make_callback(owner=reception)
    with pytest.raises(ValidationError):
        callback_assign(actor=reception, callback=callback, owner=expert)
    client_for(reception).post(f"/cases/callbacks/{callback.pk}/assign/", {"owner": expert.pk})
    callback.refresh_from_db()
    assert callback.owner == reception


def test_a_closed_callback_is_not_passed_on(reception, reception2, make_callback):
    callback = make_callback()
    services.callback_cancel(actor=reception, callback=callback)
    # Who closed it stays in the change history.
    assert callback.audit_trail.latest().history_user == reception
    with pytest.raises(ValidationError):
        callback_assign(actor=reception, callback=callback, owner=reception2)


@pytest.mark.parametrize("page", ["/cases/callbacks/", "/cases/callbacks/team/"])
def test_queue_queries_do_not_grow_with_rows(
    reception, reception2, make_callback, client_for, page
):
    user_client = client_for(reception)

    def queries() -> int:
        user_client.get(page)  # warm the session
        with CaptureQueriesContext(connection) as captured:
            assert user_client.get(page).status_code == 200
        return len(captured)

    make_callback(owner=reception)
    make_callback(owner=reception2)
    few = queries()
    for _ in range(6):
        make_callback(owner=reception)
        make_callback(owner=reception2, hours=-1)
    assert queries() == few
    # session, user, roles, the callbacks (with today's absences as a subquery), (team: the
    # colleagues to pass on to), unread count, rules banner, the access log row and the session
    # save (savepoint, update, release)
    assert few == (11 if page.endswith("team/") else 10)


# --- 2. No answer, try again at … -------------------------------------------------------------


@pytest.mark.rule("4.3.1")
def test_no_answer_counts_the_attempt_and_keeps_it_open(reception, make_callback, client_for):
    callback = make_callback()
    later = timezone.localtime() + timedelta(hours=1)
    user_client = client_for(reception)
    response = user_client.post(
        f"/cases/callbacks/{callback.pk}/no-answer/",
        {"next_try_at": later.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.status == Callback.Status.OPEN
    assert callback.attempts == 1 and callback.last_attempt_at is not None
    assert callback.next_try_at == later.replace(second=0, microsecond=0)
    callback_no_answer(actor=reception, callback=callback, next_try_at=later)
    html = user_client.get("/cases/callbacks/").content.decode()
    counted = ngettext("%(counter)s attempt", "%(counter)s attempts", 2) % {"counter": 2}
    assert counted in html


def test_the_next_try_must_be_in_the_future(reception, make_callback, client_for):
    callback = make_callback()
    with pytest.raises(ValidationError):
        callback_no_answer(
            actor=reception, callback=callback, next_try_at=timezone.now() - timedelta(minutes=1)
        )
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(reception).post(
        f"/cases/callbacks/{callback.pk}/no-answer/", {"next_try_at": past}
    )
    assert response.status_code == 422
    callback.refresh_from_db()
    assert callback.attempts == 0


# --- 3. Substitutes while absent ------------------------------------------------------------


def _away(employee, substitute, actor=None, days=(0, 2)):
    today = timezone.localdate()
    return absence_record(
        actor=actor or employee,
        employee=employee,
        starts_on=today + timedelta(days=days[0]),
        ends_on=today + timedelta(days=days[1]),
        substitute=substitute,
    )


@pytest.mark.rule("4.3.1")
def test_an_absent_owners_callbacks_go_to_the_substitute(
    reception, reception2, head, make_callback
):
    before = make_callback(owner=reception2, actor=reception)
    _away(reception2, reception)
    new = make_callback(owner=reception2, actor=head)
    assert new.owner == reception  # new ones go to the substitute
    assert _assigned_to(reception) == 1
    assert set(team.my_callbacks(reception)) == {before, new}  # the old ones show to them too
    callback_assign(actor=reception, callback=before, owner=reception2)
    before.refresh_from_db()
    assert before.owner == reception  # passed on to an absent colleague: the substitute


def test_a_coming_absence_changes_nothing_yet(reception, reception2, make_callback):
    _away(reception2, reception, days=(1, 3))
    assert make_callback(owner=reception2).owner == reception2


def test_who_records_an_absence(reception, reception2, unithead, admin):
    with pytest.raises(ValidationError):
        _away(reception2, reception, actor=reception)  # not one's own
    assert _away(reception2, reception, actor=unithead).recorded_by == unithead
    assert _away(reception, reception2, actor=admin).recorded_by == admin
    with pytest.raises(ValidationError):
        _away(reception, reception)  # no substitute for oneself
    with pytest.raises(ValidationError):
        _away(reception, reception2, days=(2, 1))


def test_absence_page_records_ones_own(reception, reception2, client_for):
    user_client = client_for(reception)
    today = timezone.localdate()
    response = user_client.post(
        "/cases/absences/",
        {
            "employee": reception.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=5)).isoformat(),
            "substitute": reception2.pk,
        },
    )
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert (absence.employee, absence.substitute) == (reception, reception2)
    response = user_client.post(
        "/cases/absences/",
        {
            "employee": reception2.pk,  # someone else: not offered
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
            "substitute": reception.pk,
        },
    )
    assert response.status_code == 422
    assert Absence.objects.count() == 1


# --- 4. Written submissions: responsible column, filter, reassign ---------------------------


@pytest.fixture
def make_submission(make_contact, reception):
    def make(owner=None, subject="Par rēķinu"):
        contact = make_contact(channel=Channel.LETTER)
        return services.submission_register(
            actor=reception, contact=contact, subject=subject, owner=owner
        )

    return make


def test_submission_reassign_tells_the_new_owner(
    reception, reception2, make_submission, client_for
):
    submission = make_submission()
    response = client_for(reception).post(
        f"/cases/submissions/{submission.pk}/", {"action": "reassign", "owner": reception2.pk}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.owner == reception2
    assert Notification.objects.filter(
        recipient=reception2, kind="cases.submission_assigned"
    ).exists()
    assert submission.audit_trail.first().history_user_id == reception.pk


def test_submission_reassign_refuses_an_outsider_and_a_closed_one(
    reception, outsider, make_submission
):
    submission = make_submission()
    with pytest.raises(ValidationError):
        submission_reassign(actor=reception, submission=submission, owner=outsider)
    services.submission_record_reply(actor=reception, submission=submission, reply="Atbildēts")
    with pytest.raises(ValidationError):
        submission_reassign(actor=reception, submission=submission, owner=reception)


def test_submission_list_shows_and_filters_the_responsible(
    reception, reception2, make_submission, client_for
):
    mine = make_submission(subject="Manējais")
    theirs = make_submission(owner=reception2, subject="Kolēģa")
    user_client = client_for(reception)
    html = user_client.get("/cases/submissions/").content.decode()
    assert reception2.get_full_name() in html
    html = user_client.get(f"/cases/submissions/?owner={reception2.pk}").content.decode()
    assert theirs.register_number in html and mine.register_number not in html
    html = user_client.get("/cases/submissions/?owner=999999999999").content.decode()
    assert mine.register_number in html  # a wrong filter filters nothing


def test_submission_list_queries_do_not_grow_with_rows(
    reception, reception2, make_submission, client_for
):
    user_client = client_for(reception)

    def queries() -> int:
        user_client.get(f"/cases/submissions/?owner={reception2.pk}")
        with CaptureQueriesContext(connection) as captured:
            user_client.get(f"/cases/submissions/?owner={reception2.pk}")
        return len(captured)

    make_submission(owner=reception2)
    few = queries()
    for _ in range(8):
        make_submission(owner=reception2)
        make_submission()
    assert queries() == few
    # session, user, roles, the responsible-employee choices (checked, then shown), count,
    # page, unread count, rules banner, the access log row and the session save
    assert few == 13
