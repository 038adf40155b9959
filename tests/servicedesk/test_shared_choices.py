"""Two model choice fields over the same rows read them once (servicedesk.forms.shared_choices)."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from servicedesk.forms.shared_choices import read_once
from servicedesk.models import Topic

pytestmark = pytest.mark.django_db


class _TwoTopics(forms.Form):
    first = forms.ModelChoiceField(queryset=Topic.objects.order_by("name"))
    second = forms.ModelChoiceField(queryset=Topic.objects.order_by("name"), required=False)


def _rendered(shared: bool) -> tuple[str, int]:
    form = _TwoTopics()
    if shared:
        read_once(form.fields["first"], form.fields["second"])
    with CaptureQueriesContext(connection) as queries:
        html = str(form["first"]) + str(form["second"])
    return html, len(queries)


def test_two_fields_over_the_same_rows_render_the_same_options_from_one_query():
    Topic.objects.create(name="Rēķini")
    Topic.objects.create(name="Konteineri")
    separate, separate_queries = _rendered(shared=False)
    shared, shared_queries = _rendered(shared=True)
    assert (separate_queries, shared_queries) == (2, 1)
    assert shared == separate
    assert shared.count("Rēķini") == 2 and shared.count("Konteineri") == 2


def test_building_the_form_reads_nothing_until_it_renders():
    Topic.objects.create(name="Rēķini")
    with CaptureQueriesContext(connection) as queries:
        form = _TwoTopics(data={"first": ""})
        read_once(form.fields["first"], form.fields["second"])
    assert len(queries) == 0
