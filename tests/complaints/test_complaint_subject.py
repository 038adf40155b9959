"""What a complaint is about (7.1–7.3 route by it) is checked by one function,
``complaints.subjects.complaint_subject_errors``, for the front desk's form, the public form,
the trust-line form and ``feedback_register``; each keeps its own wording for a missing
service."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from complaints.models import Channel, FeedbackItem, Kind, SubjectKind
from complaints.register.forms import FeedbackRegisterForm
from complaints.register.services import registration
from complaints.voice.forms import PublicSubmissionForm, TrustLineForm

pytestmark = pytest.mark.django_db

FORMS = (FeedbackRegisterForm, PublicSubmissionForm, TrustLineForm)


def _errors(form_class, **data):
    with translation.override("en"):
        form = form_class(data={"kind": Kind.COMPLAINT, **data})
        form.is_valid()
        return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


@pytest.mark.parametrize("form_class", FORMS)
def test_every_form_asks_what_a_complaint_is_about(form_class):
    assert _errors(form_class)["subject_kind"] == ["Say what the complaint is about."]


@pytest.mark.parametrize("form_class", FORMS)
def test_every_form_asks_for_the_employee_complained_about(form_class):
    errors = _errors(form_class, subject_kind=SubjectKind.EMPLOYEE)
    assert errors["subject_employee"] == ["Choose the employee."]
    assert "subject_kind" not in errors


@pytest.mark.parametrize(
    ("form_class", "message"),
    [
        (FeedbackRegisterForm, ["Name the service or process."]),
        (PublicSubmissionForm, ["Name the service."]),
        (TrustLineForm, None),  # the trust line takes what the caller says
    ],
)
def test_a_complaint_about_a_service_names_it_where_the_form_asks(form_class, message):
    errors = _errors(form_class, subject_kind=SubjectKind.SERVICE)
    assert errors.get("subject_description") == message


@pytest.mark.parametrize("form_class", FORMS)
def test_a_suggestion_needs_no_subject(form_class):
    errors = _errors(form_class, kind=Kind.SUGGESTION)
    assert not {"subject_kind", "subject_employee", "subject_description"} & set(errors)


def test_the_service_refuses_a_complaint_without_a_subject_like_the_forms(reception, head):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        registration.feedback_register(
            actor=reception,
            data=registration.FeedbackInput(
                kind=Kind.COMPLAINT, channel=Channel.VISIT, text="Netīrs."
            ),
        )
    assert refused.value.message_dict == {"subject_kind": ["Say what the complaint is about."]}
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        registration.feedback_register(
            actor=reception,
            data=registration.FeedbackInput(
                kind=Kind.COMPLAINT,
                channel=Channel.VISIT,
                text="Rupjš.",
                subject_kind=SubjectKind.EMPLOYEE,
            ),
        )
    assert refused.value.message_dict == {"subject_employee": ["Choose the employee."]}
    assert not FeedbackItem.objects.exists()
