"""Register numbers: one series per review authority (2.1.4.4; docs/complaints.md, "Register
numbers"). With one series a reviewer who sees 2026/1 and 2026/3 knows that 2026/2 exists and
is hidden from them; with a series per authority their numbers run without gaps."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from complaints.conf import ABOUT_HEAD_SERIES
from complaints.models import FeedbackItem, RegisterCounter, SubjectKind
from complaints.register.services import workflow
from complaints.selectors import complaints_visible_to
from servicedesk.models import Notification, ReviewAuthority

Authority = ReviewAuthority.Kind
YEAR = date.today().year


@pytest.mark.rule("2.1.4.4")
def test_each_authority_numbers_its_own_register(register, head, director, ethics):
    first = register()
    about_head = register(subject_kind=SubjectKind.HEAD, subject_description="")
    ethics_item = register(subject_kind=SubjectKind.ETHICS, subject_description="")
    second = register()
    assert [i.register_number for i in (first, about_head, ethics_item, second)] == [
        f"AADSO/{YEAR}/V-1",
        f"AADSO/{YEAR}/P-1",  # about the head: a series of its own, whoever reviews it
        f"AADSO/{YEAR}/E-1",
        f"AADSO/{YEAR}/V-2",
    ]
    # The head's register runs 1, 2: nothing tells him an item came in between.
    seen = complaints_visible_to(head).order_by("sequence")
    assert [(i.series, i.sequence) for i in seen] == [(Authority.HEAD, 1), (Authority.HEAD, 2)]
    assert set(RegisterCounter.objects.filter(year=YEAR).values_list("series", "last_number")) == {
        (Authority.HEAD, 2),
        (ABOUT_HEAD_SERIES, 1),
        (Authority.ETHICS_COMMISSION, 1),
    }


@pytest.mark.rule("2.1.4.4", "4.11")
def test_the_numbers_the_head_is_told_of_show_no_gap_where_an_item_about_the_head_is(
    register, head, ethics, director
):
    """The head is told of every item not about the head (4.11): items about the head are
    numbered apart, so the numbers told run without a gap."""
    register(subject_kind=SubjectKind.ETHICS, subject_description="")
    register(subject_kind=SubjectKind.ETHICS, subject_employee=head.employee)  # about the head
    register(subject_kind=SubjectKind.HEAD, subject_description="")
    register(subject_kind=SubjectKind.ETHICS, subject_description="")
    told = Notification.objects.filter(recipient=head, channel=Notification.Channel.IN_APP)
    bodies = " ".join(told.values_list("body", flat=True))
    assert sorted(re.findall(r"AADSO/\d+/[A-Z]-\d+", bodies)) == [
        f"AADSO/{YEAR}/E-1",
        f"AADSO/{YEAR}/E-2",
    ]
    assert set(
        FeedbackItem.objects.filter(series=ABOUT_HEAD_SERIES).values_list("sequence", flat=True)
    ) == {1, 2}


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
