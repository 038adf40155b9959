"""Absences with a substitute (4.3.1): recorded by the absent person, an administrator or a
unit head; while one lasts, the absent person's callbacks go to the substitute
(``cases.selectors.team``)."""

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
from servicedesk.roles import Role, has_role

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
    if substitute == employee or not (
        substitute.is_active and has_role(substitute, Role.FRONT_DESK)
    ):
        raise ValidationError(
            {"substitute": _("Choose another colleague of the front desk as the substitute.")}
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
