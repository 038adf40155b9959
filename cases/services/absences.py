"""Absences with a substitute (4.3.1): recorded by the absent person, an administrator or a
unit head; while one lasts, the absent person's callbacks, questions to answer (4.9) and
written submissions go to the substitute (``cases.selectors.team``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Absence
from cases.selectors.team import may_record_absence_of_others
from cases.services._common import by
from servicedesk.roles import Action, Role, can, has_role

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def absence_record(
    *, actor: User, employee: Any, starts_on: date, ends_on: date, substitute: Any
) -> Absence:
    """Mark ``employee`` away from ``starts_on`` to ``ends_on`` with ``substitute`` standing
    in, a front-desk colleague other than themselves."""
    if employee != actor and not may_record_absence_of_others(actor):
        raise ValidationError(_("Only an administrator or a unit head records others' absence."))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The absence cannot end before it starts.")})
    if ends_on < timezone.localdate():
        raise ValidationError({"ends_on": _("The absence has already ended.")})
    if substitute == employee or not _does_the_same_work(employee, substitute):
        raise ValidationError(
            {
                "substitute": _(
                    "Choose another colleague who does the same work (front desk, contact "
                    "person) as the substitute."
                )
            }
        )
    absence = Absence(
        employee=employee,
        starts_on=starts_on,
        ends_on=ends_on,
        substitute=substitute,
        recorded_by=actor,
    )
    by(absence, actor).save()
    return absence


#: The work a substitute takes over: callbacks (front desk), questions (contact persons).
SUBSTITUTED_ROLES = (Role.FRONT_DESK, Role.CONTACT_PERSON)


def _does_the_same_work(employee: Any, substitute: Any) -> bool:
    """The substitute has each of the absent person's front-desk and contact-person roles;
    for someone with neither, anyone who logs contacts (their written submissions)."""
    if not substitute.is_active:
        return False
    roles = [role for role in SUBSTITUTED_ROLES if has_role(employee, role)]
    if not roles:
        return can(substitute, Action.LOG_CONTACTS)
    return all(has_role(substitute, role) for role in roles)
