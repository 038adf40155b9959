"""Rules governance (clauses 9 and 10): the only writer of rules versions, their clauses and
staff acknowledgements, and the weekly reminder."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from servicedesk.models import Notification, RulesAcknowledgement, RulesClause, RulesVersion
from servicedesk.roles import Action, can
from servicedesk.rules_parser import MAIN, parse_rules
from servicedesk.selectors.rules import (
    users_not_acknowledged,
    version_in_force,
    version_is_open_for_acknowledgement,
)
from servicedesk.services.notifications import notify_user

if TYPE_CHECKING:
    from servicedesk.types import User

logger = logging.getLogger(__name__)

REMINDER_KIND = "rules_reminder"


@transaction.atomic
def rules_version_create(
    *,
    actor: User,
    number: int,
    title: str,
    effective_from: dt.date,
    text: str,
) -> RulesVersion:
    """Add a version of the rules with its clauses numbered as in the text (clauses 9, 10).

    1. Only an administrator may add one.
    2. The number must be new and the version may not take effect before the latest existing
       one (the order of versions is the order of their effective dates).
    3. The text is parsed into clauses (Annex 1 included); a text without a single numbered
       clause is refused, since nobody could acknowledge it meaningfully.
    From its effective date every user must acknowledge it (the banner returns for all)."""
    if not can(actor, Action.MANAGE_RULES):
        raise PermissionDenied
    _check_new_version(number=number, effective_from=effective_from)
    clauses = parse_rules(text)
    if not any(clause.part == MAIN for clause in clauses):
        raise ValidationError(
            {
                "text": _(
                    "No numbered clauses were found in the text (expected lines like “1.1. …”)."
                )
            }
        )
    version = RulesVersion.objects.create(
        number=number,
        title=title.strip(),
        effective_from=effective_from,
        text=text,
        created_by=actor,
    )
    RulesClause.objects.bulk_create(
        RulesClause(
            version=version,
            part=clause.part,
            number=clause.number,
            text=clause.text,
            position=clause.position,
        )
        for clause in clauses
    )
    logger.info("Rules version %s added by %s with %s clauses", number, actor.pk, len(clauses))
    return version


def _check_new_version(*, number: int, effective_from: dt.date) -> None:
    """Step 2 of ``rules_version_create``: a new number, not in force before the latest."""
    if RulesVersion.objects.filter(number=number).exists():
        raise ValidationError(
            {"number": _("Version %(number)s already exists.") % {"number": number}}
        )
    latest = RulesVersion.objects.order_by("-effective_from").first()
    if latest is not None and effective_from < latest.effective_from:
        raise ValidationError(
            {
                "effective_from": _(
                    "A new version cannot take effect before version %(number)s "
                    "(in force from %(date)s)."
                )
                % {
                    "number": latest.number,
                    "date": date_format(latest.effective_from, "SHORT_DATE_FORMAT"),
                }
            }
        )


@transaction.atomic
def rules_acknowledge(
    *,
    actor: User,
    version: RulesVersion,
    password: str,
    ip_address: str | None,
) -> RulesAcknowledgement:
    """The user confirms in the desk, with their password, that they have read a version of
    the rules. The register shows it as "confirmed in the desk", not as the signature clause 9
    asks for (that is the signed sheet, ``servicedesk.services.rules_signatures``).

    1. The user must have a role (people bound by the rules) and the version must be in force
       or announced for later; a superseded version cannot be acknowledged any more.
    2. The password is checked; a wrong one acknowledges nothing.
    3. Acknowledging twice keeps the first acknowledgement (its time is what the register shows).
    """
    if not can(actor, Action.ACKNOWLEDGE_RULES):
        raise PermissionDenied
    if not version_is_open_for_acknowledgement(version):
        raise ValidationError(
            _("Version %(number)s is no longer in force and cannot be acknowledged.")
            % {"number": version.number}
        )
    if not password or not actor.check_password(password):
        raise ValidationError(
            {"password": _("The password is not correct. The rules have not been acknowledged.")}
        )
    existing = RulesAcknowledgement.objects.filter(version=version, user=actor).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            acknowledgement = RulesAcknowledgement.objects.create(
                version=version, user=actor, ip_address=ip_address or None
            )
    except IntegrityError:  # the same user acknowledged in a parallel request
        return RulesAcknowledgement.objects.get(version=version, user=actor)
    logger.info("User %s acknowledged rules version %s", actor.pk, version.number)
    return acknowledgement


@transaction.atomic
def rules_remind_unacknowledged(*, today: dt.date | None = None) -> int:
    """Weekly reminder (clause 9): everyone bound by the rules who has not acknowledged the
    version in force gets an e-mail and an in-app notification; return how many people were
    reminded by this run.

    The key carries the ISO week, so a second run in the same week (a beat restart, a manual
    run) reminds nobody again; next week they are reminded again until they acknowledge."""
    today = today or timezone.localdate()
    version = version_in_force(today)
    if version is None:
        return 0
    iso = today.isocalendar()
    key = f"{REMINDER_KIND}:v{version.pk}:{iso.year}-W{iso.week:02d}"
    already = set(
        Notification.objects.filter(
            kind=REMINDER_KIND, idempotency_key__startswith=f"{key}:"
        ).values_list("recipient_id", flat=True)
    )
    link = reverse("rules_acknowledge")
    reminded = 0
    for user in users_not_acknowledged(version).select_related("employee"):
        if user.pk in already:
            continue
        rows = notify_user(
            user=user,
            kind=REMINDER_KIND,
            rule_clause="9",
            target=version,
            template="notifications/rules_reminder",
            context={"version": version, "user": user},
            link=link,
            key=key,
        )
        if rows:
            reminded += 1
    return reminded
