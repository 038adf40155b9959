"""Staff logins and roles, given on the desk by an administrator (2.1.4.4, 2.1.6.1, 2.1.6.2).

The only writer of user accounts and their groups outside the Django admin. Every change is
recorded in the employee record's audit trail (django-simple-history on ``Employee``): linking
a new account shows as a change of "user account"; a change of roles or of the account's
state is a history row of the record whose change reason says what changed (role codes, no
personal data), with the administrator as its author.

Rules:

* only an administrator (``Action.MANAGE_ORGANISATION``) writes here;
* an administrator cannot take away their own administrator role or deactivate their own
  login (the desk would be left without anyone to undo it);
* the head of institution is not decided here: ``Employee.is_head`` and the ``head`` role are
  left as they are (7.2: a complaint about the head goes elsewhere; that is set in the admin);
* a new login gets no password anyone knows: the person sets one through the password-reset
  e-mail, sent to the address given.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from servicedesk.models import Employee
from servicedesk.roles import ROLE_LABELS, Action, Role, can, roles_of

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from servicedesk.types import User as Actor

#: Roles this page does not give or take: the head of institution (7.2) is set elsewhere.
FIXED_ROLES = frozenset({Role.HEAD})
#: Longest change reason the history table keeps.
REASON_LENGTH = 100


def assignable_roles() -> list[Role]:
    return [role for role in Role if role not in FIXED_ROLES]


def _require_administrator(actor: Actor) -> None:
    if not can(actor, Action.MANAGE_ORGANISATION):
        raise PermissionDenied


def _record(employee: Employee, actor: Actor, reasons: Iterable[StrOrPromise]) -> None:
    """A history row of ``employee`` authored by ``actor``, saying ``reasons``. The audit
    trail shows the reason as stored, so it is stored in the site's language (Latvian)."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = "; ".join(str(r) for r in reasons)
    employee._history_user = actor  # type: ignore[attr-defined]
    employee._change_reason = reason[:REASON_LENGTH]  # type: ignore[attr-defined]
    employee.save()


def _set_groups(user: User, roles: Iterable[Role]) -> tuple[set[str], set[str]]:
    """Give ``user`` exactly ``roles`` among the assignable ones; fixed roles stay as they are.
    Returns the role codes added and removed."""
    wanted = {role.value for role in roles if role not in FIXED_ROLES}
    managed = {role.value for role in assignable_roles()}
    current = set(user.groups.filter(name__in=managed).values_list("name", flat=True))
    added, removed = wanted - current, current - wanted
    if removed:
        user.groups.remove(*Group.objects.filter(name__in=removed))
    if added:
        user.groups.add(*Group.objects.filter(name__in=added))
    user.__dict__.pop("_desk_roles", None)
    return added, removed


def _roles_reason(added: set[str], removed: set[str]) -> str:
    """The roles given and taken by their names, in the site's language, e.g. "lomas:
    +Administrators, −Kontaktpersona" (stored as it is shown, see ``_record``)."""
    with translation.override(settings.LANGUAGE_CODE):
        label = str(gettext_lazy("roles"))  # outside the f-string: makemessages reads it
        changes = [f"+{ROLE_LABELS[Role(name)]}" for name in sorted(added)]
        changes += [f"−{ROLE_LABELS[Role(name)]}" for name in sorted(removed)]
        return f"{label}: {', '.join(changes)}"


@transaction.atomic
def staff_login_create(
    *,
    actor: Actor,
    employee: Employee,
    username: str,
    email: str,
    roles: Iterable[Role],
    domain: str,
    use_https: bool,
) -> User:
    """Give ``employee`` a login: a user account named ``username`` with ``roles``, linked to
    the record; after the commit the password-setting e-mail goes to ``email``."""
    _require_administrator(actor)
    if employee.user_id is not None:
        raise ValidationError(_("This employee already has a login."))
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is already taken.")})
    user = User(
        username=username,
        email=email.strip(),
        first_name=employee.first_name[:150],
        last_name=employee.last_name[:150],
        is_active=True,
    )
    # A password nobody knows: the reset e-mail lets the person choose their own.
    user.set_password(secrets.token_urlsafe(32))
    user.full_clean(exclude=["password"])
    user.save()
    added, _removed = _set_groups(user, roles)
    employee.user = user
    if not employee.email:
        employee.email = user.email
    _record(employee, actor, [gettext_lazy("login created"), _roles_reason(added, set())])
    transaction.on_commit(
        lambda: send_password_setup(
            user, language=employee.language, domain=domain, use_https=use_https
        )
    )
    return user


def send_password_setup(user: User, *, language: str, domain: str, use_https: bool) -> None:
    """The login page's password-reset e-mail, in the employee's language, to the new
    account only (``PasswordResetForm.save`` would mail every account sharing the address)."""
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    with translation.override(language):
        PasswordResetForm().send_mail(
            "registration/password_reset_subject.txt",
            "registration/password_reset_email.html",
            context,
            None,
            user.email,
        )


@transaction.atomic
def staff_login_update(
    *, actor: Actor, employee: Employee, roles: Iterable[Role], is_active: bool
) -> None:
    """Change the roles of ``employee``'s login and whether it may log in."""
    _require_administrator(actor)
    user = employee.user
    if user is None:
        raise ValidationError(_("This employee has no login."))
    roles = set(roles)
    if user.pk == actor.pk:
        if Role.ADMINISTRATOR in roles_of(user) and Role.ADMINISTRATOR not in roles:
            raise ValidationError({"roles": _("You cannot remove your own administrator role.")})
        if not is_active:
            raise ValidationError({"is_active": _("You cannot deactivate your own login.")})
    reasons: list[StrOrPromise] = []
    added, removed = _set_groups(user, roles)
    if added or removed:
        reasons.append(_roles_reason(added, removed))
    if user.is_active != is_active:
        user.is_active = is_active
        user.save(update_fields=["is_active"])
        reasons.append(
            gettext_lazy("login activated") if is_active else gettext_lazy("login deactivated")
        )
    if reasons:
        _record(employee, actor, reasons)
