"""Reception-hours exceptions entered on the desk (rules 3.2, 3.3): the only writer of
``ReceptionException`` outside the Django admin and the demo data.

What is written is what clients read on the public hours page, so every write goes through
the model's ``full_clean``: closed all day without hours, or open with both hours and closing
after opening. Nothing is silently dropped: a refused write comes back as field errors."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from servicedesk.models import Institution, ReceptionException
from servicedesk.roles import Action, can

if TYPE_CHECKING:
    from servicedesk.types import User


@transaction.atomic
def reception_exception_save(
    *,
    actor: User,
    exception: ReceptionException | None = None,
    institution: Institution | None = None,
    date: dt.date,
    is_closed: bool,
    opens: dt.time | None,
    closes: dt.time | None,
    reason: str,
) -> ReceptionException:
    """Add an exception for ``institution`` or change ``exception`` (3.2).

    Refused with field errors (nothing written) when closed all day comes with hours, or open
    comes without both hours or with the closing time not after the opening time."""
    if not can(actor, Action.MANAGE_ORGANISATION):
        raise PermissionDenied
    if exception is None:
        exception = ReceptionException(institution=institution)
    exception.date = date
    exception.is_closed = is_closed
    exception.opens = opens
    exception.closes = closes
    exception.reason = reason.strip()
    exception.full_clean()
    exception.save()
    return exception


@transaction.atomic
def reception_exception_delete(*, actor: User, exception: ReceptionException) -> None:
    """Remove an exception: the day follows the usual hours and holidays again."""
    if not can(actor, Action.MANAGE_ORGANISATION):
        raise PermissionDenied
    exception.delete()
