"""4.12.1 (a client abusive in person: the Annex 1 log, visits only), 4.12.2 (on the phone: the
warning with its time, then the end), Annex 1 word for word, and 4.4/4.5 (the language of a
phone consultation)."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from cases import annex1, services
from cases.forms import FREE_OUTCOMES
from cases.models import Channel, ConflictAction, ConflictLog, Contact, Outcome
from servicedesk.rules_parser import ANNEX_ATYPICAL, ANNEX_TYPICAL, parse_rules

pytestmark = pytest.mark.django_db

RULES_TEXT = (
    Path(__file__).resolve().parents[2]
    / "servicedesk/rules_text/klientu-apkalposanas-noteikumi-2019.txt"
).read_text(encoding="utf-8")


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M:%S")


def _post(user_client, **data):
    """The contact screen, an anonymous call that started five minutes ago."""
    started = timezone.now() - timedelta(minutes=5)
    base = {
        "channel": "phone_in",
        "language": "lv",
        "started_at": _local(started),
        "summary": "Klients kliedz un apvaino",
    }
    base.update(data)
    return user_client.post("/cases/new/", base)


# --- 4.12.2: warn, then end --------------------------------------------------------------------


@pytest.mark.rule("4.12.2")
def test_a_call_cannot_be_ended_before_a_warning(reception, make_contact):
    contact = make_contact(channel=Channel.PHONE_IN, started_at=timezone.now())
    with pytest.raises(ValidationError):
        services.contact_end_after_warning(actor=reception, contact=contact)
    contact.refresh_from_db()
    assert Outcome.ENDED_AFTER_WARNING not in contact.outcome_codes


@pytest.mark.rule("4.12.2")
def test_the_warning_is_its_own_step_with_its_time_and_the_end_follows(reception, make_contact):
    started = timezone.now() - timedelta(minutes=6)
    contact = make_contact(channel=Channel.PHONE_IN, started_at=started)
    warned = started + timedelta(minutes=4)
    services.contact_record_warning(actor=reception, contact=contact, at=warned)
    assert Outcome.ENDED_AFTER_WARNING not in contact.outcome_codes  # warned, not yet ended
    services.contact_end_after_warning(actor=reception, contact=contact)
    contact.refresh_from_db()
    assert contact.warning_given_at == warned
    assert contact.ended_at is not None and contact.ended_at >= warned
    assert Outcome.ENDED_AFTER_WARNING in contact.outcome_codes


@pytest.mark.rule("4.12.2")
def test_a_warning_after_the_call_ended_is_refused(reception, make_contact):
    started = timezone.now() - timedelta(minutes=10)
    contact = make_contact(
        channel=Channel.PHONE_IN, started_at=started, ended_at=started + timedelta(minutes=3)
    )
    with pytest.raises(ValidationError) as exc:
        services.contact_record_warning(actor=reception, contact=contact)  # now: after the end
    assert "warning_given_at" in exc.value.message_dict
    contact.refresh_from_db()
    assert contact.warning_given_at is None


@pytest.mark.rule("4.12.2")
def test_the_contact_screen_refuses_an_end_without_a_warning_and_keeps_the_form(
    reception, client_for
):
    assert Outcome.ENDED_AFTER_WARNING not in dict(FREE_OUTCOMES)  # no way round the warning
    response = _post(client_for(reception), ended_after_warning="on")
    assert response.status_code == 200
    assert "warning_given_at" in response.context["form"].errors
    assert "Klients kliedz un apvaino" in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.rule("4.12.2")
def test_the_contact_screen_refuses_a_warning_timed_after_the_end(reception, client_for):
    now = timezone.now()
    response = _post(
        client_for(reception),
        ended_at=_local(now - timedelta(minutes=2)),
        warning_given_at=_local(now - timedelta(minutes=1)),
        ended_after_warning="on",
    )
    assert "warning_given_at" in response.context["form"].errors
    assert not Contact.objects.exists()


@pytest.mark.rule("4.12.2")
def test_the_contact_screen_records_the_warning_time_and_the_end(reception, client_for):
    now = timezone.now().replace(microsecond=0)
    warned = now - timedelta(minutes=2)
    response = _post(
        client_for(reception),
        warning_given_at=_local(warned),
        ended_at=_local(now),
        ended_after_warning="on",
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.warning_given_at == warned
    assert Outcome.ENDED_AFTER_WARNING in contact.outcome_codes


@pytest.mark.rule("4.12.2")
def test_the_screens_offer_the_end_only_after_the_warning(reception, client_for, make_contact):
    user_client = client_for(reception)
    form_page = user_client.get("/cases/new/?channel=phone_in").content.decode()
    assert re.search(r'id="end-after-warning" hidden', form_page)
    assert 'id="warn-now"' in form_page
    contact = make_contact(channel=Channel.PHONE_IN, started_at=timezone.now())
    before = user_client.get(f"/cases/{contact.pk}/").content.decode()
    assert 'name="end"' not in before and 'name="at"' in before
    user_client.post(f"/cases/{contact.pk}/warning/", {"at": ""})
    after = user_client.get(f"/cases/{contact.pk}/").content.decode()
    assert 'name="end"' in after and 'id="warning-given"' in after
    user_client.post(f"/cases/{contact.pk}/warning/", {"end": "1"})
    contact.refresh_from_db()
    assert Outcome.ENDED_AFTER_WARNING in contact.outcome_codes


# --- 4.12.1: in person only --------------------------------------------------------------------


@pytest.mark.rule("4.12.1")
def test_the_conflict_log_is_for_a_visit_not_a_phone_call(reception, client_for, make_contact):
    call = make_contact(channel=Channel.PHONE_IN)
    with pytest.raises(ValidationError):
        services.conflict_log_open(actor=reception, contact=call)
    user_client = client_for(reception)
    response = user_client.post(f"/cases/{call.pk}/conflict/", follow=True)
    assert not ConflictLog.objects.exists()
    assert "4.12.2" in response.content.decode()
    page = user_client.get(f"/cases/{call.pk}/conflict/").content.decode()
    assert 'id="not-in-person"' in page and "Start the conflict log" not in page
    visit = make_contact(channel=Channel.VISIT)
    user_client.post(f"/cases/{visit.pk}/conflict/")
    assert ConflictLog.objects.get().contact == visit


# --- Annex 1, word for word --------------------------------------------------------------------


def _annex_rows(part):
    def fix(line):
        for wrong, right in annex1.SPELLING:
            line = line.replace(wrong, right)
        return line

    return [
        [fix(line) for line in c.text.splitlines()]
        for c in parse_rules(RULES_TEXT)
        if c.part == part
    ]


def _starred_rows():
    """The annex rows whose title carries an asterisk in the printed text, in order."""
    annex = RULES_TEXT.split("1.pielikums", 1)[1]
    rows = re.findall(r"^(\d+)\. ([^\t\n]*)", annex, flags=re.MULTILINE)
    return [(number, "*" in title) for number, title in rows]


@pytest.mark.rule("Annex 1, typical")
def test_the_typical_steps_are_the_annex_word_for_word():
    rows = _annex_rows(ANNEX_TYPICAL)
    assert [[s.action, *s.results] for s in annex1.TYPICAL_STEPS] == rows
    assert sum(len(s.results) for s in annex1.TYPICAL_STEPS) == 15  # 1 + 2 + 5 + 4 + 2 + 1


@pytest.mark.rule("Annex 1, atypical")
def test_every_atypical_action_of_the_annex_is_there_word_for_word():
    rows = _annex_rows(ANNEX_ATYPICAL)
    situations = list(annex1.SITUATIONS.values())
    assert [[s.title, *(a.numbered for a in s.actions)] for s in situations] == rows
    assert len(annex1.SITUATIONS["dissatisfied"].actions) == 8
    assert len(annex1.SITUATIONS["aggressive"].actions) == 7


@pytest.mark.rule("Annex 1, typical", "Annex 1, atypical")
def test_the_asterisks_sit_where_the_annex_puts_them():
    starred = [s.starred for s in annex1.TYPICAL_STEPS] + [
        s.starred for s in annex1.SITUATIONS.values()
    ]
    assert starred == [flag for _number, flag in _starred_rows()]
    assert starred == [True] * 6 + [True, False, False, False, True, False]


@pytest.mark.rule("Annex 1, atypical")
def test_the_log_page_shows_every_action_and_the_asterisk_note(reception, client_for, make_contact):
    contact = make_contact(channel=Channel.VISIT)
    services.conflict_log_open(actor=reception, contact=contact)
    html = client_for(reception).get(f"/cases/{contact.pk}/conflict/").content.decode()
    for situation in annex1.SITUATIONS.values():
        for action in situation.actions:
            assert f'value="{action.code}"' in html
            assert action.number in html
    assert "5.5. Uzdod kādu jautājumu" in html and "5.8. Centies iesaistīt klientu" in html
    assert "6.4. Savus pieņēmumus izsaki" in html
    assert 'id="asterisk-note"' in html


@pytest.mark.rule("Annex 1, atypical")
def test_actions_under_a_situation_not_chosen_are_refused_and_kept(
    reception, client_for, make_contact
):
    contact = make_contact(channel=Channel.VISIT)
    user_client = client_for(reception)
    user_client.post(f"/cases/{contact.pk}/conflict/")
    response = user_client.post(
        f"/cases/{contact.pk}/conflict/situation/",
        {
            "situation": "dissatisfied",
            "actions": ["dissatisfied.5", "aggressive.7"],
            "note": "Policija izsaukta 14:20",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="situation-errors"' in html
    assert annex1.SITUATIONS["aggressive"].title in html
    assert re.search(r'value="aggressive\.7" id="act-aggressive\.7" checked', html)
    assert re.search(r'value="dissatisfied" id="sit-dissatisfied" checked', html)
    assert "Policija izsaukta 14:20" in html
    assert not ConflictAction.objects.exists()
    log = ConflictLog.objects.get()
    with pytest.raises(ValidationError):
        services.conflict_situation_record(
            actor=reception, log=log, situation="rude", actions=["rude.1", "health.3"]
        )


def test_actions_logged_under_the_short_list_move_to_their_annex_numbers(reception, make_contact):
    migration = importlib.import_module("cases.migrations.0011_conflicts_live_consultation")
    contact = make_contact(channel=Channel.VISIT)
    log = services.conflict_log_open(actor=reception, contact=contact)
    old = ["dissatisfied.3", "dissatisfied.4", "dissatisfied.5", "aggressive.6", "mobility.2"]
    ConflictAction.objects.bulk_create(
        ConflictAction(log=log, kind=ConflictAction.Kind.SITUATION, code=code, by=reception)
        for code in old
    )
    migration.forwards(apps, None)
    codes = list(ConflictAction.objects.order_by("pk").values_list("code", flat=True))
    assert codes == [
        "dissatisfied.4",
        "dissatisfied.6",
        "dissatisfied.7",
        "aggressive.7",
        "mobility.3",
    ]
    assert annex1.ACTION_TEXT["dissatisfied.7"].startswith("5.7. Kopā ar klientu")


# --- 4.4 / 4.5: the language of a phone consultation -------------------------------------------


@pytest.mark.rule("4.4")
def test_a_phone_consultation_in_russian_is_refused_by_default(reception, make_contact, client_for):
    with pytest.raises(ValidationError) as exc:
        make_contact(channel=Channel.PHONE_IN, language="ru")
    assert "language" in exc.value.message_dict
    response = _post(client_for(reception), language="ru")
    assert "language" in response.context["form"].errors
    assert "Klients kliedz un apvaino" in response.content.decode()
    assert not Contact.objects.exists()
    assert make_contact(channel=Channel.VISIT, language="ru").language == "ru"  # not by phone


@pytest.mark.rule("4.4")
@override_settings(PHONE_CONSULTATION_LANGUAGES=["lv", "ru"])
def test_the_institution_may_allow_another_phone_language(make_contact):
    assert make_contact(channel=Channel.PHONE_IN, language="ru").language == "ru"
    with pytest.raises(ValidationError):
        make_contact(channel=Channel.PHONE_IN, language="en")


@pytest.mark.rule("4.5")
def test_told_to_write_in_is_recorded_only_when_the_client_was_told(make_contact):
    asked = make_contact(foreign_language_requested="krievu")
    assert Outcome.FOREIGN_LANGUAGE not in asked.outcome_codes
    told = make_contact(foreign_language_requested="krievu", told_to_write_in=True)
    assert told.foreign_language_requested == "krievu"
    assert Outcome.FOREIGN_LANGUAGE in told.outcome_codes
    with pytest.raises(ValidationError) as exc:
        make_contact(told_to_write_in=True)
    assert "foreign_language_requested" in exc.value.message_dict
    with pytest.raises(ValidationError):
        make_contact(
            channel=Channel.VISIT, foreign_language_requested="angļu", told_to_write_in=True
        )
