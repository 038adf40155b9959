"""The client's choice when offered a visit or a written submission (4.2), the cooperation
partner's documents (4.1.4) and who may hear about a client's account (2.1.6.2): the checks
the contact screen's answers go through, booking and cancelling visits, registering and
revoking representatives."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    CallerRole,
    Client,
    ClientChoice,
    Contact,
    IdentityCheck,
    Outcome,
    Representative,
    Visit,
)
from cases.selectors.visits import free_slots
from cases.services._common import ContactInput, _add_outcomes, by

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: 4.1.4, said to the client when a document review is refused.
DOCUMENT_REVIEW_REFUSAL = _(
    "4.1.4: the desk does not assess or analyse the content of a document a client names or "
    "sends; only a cooperation partner's documents are assessed."
)
THIRD_PARTY_MESSAGE = _(
    "2.1.6.2: the caller is neither the client (identity checked) nor an active "
    "representative: disclose nothing about the account and record that nothing was disclosed."
)


def contact_choice_checks(data: ContactInput, *, today: date) -> tuple[list[str], dict[str, Any]]:
    """The outcomes and the refusals of the contact screen's answers:

    1. 4.2: an offer made records what the client chose, and a choice needs the offer.
    2. 4.1.4: a client who asks the desk to assess a document is refused unless a
       cooperation partner (the outcome says which).
    3. 2.1.6.2: a caller who is the client or a representative has the identity check
       recorded; a representative is one of the client's, with an active mandate; a caller who
       is neither (or whose identity was not checked) is told nothing, and that is recorded.
    """
    codes: list[str] = []
    errors: dict[str, Any] = {}
    if data.offer_made and not data.client_choice:
        errors["client_choice"] = _(
            "4.2: record what the client chose: a visit, a written submission, continuing by "
            "phone, or declining."
        )
    if data.client_choice and not data.offer_made:
        errors["offer_made"] = _(
            "4.2: the client chooses after the offer: record that you offered a visit or a "
            "written submission."
        )
    if data.document_review_requested:
        partner = data.client is not None and data.client.is_cooperation_partner
        codes.append(
            Outcome.DOCUMENT_REVIEW_PARTNER if partner else Outcome.DOCUMENT_REVIEW_REFUSED
        )
    caller_codes, caller_errors = _caller_checks(data, today=today)
    return codes + caller_codes, {**errors, **caller_errors}


def _caller_checks(data: ContactInput, *, today: date) -> tuple[list[str], dict[str, Any]]:
    errors: dict[str, Any] = {}
    role = data.caller_role
    speaks_for_client = role in (CallerRole.CLIENT, CallerRole.REPRESENTATIVE)
    if speaks_for_client and data.client is None:
        errors["caller_role"] = _("Choose the client first: whose account is it?")
    if role == CallerRole.REPRESENTATIVE and data.client is not None:
        # As the register says now, not as the caller's copy of it was.
        rep = (
            data.representative
            and Representative.objects.filter(pk=data.representative.pk, client=data.client).first()
        )
        if rep is None:
            errors["representative"] = _("Choose which of the client's representatives calls.")
        elif not rep.is_active_on(today):
            errors["representative"] = _(
                "2.1.6.2: this mandate has expired or was revoked: the caller counts as a "
                "third party."
            )
    if speaks_for_client and not data.caller_identity:
        errors["caller_identity"] = _(
            "2.1.6.2: record how the caller's identity was checked before the account is discussed."
        )
    unchecked = data.caller_identity == IdentityCheck.NOT_CHECKED
    if (role == CallerRole.THIRD_PARTY or unchecked) and not data.nothing_disclosed:
        errors["nothing_disclosed"] = THIRD_PARTY_MESSAGE
    return ([Outcome.NOTHING_DISCLOSED] if data.nothing_disclosed else []), errors


# --- Visits (4.2) ------------------------------------------------------------------------------


@transaction.atomic
def visit_book(*, actor: User, contact: Contact, starts_at: datetime, purpose: str) -> Visit:
    """4.2: book the visit the client chose, in a free slot of the reception hours.

    1. Only for a contact whose client chose a visit.
    2. The slot is one of the day's slots inside the reception hours (exceptions and
       holidays included), not in the past, not already booked.
    3. Two desks booking the same slot at once: the database's unique constraint lets one
       win; the other is told the slot was just taken.
    4. The contact's outcome records "visit booked"."""
    if contact.client_choice != ClientChoice.VISIT:
        raise ValidationError(_("Book a visit when the client chose one (4.2)."))
    if not purpose.strip():
        raise ValidationError({"purpose": _("Write down what the visit is about.")})
    local = timezone.localtime(starts_at)
    if starts_at not in free_slots(local.date()):
        raise ValidationError(
            {"starts_at": _("That time is not a free slot of the reception hours: choose another.")}
        )
    try:
        with transaction.atomic():
            visit = by(
                Visit(
                    contact=contact,
                    client=contact.client,
                    starts_at=starts_at,
                    purpose=purpose.strip(),
                    booked_by=actor,
                ),
                actor,
            )
            visit.save()
    except IntegrityError:
        raise ValidationError(
            {"starts_at": _("Another desk has just booked that time: choose another.")}
        ) from None
    _add_outcomes(contact, [Outcome.VISIT_BOOKED])
    return visit


@transaction.atomic
def visit_cancel(*, actor: User, visit: Visit) -> Visit:
    """Cancel a booked visit: its slot is free again."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != Visit.Status.BOOKED:
        raise ValidationError(_("This visit is not booked."))
    visit.status = Visit.Status.CANCELLED
    by(visit, actor).save(update_fields=["status"])
    return visit


# --- Representatives (2.1.6.2) ---------------------------------------------------------------


@transaction.atomic
def representative_register(
    *,
    actor: User,
    client: Client,
    name: str,
    relation: str,
    scope: str,
    valid_until: date,
    document_reference: str,
) -> Representative:
    """2.1.6.2: register a person the client has authorised, with the mandate's scope, end
    date and document. A mandate already expired is not registered."""
    if valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("This mandate has already expired.")})
    rep = Representative(
        client=client,
        name=name.strip(),
        relation=relation.strip(),
        scope=scope,
        valid_until=valid_until,
        document_reference=document_reference.strip(),
        created_by=actor,
    )
    rep.full_clean(exclude=["created_by"])
    by(rep, actor).save()
    return rep


@transaction.atomic
def representative_revoke(*, actor: User, representative: Representative) -> Representative:
    """2.1.6.2: the client withdrew the mandate; from now on the person is a third party."""
    rep = Representative.objects.select_for_update().get(pk=representative.pk)
    if rep.revoked_at is None:
        rep.revoked_at = timezone.now()
        by(rep, actor).save(update_fields=["revoked_at"])
    return rep
