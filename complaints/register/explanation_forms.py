"""Forms of the request for an employee's explanation (2.1.4.1), and what the item's page
shows of it to the reviewer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints import selectors
from complaints.models import OPEN_STATES, FeedbackItem, Kind
from complaints.register.explanation_selectors import explanation_candidates, requests_on
from servicedesk.roles import Action, can

#: The employee's usual time to answer (Labour Law s. 90 sets none; a week is customary).
ANSWER_DAYS = 7


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class ExplanationRequestForm(forms.Form):
    employee = PersonChoiceField(label=_("Employee asked"), queryset=None)
    question = forms.CharField(
        label=_("What the employee is asked to explain"),
        help_text=_(
            "Only this text is sent: write the facts the employee needs, not the complaint itself."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    answer_by = forms.DateField(
        label=_("Answer by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    names_complainant = forms.BooleanField(
        label=_("Tell the employee who complained"),
        help_text=_("Not told unless ticked; the decision is recorded in the history."),
        required=False,
    )

    def __init__(self, *args: Any, item: FeedbackItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidates = explanation_candidates(item)
        employee = self.fields["employee"]
        employee.queryset = candidates  # type: ignore[attr-defined]
        if len(candidates) == 1:
            employee.initial = candidates[0].pk
        self.fields["answer_by"].initial = timezone.localdate() + timedelta(days=ANSWER_DAYS)


class ExplanationAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your written explanation"), widget=forms.Textarea(attrs={"rows": 8})
    )


def explanation_context(
    user: Any, item: FeedbackItem, form: ExplanationRequestForm | None = None
) -> dict[str, Any]:
    """The item page's explanations for its reviewers: the requests and answers, and the
    form to ask while a complaint about a person is open."""
    if not (can(user, Action.REVIEW_FEEDBACK) and selectors.is_reviewer(user, item)):
        return {"explanations": None, "explanation_form": None}
    may_ask = item.kind == Kind.COMPLAINT and item.state in OPEN_STATES
    if may_ask and form is None:
        form = ExplanationRequestForm(item=item, prefix="explain")
        may_ask = form.fields["employee"].queryset.exists()  # type: ignore[attr-defined]
    return {
        "explanations": list(requests_on(item)),
        "explanation_form": form if may_ask else None,
    }
