"""Questions to contact persons in the team queues (4.8, 4.9): "mine" with those of whom I stand
in for, the team's open questions, taken by a colleague or passed on with a reason, the answer
back to the asker; substitutes for questions and written submissions (2.1.2.2); callback
reminders that follow the next try (4.3.1); the live consultation during a call (4.3.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from cases import services
from cases.models import Callback, Channel, Consultation
from cases.selectors import team
from cases.services.absences import absence_record
from cases.services.callbacks import callback_no_answer
from cases.services.consultations import consultation_pass_on, consultation_take
from cases.start_panels import front_desk_panel
from servicedesk.models import Notification
from servicedesk.roles import Role
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert2(operations_unit):
    user = UserFactory(
        username="expert2", first_name="Ilze", last_name="Ozola", roles=[Role.CONTACT_PERSON]
    )
    EmployeeFactory(user=user, unit=operations_unit, position="Speciāliste")
    return user


@pytest.fixture
def ask(make_contact, reception):
    def make(contact_person, question="Kad nomainīs konteineru?", actor=None):
        return services.consultation_request(
            actor=actor or reception,
            contact=make_contact(),
            contact_person=contact_person,
            question=question,
        )

    return make


def _away(employee, substitute, actor=None):
    today = timezone.localdate()
    return absence_record(
        actor=actor or employee,
        employee=employee,
        starts_on=today,
        ends_on=today + timedelta(days=2),
        substitute=substitute,
    )


def _told(user, kind: str) -> int:
    return Notification.objects.filter(recipient=user, kind=kind, channel="in_app").count()


# --- 1. The team's questions: take one, pass one on ----------------------------------------------


@pytest.mark.rule("4.9")
def test_team_view_lists_every_open_question_overdue_in_words(
    reception, unithead, expert, expert2, ask, client_for
):
    late = ask(expert, question="Vecs jautājums?")
    Consultation.objects.filter(pk=late.pk).update(asked_at=timezone.now() - timedelta(hours=3))
    fresh = ask(expert2, question="Jauns jautājums?")
    answered = ask(expert, question="Atbildēts jautājums?")
    services.consultation_answer(actor=expert, consultation=answered, answer="Jā.")
    assert list(team.team_consultations()) == [late, fresh]  # the longest waiting first

    for user in (reception, unithead):
        html = client_for(user).get("/cases/consultations/team/").content.decode()
        assert "Vecs jautājums?" in html and "Jauns jautājums?" in html
        assert "Atbildēts jautājums?" not in html
        assert gettext("overdue") in html or "nokavēts" in html
        assert f"/cases/consultations/{late.pk}/take/" not in html  # only contact persons take
    html = client_for(expert2).get("/cases/consultations/team/").content.decode()
    assert f"/cases/consultations/{late.pk}/take/" in html
    assert f"/cases/consultations/{fresh.pk}/take/" not in html  # theirs already


@pytest.mark.rule("4.9")
def test_a_colleague_takes_a_question_with_a_trail(reception, expert, expert2, ask, client_for):
    question = ask(expert)
    response = client_for(expert2).post(f"/cases/consultations/{question.pk}/take/")
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.contact_person == expert2
    assert list(team.my_consultations(expert2)) == [question]
    assert not team.my_consultations(expert).exists()
    (row,) = team.consultation_trail(question)
    assert (row.contact_person_id, row.history_user_id) == (expert2.pk, expert2.pk)
    with pytest.raises(ValidationError):
        consultation_take(actor=reception, consultation=question)  # not a contact person


@pytest.mark.rule("4.9")
def test_pass_on_needs_a_reason_tells_the_new_contact_person_and_keeps_why(
    reception, reception2, expert, expert2, ask, client_for
):
    question = ask(expert)
    with pytest.raises(ValidationError):
        consultation_pass_on(
            actor=expert, consultation=question, contact_person=expert2, reason="  "
        )
    with pytest.raises(ValidationError):  # neither asked, nor standing in, nor a unit head
        consultation_pass_on(
            actor=reception2, consultation=question, contact_person=expert2, reason="x"
        )
    response = client_for(expert).post(
        f"/cases/consultations/{question.pk}/",
        {"action": "pass_on", "contact_person": expert2.pk, "reason": "Tas ir Ilzes rajons"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.contact_person == expert2
    assert _told(expert2, "cases.consultation_request") == 1
    html = client_for(expert2).get(f"/cases/consultations/{question.pk}/").content.decode()
    assert "Tas ir Ilzes rajons" in html  # the reason, in the trail
    assert 'name="answer"' in html


@pytest.mark.rule("4.9")
def test_a_unit_head_passes_on_and_an_answered_question_stays_put(unithead, expert, expert2, ask):
    question = ask(expert)
    consultation_pass_on(
        actor=unithead, consultation=question, contact_person=expert2, reason="Noslodze"
    )
    question.refresh_from_db()
    assert question.contact_person == expert2
    services.consultation_answer(actor=expert2, consultation=question, answer="Jā.")
    with pytest.raises(ValidationError):
        consultation_take(actor=expert, consultation=question)
    with pytest.raises(ValidationError):
        consultation_pass_on(
            actor=unithead, consultation=question, contact_person=expert, reason="x"
        )


@pytest.mark.rule("4.9")
def test_the_answer_comes_back_to_the_asker(reception, expert, expert2, ask, client_for):
    question = ask(expert)
    consultation_pass_on(
        actor=expert, consultation=question, contact_person=expert2, reason="Atvaļinājums"
    )
    with pytest.raises(ValidationError):  # no longer theirs
        services.consultation_answer(actor=expert, consultation=question, answer="x")
    client_for(expert2).post(f"/cases/consultations/{question.pk}/", {"answer": "Piektdien."})
    assert _told(reception, "cases.consultation_answer") == 1
    html = client_for(reception).get("/cases/consultations/").content.decode()
    assert "Piektdien." in html  # "Questions I asked", with the answer


# --- 2. Substitutes: questions and written submissions ------------------------------------------


@pytest.mark.rule("2.1.2.2")
def test_an_absent_contact_persons_questions_go_to_the_substitute(
    reception, expert, expert2, ask, client_for, make_contact
):
    before = ask(expert, question="Jautāts pirms prombūtnes?")
    _away(expert, expert2)
    assert list(team.my_consultations(expert2)) == [before]  # theirs while away
    html = client_for(expert2).get("/cases/consultations/").content.decode()
    assert "Jautāts pirms prombūtnes?" in html and gettext("substituting") in html

    contact = make_contact()
    screen = client_for(reception).get(f"/cases/{contact.pk}/").content.decode()
    away = gettext("%(name)s — away today; the substitute answers: %(substitute)s") % {
        "name": expert.get_full_name(),
        "substitute": expert2.get_full_name(),
    }
    assert away in screen  # said before the question is asked
    response = client_for(reception).post(
        f"/cases/{contact.pk}/consult/",
        {"contact_person": expert.pk, "question": "Jauns jautājums?"},
        follow=True,
    )
    new = Consultation.objects.get(question="Jauns jautājums?")
    assert new.contact_person == expert2
    assert _told(expert2, "cases.consultation_request") == 1
    said = gettext(
        "The contact person is away today; the question went to the substitute: %(name)s."
    ) % {"name": expert2.get_full_name()}
    assert said in response.content.decode()

    services.consultation_answer(actor=expert2, consultation=before, answer="Atbild aizvietotāja.")
    before.refresh_from_db()
    assert (before.contact_person, before.answer) == (expert2, "Atbild aizvietotāja.")
    assert _told(reception, "cases.consultation_answer") == 1


@pytest.mark.rule("4.9")
def test_the_reminder_of_an_absent_contact_person_goes_to_the_substitute(
    reception, expert, expert2, ask
):
    ask(expert)
    _away(expert, expert2)
    assert services.consultations_send_reminders(now=timezone.now() + timedelta(hours=2)) == 1
    assert Notification.objects.filter(
        kind="cases.consultation_overdue", recipient=expert2
    ).exists()
    assert not Notification.objects.filter(
        kind="cases.consultation_overdue", recipient=expert
    ).exists()


def test_a_contact_persons_substitute_is_a_contact_person(reception, expert, expert2):
    with pytest.raises(ValidationError):
        _away(expert, reception)  # the front desk does not answer for a contact person
    with pytest.raises(ValidationError):
        _away(reception, expert)  # nor a contact person make the desk's callbacks
    assert _away(expert, expert2).substitute == expert2


@pytest.mark.rule("2.1.2.2")
def test_an_absent_colleagues_submissions_show_in_the_substitutes_own_list(
    reception, reception2, make_contact, client_for
):
    contact = make_contact(channel=Channel.LETTER)
    theirs = services.submission_register(
        actor=reception2, contact=contact, subject="Par rēķinu", owner=reception2
    )
    mine_before = client_for(reception).get("/cases/submissions/?status=open&mine=1")
    assert theirs.register_number not in mine_before.content.decode()
    _away(reception2, reception)
    html = client_for(reception).get("/cases/submissions/?status=open&mine=1").content.decode()
    assert theirs.register_number in html and gettext("substituting") in html
    lines = {line.label: line for line in front_desk_panel(reception).lines}
    mine = lines[gettext("Written submissions I answer for")]
    assert (mine.count, mine.href) == (1, "/cases/submissions/?status=open&mine=1")


# --- 3. Callback reminders follow the next try -------------------------------------------------


@pytest.fixture
def callback(make_contact, reception):
    def make(due_in: timedelta) -> Callback:
        make_contact(
            callback=services.CallbackRequest(
                phone_number="26 123 456",
                question="Kad izvedīs?",
                due_at=timezone.now() + due_in,
                owner=reception,
            )
        )
        return Callback.objects.order_by("-pk").first()

    return make


@pytest.mark.rule("4.3.1")
def test_callback_reminders_follow_the_next_try(reception, callback):
    due_soon = callback(timedelta(minutes=20))
    callback_no_answer(
        actor=reception, callback=due_soon, next_try_at=timezone.now() + timedelta(hours=3)
    )
    assert services.callbacks_send_reminders() == 0  # the next try is hours away

    in_two_hours_and_a_half = timezone.now() + timedelta(hours=2, minutes=40)
    assert services.callbacks_send_reminders(now=in_two_hours_and_a_half) == 1
    in_three_hours = timezone.now() + timedelta(hours=3, minutes=1)
    assert services.callbacks_send_reminders(now=in_three_hours) == 1
    bodies = Notification.objects.filter(
        recipient=reception, kind__startswith="cases.callback_", channel="in_app"
    ).values_list("kind", flat=True)
    assert sorted(bodies) == ["cases.callback_before", "cases.callback_overdue"]


@pytest.mark.rule("4.3.1")
def test_an_overdue_callback_tried_again_is_reminded_again_at_the_next_try(reception, callback):
    late = callback(timedelta(hours=-1))
    assert services.callbacks_send_reminders() == 1  # overdue
    callback_no_answer(
        actor=reception, callback=late, next_try_at=timezone.now() + timedelta(minutes=10)
    )
    assert services.callbacks_send_reminders() == 1  # the next try is soon
    assert services.callbacks_send_reminders(now=timezone.now() + timedelta(minutes=11)) == 1
    assert services.callbacks_send_reminders(now=timezone.now() + timedelta(minutes=12)) == 0


# --- 4. 4.3.2: the live consultation during the call ------------------------------------------


@pytest.mark.rule("4.3.2")
def test_a_live_consultation_is_answered_when_asked_and_reminds_nobody(
    reception, expert, make_contact, client_for
):
    contact = make_contact()
    response = client_for(reception).post(
        f"/cases/{contact.pk}/consult/live/",
        {"contact_person": expert.pk, "question": "Vai drīkst?", "answer": "Drīkst."},
    )
    assert response.status_code == 302
    live = Consultation.objects.get()
    assert live.live and live.answer == "Drīkst."
    assert live.answered_at == live.asked_at
    assert not Notification.objects.filter(recipient=expert).exists()  # asked by phone, now
    assert services.consultations_send_reminders(now=timezone.now() + timedelta(hours=5)) == 0
    assert not team.team_consultations().exists()
    html = client_for(reception).get(f"/cases/{contact.pk}/").content.decode()
    assert "Drīkst." in html and gettext("during the call (4.3.2)") in html


def test_a_live_consultation_needs_the_answer(reception, expert, make_contact, client_for):
    contact = make_contact()
    response = client_for(reception).post(
        f"/cases/{contact.pk}/consult/live/",
        {"contact_person": expert.pk, "question": "Vai drīkst?", "answer": ""},
    )
    assert response.status_code == 422
    assert not Consultation.objects.exists()


@pytest.mark.rule("4.3.1")
def test_an_absent_owners_callback_reminder_goes_to_the_substitute(
    reception, reception2, make_contact
):
    make_contact(
        actor=reception2,
        callback=services.CallbackRequest(
            phone_number="26 123 456",
            question="Kad izvedīs?",
            due_at=timezone.now() + timedelta(minutes=10),
            owner=reception2,
        ),
    )
    _away(reception2, reception)
    assert services.callbacks_send_reminders() == 1
    assert _told(reception, "cases.callback_before") == 1
    assert _told(reception2, "cases.callback_before") == 0


def test_a_unit_head_records_a_contact_persons_absence_on_the_page(
    unithead, reception, expert, expert2, client_for
):
    today = timezone.localdate().isoformat()

    def record(user, employee, substitute):
        return client_for(user).post(
            "/cases/absences/",
            {
                "employee": employee.pk,
                "starts_on": today,
                "ends_on": today,
                "substitute": substitute.pk,
            },
        )

    assert record(unithead, expert, expert2).status_code == 302
    assert record(reception, reception, expert).status_code == 422  # not the same work
    assert team.substitute_for(expert) == expert2
