"""Model choice fields of one page that offer the same rows read them once.

A ``ModelChoiceField`` reads its queryset every time it renders, so two fields offering the
same people (an absence's employee and substitute) or the same institutions (a submission's
forwarding and where-to-apply forms) send the same query twice. ``read_once`` makes the fields
share one reading, done when the first of them renders (not when the form is built, so a
valid POST still reads nothing); each field keeps its own empty label and labels."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator


def read_once(*fields: forms.Field) -> None:
    """Let ``fields`` (model choice fields over the same rows) share one reading."""
    rows: list[Any] = []
    read = [False]

    class _Shared(ModelChoiceIterator):
        def _rows(self) -> list[Any]:
            if not read[0]:
                rows.extend(self.queryset)
                read[0] = True
            return rows

        def __iter__(self) -> Iterator[Any]:
            if self.field.empty_label is not None:
                yield ("", self.field.empty_label)
            for row in self._rows():
                yield self.choice(row)

        def __len__(self) -> int:
            return len(self._rows()) + (self.field.empty_label is not None)

        def __bool__(self) -> bool:
            return self.field.empty_label is not None or bool(self._rows())

    for field in fields:
        assert isinstance(field, forms.ModelChoiceField), field
        field.iterator = _Shared
        field.widget.choices = field.choices  # the widget renders from its own copy
