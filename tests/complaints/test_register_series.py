"""Register numbers: one series per review authority (2.1.4.4; docs/complaints.md, "Register
numbers"). With one series a reviewer who sees 2026/1 and 2026/3 knows that 2026/2 exists and
is hidden from them; with a series per authority their numbers run without gaps."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from complaints.models import FeedbackItem, RegisterCounter, SubjectKind
from complaints.register.services import workflow
from complaints.selectors import complaints_visible_to
from servicedesk.models import ReviewAuthority

Authority = ReviewAuthority.Kind
YEAR = date.today().year


@pytest.mark.rule("2.1.4.4", "7.1", "7.2", "7.3")
def test_each_authority_numbers_its_own_register(register, head, director, ethics):
    first = register()
    about_head = register(subject_kind=SubjectKind.HEAD, subject_description="")
    ethics_item = register(subject_kind=SubjectKind.ETHICS, subject_description="")
    second = register()
    assert [i.register_number for i in (first, about_head, ethics_item, second)] == [
        f"AADSO/{YEAR}/V-1",
        f"AADSO/{YEAR}/D-1",
        f"AADSO/{YEAR}/E-1",
        f"AADSO/{YEAR}/V-2",
    ]
    # The head's register runs 1, 2: nothing tells him an item came in between.
    seen = complaints_visible_to(head).order_by("sequence")
    assert [(i.series, i.sequence) for i in seen] == [(Authority.HEAD, 1), (Authority.HEAD, 2)]
    assert set(RegisterCounter.objects.filter(year=YEAR).values_list("series", "last_number")) == {
        (Authority.HEAD, 2),
        (Authority.EXECUTIVE_DIRECTOR, 1),
        (Authority.ETHICS_COMMISSION, 1),
    }


@pytest.mark.rule("7.3")
def test_re_routing_keeps_the_number(register, head, ethics):
    item = register()
    number = item.register_number
    item = workflow.feedback_reroute(
        actor=head,
        item=item,
        expected_version=item.version,
        authority_kind=Authority.ETHICS_COMMISSION,
        reason="Ētikas jautājums.",
    )
    assert item.register_number == number
    assert item.series == Authority.HEAD
    # The Commission's own series is not used up by it.
    assert register(subject_kind=SubjectKind.ETHICS, subject_description="").register_number == (
        f"AADSO/{YEAR}/E-1"
    )


def test_a_pattern_written_before_the_series_still_works(register, settings):
    settings.COMPLAINTS_REGISTER_NUMBER_PATTERN = "S-{year}-{seq:04d}"
    assert register().register_number == f"S-{YEAR}-V0001"
    assert register(subject_kind=SubjectKind.HEAD, subject_description="").register_number == (
        f"S-{YEAR}-D0001"
    )


def test_series_prefixes_are_a_setting(register, settings):
    settings.COMPLAINTS_REGISTER_SERIES = {"head": "VAD"}
    assert register().register_number == f"AADSO/{YEAR}/VAD-1"
    settings.COMPLAINTS_REGISTER_SERIES = {"head": "D"}  # the director's letter: refused
    with pytest.raises(ImproperlyConfigured):
        register()


def test_one_number_twice_in_a_series_is_refused_by_the_database(register):
    item = register()
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackItem.objects.filter(pk=register().pk).update(sequence=item.sequence)
