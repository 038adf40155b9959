"""Shared personas (STYLE.md): one per role and an outsider, built with factory_boy.

``reception`` (front desk), ``reception2``, ``head``, ``unithead``, ``expert`` (contact
person), ``director`` (municipal executive director), ``ethics`` (Ethics Commission member),
``admin`` (administrator), ``inspector`` (compliance inspector: the compliance report only)
and ``outsider`` (logged in, no role)."""

from __future__ import annotations

import pytest
from django.core import mail  # noqa: F401  (the mail outbox fixture comes from pytest-django)
from django.test import Client

from servicedesk.models import ReviewAuthority
from servicedesk.roles import Role
from tests.factories import (
    EmployeeFactory,
    InstitutionFactory,
    ReviewAuthorityFactory,
    UnitFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no rate-limit count or cached institution name
    left by the test before (the database rolls back; the cache would not)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request in English through the test client
    leaves English active in the thread (LocaleMiddleware activates, nothing deactivates),
    and the next test would read English where a user reads Latvian."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def restore_migration_data() -> None:
    """What the data migrations put in and the tests need: the role groups and the routing
    table's defaults. A transactional test starts from a database emptied by the one before
    it (serialized rollback is not used: it clashes with the content types other
    transactional tests re-create)."""
    import importlib

    from django.contrib.auth.models import Group

    from complaints.models import RoutingRule

    for role in Role:
        Group.objects.get_or_create(name=role.value)
    defaults = importlib.import_module("complaints.migrations.0002_default_routing").DEFAULTS
    for item_kind, subject_kind, authority_kind, clause in defaults:
        RoutingRule.objects.get_or_create(
            item_kind=item_kind,
            subject_kind=subject_kind,
            defaults={"authority_kind": authority_kind, "clause": clause},
        )


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Before a transactional test (the integration and two-worker tests, whatever order they
    run in), the data the migrations wrote is put back: the test before may have emptied the
    database."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        restore_migration_data()


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Unit tests run Celery tasks in-process after commit; integration tests use a worker."""
    from servicedesk.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def institution(db):
    return InstitutionFactory()


@pytest.fixture
def customer_service_unit(institution):
    return UnitFactory(institution=institution, name="Klientu apkalpošanas centrs")


@pytest.fixture
def operations_unit(institution):
    return UnitFactory(institution=institution, name="Ekspluatācijas nodaļa")


def _person(username, first, last, role, unit, position):
    user = UserFactory(username=username, first_name=first, last_name=last, roles=[role])
    EmployeeFactory(user=user, unit=unit, position=position)
    return user


@pytest.fixture
def reception(customer_service_unit):
    return _person(
        "reception",
        "Laura",
        "Kalniņa",
        Role.FRONT_DESK,
        customer_service_unit,
        "Klientu apkalpošanas speciāliste",
    )


@pytest.fixture
def reception2(customer_service_unit):
    return _person(
        "reception2",
        "Mārtiņš",
        "Zariņš",
        Role.FRONT_DESK,
        customer_service_unit,
        "Klientu apkalpošanas speciālists",
    )


@pytest.fixture
def head(customer_service_unit, review_authorities):
    user = _person("head", "Aivars", "Pudāns", Role.HEAD, customer_service_unit, "Valdes loceklis")
    review_authorities[ReviewAuthority.Kind.HEAD].members.add(user)
    # The durable mark (7.2): the record is the head's whatever user account is linked.
    user.employee.is_head = True
    user.employee.save(update_fields=["is_head"])
    return user


@pytest.fixture
def unithead(operations_unit):
    user = _person(
        "unithead", "Inese", "Liepiņa", Role.UNIT_HEAD, operations_unit, "Nodaļas vadītāja"
    )
    operations_unit.head = user.employee
    operations_unit.save(update_fields=["head"])
    return user


@pytest.fixture
def expert(operations_unit):
    return _person(
        "expert", "Pēteris", "Vītols", Role.CONTACT_PERSON, operations_unit, "Vecākais speciālists"
    )


@pytest.fixture
def director(db, review_authorities):
    user = UserFactory(
        username="director",
        first_name="Jānis",
        last_name="Dūklavs",
        roles=[Role.EXECUTIVE_DIRECTOR],
    )
    review_authorities[ReviewAuthority.Kind.EXECUTIVE_DIRECTOR].members.add(user)
    return user


@pytest.fixture
def ethics(db, review_authorities):
    user = UserFactory(
        username="ethics", first_name="Rita", last_name="Saulīte", roles=[Role.ETHICS_MEMBER]
    )
    review_authorities[ReviewAuthority.Kind.ETHICS_COMMISSION].members.add(user)
    return user


@pytest.fixture
def admin(db):
    return UserFactory(
        username="admin",
        first_name="Dace",
        last_name="Grava",
        roles=[Role.ADMINISTRATOR],
        is_staff=True,
    )


@pytest.fixture
def inspector(db):
    """An outside compliance inspector: no employee record, in no review authority."""
    return UserFactory(
        username="inspector",
        first_name="Ilze",
        last_name="Pārbaude",
        roles=[Role.COMPLIANCE_INSPECTOR],
    )


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider", first_name="Olga", last_name="Svešā")


@pytest.fixture
def review_authorities(db):
    return {kind: ReviewAuthorityFactory(kind=kind) for kind in ReviewAuthority.Kind}


@pytest.fixture
def personas(
    reception, reception2, head, unithead, expert, director, ethics, admin, inspector, outsider
):
    return {
        "reception": reception,
        "reception2": reception2,
        "head": head,
        "unithead": unithead,
        "expert": expert,
        "director": director,
        "ethics": ethics,
        "admin": admin,
        "inspector": inspector,
        "outsider": outsider,
    }


@pytest.fixture
def client_for():
    """``client_for(user)``: a test client logged in as that user."""

    def make(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The production hasher costs a noticeable fraction of a second per password; a test
    needs no strength, and every persona has a password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_runtest_setup(item):
    """A ``rule`` marker must name a clause as the rules number it: ``@pytest.mark.rule("4.11")``,
    ``"4.2.1–4.2.3"`` or ``"Annex 1, typical"``; the rules matrix reads them (docs/testing.md)."""
    from servicedesk.management.commands.rules_matrix import is_valid_clause

    for mark in item.iter_markers("rule"):
        if not mark.args:
            pytest.fail("@pytest.mark.rule needs at least one clause, e.g. rule('4.11')")
        for clause in mark.args:
            if not is_valid_clause(clause):
                pytest.fail(f"@pytest.mark.rule({clause!r}) does not name a clause of the rules")
