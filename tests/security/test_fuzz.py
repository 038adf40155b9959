"""Fuzzing (2.1.6.1): hypothesis drives every form class of the project with random and
hostile input — validation may refuse it, nothing else may go wrong — and a sample of POST
endpoints: no response is a server error and a refused request leaves nothing half-saved."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints.models import StaffSurvey, StaffSurveyQuestion
from servicedesk.models import Employee
from servicedesk.services.data_requests import RectifiableField
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "\x00",
    "\u202e",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "%s%s%n",
    "../../etc/passwd",
    "0",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "31.12.2026.",
    "+371 26 123 456",
    "a@b",
    "ā" * 5000,
    "\r\n\r\nBcc: x@example.lv",
    "{{ 7*7 }}",
    "None",
    "[]",
    "true",
]
VALUES = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def project_forms() -> list[type[forms.BaseForm]]:
    """Every Form and ModelForm class defined in the project's apps."""
    found: dict[str, type[forms.BaseForm]] = {}
    for app in ("servicedesk", "cases", "complaints"):
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == info.name:
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[k] for k in sorted(found)]


def _survey() -> StaffSurvey:
    survey = StaffSurvey.objects.create(title="Aptauja")
    StaffSurveyQuestion.objects.create(survey=survey, position=1, text="Cik?", kind="scale")
    StaffSurveyQuestion.objects.create(survey=survey, position=2, text="Kāpēc?", kind="text")
    return survey


def _signers() -> Any:
    if not Employee.objects.exists():
        EmployeeFactory()
    return Employee.objects.all()


#: Forms whose constructor needs more than data: how to build them.
BUILDERS = {
    "StaffSurveyAnswerForm": lambda make_item: {"survey": _survey()},
    # 2.1.6.1: the fields a rectifier offers (the client's, from cases/data_requests.py).
    "RectificationForm": lambda make_item: {
        "fields": [
            RectifiableField(name="name", label="Vārds", value="Anna", required=True),
            RectifiableField(name="phones", label="Tālruņi", value="", multiline=True),
        ]
    },
    # Who records the absence, and whether they may record someone else's.
    "AbsenceForm": lambda make_item: {"user": UserFactory(), "others": True},
    # Clause 9: the employees who may still sign (here: one, so a choice can be valid).
    "SignaturesForm": lambda make_item: {"employees": _signers()},
    # 2.1.4.1: the complaint the reviewer asks about (whom it may ask comes from it).
    "ExplanationRequestForm": lambda make_item: {"item": make_item()},
}


def test_the_discovery_finds_the_forms():
    names = {f.__name__ for f in project_forms()}
    assert {
        "ClientForm",
        "ContactForm",
        "FeedbackRegisterForm",
        "PublicSubmissionForm",
        "ReferralForm",
        "ErasureForm",
    } <= names


@pytest.mark.parametrize("form_class", project_forms(), ids=lambda c: c.__name__)
def test_every_form_only_validates_hostile_input(form_class, review_authorities, register):
    build = BUILDERS.get(form_class.__name__, lambda make_item: {})
    extra = build(register)
    field_names = list(form_class(**extra).fields)

    @FUZZ
    @given(
        st.fixed_dictionaries({}, optional=dict.fromkeys(field_names, VALUES)),
        st.dictionaries(st.sampled_from(field_names or ["x"]), st.lists(VALUES, max_size=3)),
    )
    def run(data: dict[str, str], lists: dict[str, list[str]]) -> None:
        from django.utils.datastructures import MultiValueDict

        bound = MultiValueDict({k: [v] for k, v in data.items()})
        for key, values in lists.items():
            bound.setlist(key, values)
        form = form_class(bound, **extra)
        form.is_valid()  # a ValidationError is caught by the form; anything else fails here
        assert form.errors is not None

    run()


def _row_count() -> int:
    return sum(
        m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"servicedesk", "cases", "complaints"}
        and m.__name__ not in {"AccessLog"}
    )


def test_post_endpoints_never_fail_and_save_nothing_half(
    reception, head, dpo, make_client, make_contact, register
):
    client = make_client()
    contact = make_contact(client=client)
    item = register()
    desk, reviewer, protection, public = Client(), Client(), Client(), Client()
    desk.force_login(reception)
    reviewer.force_login(head)
    protection.force_login(dpo)
    endpoints = [
        (
            desk,
            "/cases/clients/new/",
            [
                "kind",
                "name",
                "phones",
                "email",
                "contract_number",
                "personal_code",
                "personal_code_purpose",
            ],
        ),
        (
            desk,
            "/cases/new/",
            [
                "channel",
                "client",
                "summary",
                "started_at",
                "phone_number",
                "callback",
                "callback_due",
                "outcomes",
            ],
        ),
        (desk, f"/cases/{contact.pk}/referral/", ["kind", "specialist", "institution", "reason"]),
        (
            desk,
            "/complaints/new/",
            [
                "kind",
                "channel",
                "text",
                "subject_kind",
                "client_email",
                "subject_employee",
                "received_on",
            ],
        ),
        (
            public,
            "/p/",
            [
                "kind",
                "text",
                "client_email",
                "reply_channel",
                "privacy_accepted",
                "subject_kind",
                "client_phone",
            ],
        ),
        (
            reviewer,
            f"/complaints/{item.pk}/decide/",
            ["decide-version", "decide-outcome", "decide-decision_text"],
        ),
        (protection, f"/privacy/clients/{client.pk}/erase/", ["confirm", "note"]),
    ]

    @settings(FUZZ, max_examples=15 * len(endpoints))
    @given(st.sampled_from(range(len(endpoints))), st.data())
    def run(index: int, data: Any) -> None:
        cache.clear()  # the public form's rate limit
        browser, url, fields = endpoints[index]
        payload = data.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(fields, VALUES)))
        before = _row_count()
        response = browser.post(url, payload)
        assert response.status_code < 500, (url, payload)
        if response.status_code != 302:  # refused: nothing may remain of it
            assert _row_count() == before, (url, payload, response.status_code)

    run()
