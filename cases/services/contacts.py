"""Contacts and the rules checked as they are logged; completing a callback (4.3.1),
which logs the call back as a contact."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    PHONE_CHANNELS,
    Callback,
    Channel,
    Client,
    Contact,
    Language,
    Outcome,
)
from cases.phones import normalize_phone, phone_callback_allowed
from cases.services._common import (
    CALLBACK_DEFAULT_HOURS,
    CallbackRefused,
    CallbackRequest,
    _add_outcomes,
)
from cases.services.callbacks import callback_arrange
from cases.services.written import contact_forward_to_records
from servicedesk.models import (
    Topic,
)
from servicedesk.services.notifications import notify_address

# --- Contacts (2; 2.1.1.2, 4.2, 4.4, 4.5, 4.12.2, 4.13) ----------------------------------------


@transaction.atomic
def contact_log(
    *,
    actor: Any,
    channel: str,
    client: Client | None = None,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    topic: Topic | None = None,
    language: str = Language.LATVIAN,
    summary: str = "",
    outcomes: Iterable[str] = (),
    phone_number: str = "",
    email_address: str = "",
    client_abroad: bool = False,
    wants_phone_answer: bool = False,
    ground_document_content: bool = False,
    ground_service_info: bool = False,
    ground_restricted_info: bool = False,
    ground_over_ten_minutes: bool = False,
    offer_made: bool = False,
    foreign_language_requested: str = "",
    warning_given_at: datetime | None = None,
    our_error: bool = False,
    apologised: bool = False,
    told_right_to_complain: bool = False,
    callback: CallbackRequest | None = None,
    reply_by_email: bool = False,
) -> Contact:
    """Log one contact, with the rules checked on the way in:

    1. 4.4: a phone contact is in Latvian unless said otherwise (the default language).
    2. 4.2.1–4.2.4: a ground for offering a visit or a written submission needs the offer made;
       the offer is recorded as an outcome.
    3. 4.5: a foreign language asked for on the phone records that the client was told, in
       Latvian, to send an e-mail or a document.
    4. 4.12.2: "ended after warning" only with the warning recorded first.
    5. 2.1.1.2: "our error" only with the apology and the right to complain confirmed.
    6. 4.3.1: a callback only to a Latvian number of a client not abroad (else
       :class:`CallbackRefused`); ``reply_by_email`` records the e-mail answer instead.
    7. 4.13: an incoming e-mail that wants a phone answer creates a callback under the same
       rule, or, to a foreign number or a client abroad, records the answer by e-mail.
    8. 4.6: an incoming e-mail in a foreign language is forwarded to records, logged.
    """
    now = timezone.now()
    codes = list(outcomes)
    errors: dict[str, Any] = {}
    is_phone = channel in PHONE_CHANNELS
    if phone_number:
        phone_number = normalize_phone(phone_number)
    grounds = (
        ground_document_content
        or ground_service_info
        or ground_restricted_info
        or ground_over_ten_minutes
    )
    if grounds and not offer_made:
        errors["offer_made"] = _(
            "4.2: when one of 4.2.1–4.2.4 applies, offer a visit or a written submission "
            "and record that you did."
        )
    if offer_made:
        codes.append(Outcome.OFFER_MADE)
    if foreign_language_requested and is_phone:
        codes.append(Outcome.FOREIGN_LANGUAGE)
    if Outcome.ENDED_AFTER_WARNING in codes and warning_given_at is None:
        errors["warning_given_at"] = _(
            "4.12.2: record the warning before saving “ended after warning”."
        )
    if our_error:
        if not (apologised and told_right_to_complain):
            errors["our_error"] = _(
                "2.1.1.2: confirm that you apologised and told the client of the right to complain."
            )
        codes.append(Outcome.OUR_ERROR)
    if callback is not None and not phone_callback_allowed(
        normalize_phone(callback.phone_number), client_abroad=callback.client_abroad
    ):
        raise CallbackRefused()
    if errors:
        raise ValidationError(errors)
    if reply_by_email:
        codes.append(Outcome.REPLY_BY_EMAIL)

    contact = Contact.objects.create(
        channel=channel,
        client=client,
        employee=actor,
        started_at=started_at or now,
        ended_at=ended_at,
        topic=topic,
        language=language,
        summary=summary,
        phone_number=phone_number,
        email_address=email_address,
        client_abroad=client_abroad,
        wants_phone_answer=wants_phone_answer,
        ground_document_content=ground_document_content,
        ground_service_info=ground_service_info,
        ground_restricted_info=ground_restricted_info,
        ground_over_ten_minutes=ground_over_ten_minutes,
        offer_made=offer_made,
        foreign_language_requested=foreign_language_requested,
        warning_given_at=warning_given_at,
        our_error=our_error,
        apologised=apologised,
        told_right_to_complain=told_right_to_complain,
    )
    if callback is not None:
        callback_arrange(
            actor=actor,
            contact=contact,
            phone_number=callback.phone_number,
            question=callback.question,
            due_at=callback.due_at,
            owner=callback.owner,
            client_abroad=callback.client_abroad,
        )
    elif channel == Channel.EMAIL_IN and wants_phone_answer:
        number = phone_number or _first_phone(client)
        if number and phone_callback_allowed(number, client_abroad=client_abroad):
            callback_arrange(
                actor=actor,
                contact=contact,
                phone_number=number,
                question=summary or str(_("Answer the e-mail by phone (4.13).")),
                due_at=now + timedelta(hours=CALLBACK_DEFAULT_HOURS),
                owner=actor,
                client_abroad=client_abroad,
            )
        else:
            codes.append(Outcome.REPLY_BY_EMAIL)
    _add_outcomes(contact, codes)
    if channel == Channel.EMAIL_IN and language != Language.LATVIAN:
        contact_forward_to_records(actor=actor, contact=contact)
    return contact


@transaction.atomic
def callback_complete(
    *, actor: Any, callback: Callback, summary: str, outcomes: Iterable[str] = ()
) -> Contact:
    """4.3.1: the call back is made; it is logged as an outgoing phone contact."""
    callback = Callback.objects.select_for_update().get(pk=callback.pk)
    if callback.status != Callback.Status.OPEN:
        raise ValidationError(_("This callback is already closed."))
    now = timezone.now()
    contact = contact_log(
        actor=actor,
        channel=Channel.PHONE_OUT,
        client=callback.client,
        started_at=now,
        ended_at=now,
        topic=callback.contact.topic,
        summary=summary,
        outcomes=list(outcomes) or [Outcome.ANSWERED],
        phone_number=callback.phone_number,
    )
    callback.status = Callback.Status.DONE
    callback.completed_at = now
    callback.completion_contact = contact
    callback.save(update_fields=["status", "completed_at", "completion_contact"])
    return contact


def _first_phone(client: Client | None) -> str:
    if client is None:
        return ""
    phone = client.phones.first()
    return phone.number if phone else ""


@transaction.atomic
def contact_record_warning(*, actor: Any, contact: Contact) -> Contact:
    """4.12.2: record that the abusive caller was warned the call will be ended."""
    if contact.warning_given_at is None:
        contact.warning_given_at = timezone.now()
        contact.save(update_fields=["warning_given_at"])
    return contact


@transaction.atomic
def contact_end_after_warning(*, actor: Any, contact: Contact) -> Contact:
    """4.12.2: end an abusive call; allowed only after the warning was recorded."""
    if not contact.is_phone:
        raise ValidationError(_("4.12.2 applies to phone calls."))
    if contact.warning_given_at is None:
        raise ValidationError(_("4.12.2: record the warning before saving “ended after warning”."))
    if contact.ended_at is None:
        contact.ended_at = timezone.now()
        contact.save(update_fields=["ended_at"])
    _add_outcomes(contact, [Outcome.ENDED_AFTER_WARNING])
    return contact


@transaction.atomic
def contact_flag_our_error(
    *, actor: Any, contact: Contact, apologised: bool, told_right_to_complain: bool
) -> Contact:
    """2.1.1.2: the employee erred; the apology and the right to complain must be confirmed."""
    if not (apologised and told_right_to_complain):
        raise ValidationError(
            _("2.1.1.2: confirm that you apologised and told the client of the right to complain.")
        )
    contact.our_error = True
    contact.apologised = True
    contact.told_right_to_complain = True
    contact.save(update_fields=["our_error", "apologised", "told_right_to_complain"])
    _add_outcomes(contact, [Outcome.OUR_ERROR])
    return contact


@transaction.atomic
def contact_add_outcomes(*, actor: Any, contact: Contact, outcomes: Iterable[str]) -> Contact:
    """Add outcomes to a contact. Outcomes with their own rule go through their own
    service (4.12.2, 2.1.1.2 …)."""
    guarded = {Outcome.ENDED_AFTER_WARNING, Outcome.OUR_ERROR, Outcome.ABUSIVE_EMAIL_REFUSED}
    codes = list(outcomes)
    if guarded & set(codes):
        raise ValidationError(_("That outcome has its own step."))
    _add_outcomes(contact, codes)
    return contact


@transaction.atomic
def contact_refuse_abusive_email(*, actor: Any, contact: Contact, reason: str) -> Contact:
    """4.12.3: an abusive e-mail gets no consultation; the client is sent the templated
    Latvian e-mail stating why the question is not considered, and that is logged."""
    address = contact.email_address or (contact.client.email if contact.client else "")
    if not address:
        raise ValidationError(_("4.12.3: the client's e-mail address is needed."))
    if not reason.strip():
        raise ValidationError(_("State why the question is not considered."))
    notify_address(
        email=address,
        language="lv",
        kind="cases.abusive_email_refusal",
        rule_clause="4.12.3",
        target=contact,
        template="cases/email/abusive_refusal",
        context={"contact": contact, "reason": reason.strip()},
        key=f"cases.abusive_refusal:{contact.pk}",
    )
    if not contact.email_address:
        contact.email_address = address
        contact.save(update_fields=["email_address"])
    _add_outcomes(contact, [Outcome.ABUSIVE_EMAIL_REFUSED])
    return contact
