"""Who may do what: the one module that states it.

Roles are Django groups created by migrations (``0002_roles``; the data protection contact
by ``0006``, the knowledge-base editor by ``0012``, the compliance inspector by ``0015``).
Views ask ``can(user, action)`` or wear ``@permission_required_for(action)``; nothing else
decides access by role. Record-level
visibility (a complaint about yourself) is the selectors' job, on top of this.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    FRONT_DESK = "front_desk"
    CONTACT_PERSON = "contact_person"
    UNIT_HEAD = "unit_head"
    HEAD = "head"
    EXECUTIVE_DIRECTOR = "executive_director"
    ETHICS_MEMBER = "ethics_member"
    ADMINISTRATOR = "administrator"
    DATA_PROTECTION = "data_protection"
    KNOWLEDGE_EDITOR = "knowledge_editor"
    COMPLIANCE_INSPECTOR = "compliance_inspector"


ROLE_LABELS = {
    Role.FRONT_DESK: _("Front-desk specialist"),
    Role.CONTACT_PERSON: _("Contact person"),
    Role.UNIT_HEAD: _("Head of a structural unit"),
    Role.HEAD: _("Head of institution"),
    Role.EXECUTIVE_DIRECTOR: _("Municipal executive director"),
    Role.ETHICS_MEMBER: _("Ethics Commission member"),
    Role.ADMINISTRATOR: _("Administrator"),
    Role.DATA_PROTECTION: _("Data protection contact"),
    Role.KNOWLEDGE_EDITOR: _("Knowledge-base editor"),
    Role.COMPLIANCE_INSPECTOR: _("Compliance inspector"),
}

#: The institution's and the municipality's people who work in the desk. The compliance
#: inspector comes from outside for a read-only audit: not staff, not bound by the rules.
ALL_STAFF = frozenset(Role) - {Role.COMPLIANCE_INSPECTOR}


class Action(StrEnum):
    VIEW_DIRECTORY = "directory.view"
    VIEW_INBOX = "inbox.view"
    ACKNOWLEDGE_RULES = "rules.acknowledge"
    VIEW_RULES_REGISTER = "rules.register"
    MANAGE_RULES = "rules.manage"
    PRINT_BADGES = "badges.print"
    MANAGE_ORGANISATION = "organisation.manage"
    MANAGE_NOTIFICATIONS = "notifications.manage"
    LOG_CONTACTS = "contacts.log"
    REGISTER_FEEDBACK = "feedback.register"
    REVIEW_FEEDBACK = "feedback.review"
    VIEW_FEEDBACK = "feedback.view"
    VIEW_DASHBOARD = "dashboard.view"
    VIEW_COMPLIANCE_REPORT = "dashboard.compliance"
    RUN_KIOSK = "surveys.kiosk"
    MANAGE_STAFF_SURVEYS = "staff_surveys.manage"
    ANSWER_STAFF_SURVEYS = "staff_surveys.answer"
    VIEW_STAFF_SURVEY_RESULTS = "staff_surveys.results"
    VIEW_AUDIT = "audit.view"
    HANDLE_DATA_REQUESTS = "privacy.requests"
    VIEW_CONTACT_STATISTICS = "dashboard.contacts"
    VIEW_KNOWLEDGE = "knowledge.view"
    EDIT_KNOWLEDGE = "knowledge.edit"


PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW_DIRECTORY: ALL_STAFF,
    Action.VIEW_INBOX: ALL_STAFF,
    Action.ACKNOWLEDGE_RULES: ALL_STAFF,
    Action.VIEW_RULES_REGISTER: frozenset({Role.HEAD, Role.ADMINISTRATOR}),
    Action.MANAGE_RULES: frozenset({Role.ADMINISTRATOR}),
    Action.PRINT_BADGES: frozenset({Role.ADMINISTRATOR}),
    Action.MANAGE_ORGANISATION: frozenset({Role.ADMINISTRATOR}),
    Action.MANAGE_NOTIFICATIONS: frozenset({Role.ADMINISTRATOR}),
    Action.LOG_CONTACTS: frozenset(
        {Role.FRONT_DESK, Role.CONTACT_PERSON, Role.UNIT_HEAD, Role.HEAD}
    ),
    # 2.1.2.1, 2.1.4.2: the knowledge base is read by the desk and kept verified by its
    # editors, who read what they edit.
    Action.VIEW_KNOWLEDGE: frozenset(
        {
            Role.FRONT_DESK,
            Role.CONTACT_PERSON,
            Role.UNIT_HEAD,
            Role.HEAD,
            Role.KNOWLEDGE_EDITOR,
            Role.ADMINISTRATOR,
        }
    ),
    Action.EDIT_KNOWLEDGE: frozenset({Role.KNOWLEDGE_EDITOR, Role.ADMINISTRATOR}),
    Action.REGISTER_FEEDBACK: frozenset(
        {Role.FRONT_DESK, Role.CONTACT_PERSON, Role.UNIT_HEAD, Role.HEAD}
    ),
    Action.REVIEW_FEEDBACK: frozenset({Role.HEAD, Role.EXECUTIVE_DIRECTOR, Role.ETHICS_MEMBER}),
    # Reviewers see a dashboard over what complaints_visible_to lets them see (2.1.4.4).
    Action.VIEW_DASHBOARD: frozenset(
        {Role.HEAD, Role.EXECUTIVE_DIRECTOR, Role.ETHICS_MEMBER, Role.ADMINISTRATOR}
    ),
    Action.VIEW_CONTACT_STATISTICS: frozenset({Role.HEAD, Role.ADMINISTRATOR}),
    # The compliance report for the head and for an inspector, whose login opens the report
    # and nothing else that is personal (the gate shows an inspector no complaint).
    Action.VIEW_COMPLIANCE_REPORT: frozenset(
        {Role.HEAD, Role.ADMINISTRATOR, Role.COMPLIANCE_INSPECTOR}
    ),
    # 2.1.6: the audit trail and data subject requests.
    Action.VIEW_AUDIT: frozenset({Role.ADMINISTRATOR, Role.DATA_PROTECTION}),
    Action.HANDLE_DATA_REQUESTS: frozenset({Role.ADMINISTRATOR, Role.DATA_PROTECTION}),
    # 3.5.1, 3.5.2: the reception-desk kiosk and the anonymous staff survey.
    Action.RUN_KIOSK: frozenset({Role.FRONT_DESK, Role.HEAD, Role.ADMINISTRATOR}),
    Action.MANAGE_STAFF_SURVEYS: frozenset({Role.ADMINISTRATOR}),
    Action.ANSWER_STAFF_SURVEYS: ALL_STAFF,
    Action.VIEW_STAFF_SURVEY_RESULTS: frozenset({Role.HEAD, Role.ADMINISTRATOR}),
    # Opening the register at all; which items each person sees is complaints.selectors'.
    Action.VIEW_FEEDBACK: ALL_STAFF,
}

UserLike = AbstractBaseUser | AnonymousUser


def roles_of(user: Any) -> frozenset[Role]:
    """The user's roles, read once per request object and cached on it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_desk_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(r for r in Role if r.value in names)
        if user.is_superuser:
            cached = cached | {Role.ADMINISTRATOR}
        user._desk_roles = cached
    return cached


def has_role(user: Any, role: Role) -> bool:
    return role in roles_of(user)


def can(user: Any, action: Action) -> bool:
    return bool(roles_of(user) & PERMISSIONS[action])


def permission_required_for(
    action: Action,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: 403 unless the user's roles allow ``action``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not can(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
