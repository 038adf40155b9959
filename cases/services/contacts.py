"""Contacts and the rules checked as they are logged; completing a callback (4.3.1),
which logs the call back as a contact."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

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
    ContactInput,
    _add_outcomes,
    client_email_for,
    send_message,
)
from cases.services.callbacks import callback_arrange
from cases.services.written import contact_forward_to_records, submission_register
from servicedesk.services.notifications import message_preview

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# --- Contacts (2; 2.1.1.2, 4.2, 4.4, 4.5, 4.12.2, 4.13) ----------------------------------------

#: 4.2.4: an incoming call longer than this needs the offer of a visit or a written submission.
LONG_CALL = timedelta(minutes=10)
#: A browser's clock may run a little ahead of the server's: an end time this far ahead is
#: still "now", not the future.
CLOCK_SKEW = timedelta(minutes=2)


@transaction.atomic
def contact_log_input(
    *,
    actor: User,
    data: ContactInput,
    submission_subject: str = "",
    received_on: date | None = None,
) -> Contact:
    """Log one contact, with the rules checked on the way in:

    0. The times: the end is not before the start nor in the future. The callback number and
       the e-mail left empty are the chosen client's.
    1. 4.4: a phone contact is in Latvian unless said otherwise (the default language).
    2. 4.2.1–4.2.4: a ground for offering a visit or a written submission needs the offer made;
       the offer is recorded as an outcome. 4.2.4 follows from the measured duration of an
       incoming call (over ten minutes, no callback arranged) when the end time is known; the
       tick-box counts only for a call logged without one.
    3. 4.5: a foreign language asked for on the phone records that the client was told, in
       Latvian, to send an e-mail or a document.
    4. 4.12.2: "ended after warning" only with the warning recorded first.
    5. 2.1.1.2: "our error" only with the apology and the right to complain confirmed.
    6. 4.3.1: a callback only to a Latvian number of a client not abroad (else
       :class:`CallbackRefused`); ``reply_by_email`` records the e-mail answer instead.
    7. 4.13: an incoming e-mail that wants a phone answer creates a callback under the same
       rule, or, to a foreign number or a client abroad, records the answer by e-mail.
    8. 4.6: an incoming e-mail in a foreign language is forwarded to records, logged.
    9. A written submission handed in (``submission_subject``: a paper brought to a visit, a
       letter) is registered with the contact; the outcome "written submission registered"
       only with the record.
    """
    now = timezone.now()
    data = _filled_in(data, now=now)  # step 0
    codes = _checked_outcomes(data, registering=bool(submission_subject.strip()))  # 1–6, 9
    contact = _contact_create(actor=actor, data=data, now=now)
    codes += _callback_arrange_for(actor=actor, contact=contact, data=data, now=now)  # 6–7
    _add_outcomes(contact, codes)
    if data.channel == Channel.EMAIL_IN and data.language != Language.LATVIAN:
        contact_forward_to_records(actor=actor, contact=contact)  # 8
    if submission_subject.strip():  # 9
        submission_register(
            actor=actor,
            contact=contact,
            subject=submission_subject.strip(),
            received_on=received_on,
        )
    return contact


def _filled_in(data: ContactInput, *, now: datetime) -> ContactInput:
    """The input with its times checked, the number normalised, the chosen client's phone and
    e-mail where the callback number or the e-mail were left empty, and 4.2.4 from the
    measured duration."""
    started = data.started_at or now
    if data.ended_at is not None:
        if data.ended_at < started:
            raise ValidationError(
                {"ended_at": _("The end time is before the start time: correct one of them.")}
            )
        if data.ended_at > now + CLOCK_SKEW:
            raise ValidationError({"ended_at": _("The end time is in the future.")})
    changes: dict[str, Any] = {}
    if data.phone_number:
        changes["phone_number"] = normalize_phone(data.phone_number)
    if data.client is not None and not data.email_address and data.client.email:
        changes["email_address"] = data.client.email
    callback = data.callback
    if callback is not None and not callback.phone_number and data.client is not None:
        changes["callback"] = replace(callback, phone_number=_first_phone(data.client))
    if data.channel == Channel.PHONE_IN and data.ended_at is not None:
        changes["ground_over_ten_minutes"] = callback is None and (
            data.ended_at - started > LONG_CALL
        )
    return replace(data, **changes)


def contact_log(
    *, actor: User, channel: str, callback: CallbackRequest | None = None, **fields: Any
) -> Contact:
    """:func:`contact_log_input` by keywords, the fields of :class:`ContactInput` (demo data,
    fixtures); an unknown keyword is a ``TypeError``."""
    if "outcomes" in fields:
        fields["outcomes"] = tuple(fields["outcomes"])
    return contact_log_input(
        actor=actor, data=ContactInput(channel=channel, callback=callback, **fields)
    )


def _checked_outcomes(data: ContactInput, *, registering: bool = False) -> list[str]:
    """The outcomes the contact's fields imply, or the refusal of the rules they break.
    ``registering``: a written submission is registered with the contact (it adds its own
    outcome)."""
    codes = [c for c in data.outcomes if c != Outcome.SUBMISSION_REGISTERED]
    errors: dict[str, Any] = {}
    if Outcome.SUBMISSION_REGISTERED in data.outcomes and not registering:
        errors["outcomes"] = _(
            "“Written submission registered” only with the submission: enter its subject "
            "under “Written submission handed in”, or register it from the contact's page."
        )
    if data.has_offer_ground and not data.offer_made:
        errors["offer_made"] = _(
            "4.2: when one of 4.2.1–4.2.4 applies, offer a visit or a written submission "
            "and record that you did."
        )
    if data.offer_made:
        codes.append(Outcome.OFFER_MADE)
    if data.foreign_language_requested and data.channel in PHONE_CHANNELS:
        codes.append(Outcome.FOREIGN_LANGUAGE)
    if Outcome.ENDED_AFTER_WARNING in codes and data.warning_given_at is None:
        errors["warning_given_at"] = _(
            "4.12.2: record the warning before saving “ended after warning”."
        )
    if data.our_error:
        if not (data.apologised and data.told_right_to_complain):
            errors["our_error"] = _(
                "2.1.1.2: confirm that you apologised and told the client of the right to complain."
            )
        codes.append(Outcome.OUR_ERROR)
    callback = data.callback
    if callback is not None and not phone_callback_allowed(
        normalize_phone(callback.phone_number), client_abroad=callback.client_abroad
    ):
        raise CallbackRefused()
    if errors:
        raise ValidationError(errors)
    if data.reply_by_email:
        codes.append(Outcome.REPLY_BY_EMAIL)
    return codes


def _contact_create(*, actor: User, data: ContactInput, now: datetime) -> Contact:
    return Contact.objects.create(
        channel=data.channel,
        client=data.client,
        employee=actor,
        started_at=data.started_at or now,
        ended_at=data.ended_at,
        topic=data.topic,
        language=data.language,
        summary=data.summary,
        phone_number=data.phone_number,
        email_address=data.email_address,
        client_abroad=data.client_abroad,
        wants_phone_answer=data.wants_phone_answer,
        ground_document_content=data.ground_document_content,
        ground_service_info=data.ground_service_info,
        ground_restricted_info=data.ground_restricted_info,
        ground_over_ten_minutes=data.ground_over_ten_minutes,
        offer_made=data.offer_made,
        foreign_language_requested=data.foreign_language_requested,
        warning_given_at=data.warning_given_at,
        our_error=data.our_error,
        apologised=data.apologised,
        told_right_to_complain=data.told_right_to_complain,
    )


def _callback_arrange_for(
    *, actor: User, contact: Contact, data: ContactInput, now: datetime
) -> list[str]:
    """4.3.1: the callback asked for; 4.13: an e-mail that wants a phone answer gets one when
    the number allows it, else the answer by e-mail is recorded (the outcome returned)."""
    callback = data.callback
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
        return []
    if data.channel != Channel.EMAIL_IN or not data.wants_phone_answer:
        return []
    number = data.phone_number or _first_phone(data.client)
    if not (number and phone_callback_allowed(number, client_abroad=data.client_abroad)):
        return [Outcome.REPLY_BY_EMAIL]
    callback_arrange(
        actor=actor,
        contact=contact,
        phone_number=number,
        question=data.summary or str(_("Answer the e-mail by phone (4.13).")),
        due_at=now + timedelta(hours=CALLBACK_DEFAULT_HOURS),
        owner=actor,
        client_abroad=data.client_abroad,
    )
    return []


@transaction.atomic
def callback_complete(
    *, actor: User, callback: Callback, summary: str, outcomes: Iterable[str] = ()
) -> Contact:
    """4.3.1: the call back is made; it is logged as an outgoing phone contact."""
    callback = Callback.objects.select_for_update().get(pk=callback.pk)
    if callback.status != Callback.Status.OPEN:
        raise ValidationError(_("This callback is already closed."))
    now = timezone.now()
    contact = contact_log_input(
        actor=actor,
        data=ContactInput(
            channel=Channel.PHONE_OUT,
            client=callback.client,
            started_at=now,
            ended_at=now,
            topic=callback.contact.topic,
            summary=summary,
            outcomes=tuple(outcomes) or (Outcome.ANSWERED,),
            phone_number=callback.phone_number,
        ),
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
def contact_record_warning(*, actor: User, contact: Contact) -> Contact:
    """4.12.2: record that the abusive caller was warned the call will be ended."""
    if contact.warning_given_at is None:
        contact.warning_given_at = timezone.now()
        contact.save(update_fields=["warning_given_at"])
    return contact


@transaction.atomic
def contact_end_after_warning(*, actor: User, contact: Contact) -> Contact:
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
    *, actor: User, contact: Contact, apologised: bool, told_right_to_complain: bool
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
def contact_add_outcomes(*, actor: User, contact: Contact, outcomes: Iterable[str]) -> Contact:
    """Add outcomes to a contact. Outcomes with their own rule go through their own
    service (4.12.2, 2.1.1.2 …)."""
    guarded = {
        Outcome.ENDED_AFTER_WARNING,
        Outcome.OUR_ERROR,
        Outcome.ABUSIVE_EMAIL_REFUSED,
        Outcome.SUBMISSION_REGISTERED,  # only with the record: submission_register
    }
    codes = list(outcomes)
    if guarded & set(codes):
        raise ValidationError(_("That outcome has its own step."))
    _add_outcomes(contact, codes)
    return contact


def _refusal(contact: Contact, reason: str) -> tuple[str, dict[str, Any]]:
    """The address and the message context of a 4.12.3 refusal, or why it cannot go."""
    address = client_email_for(contact)
    if not address:
        raise ValidationError(_("4.12.3: the client's e-mail address is needed."))
    if not reason.strip():
        raise ValidationError(_("State why the question is not considered."))
    return address, {"contact": contact, "reason": reason.strip()}


def contact_abusive_refusal_preview(*, contact: Contact, reason: str) -> dict[str, str]:
    """4.12.3: the refusal e-mail as the client would receive it (to, subject, text), shown
    before it is sent: a refusal is not sent on one click."""
    address, context = _refusal(contact, reason)
    subject, body = message_preview(
        "cases/email/abusive_refusal", context, language="lv", rule_clause="4.12.3"
    )
    return {"to": address, "subject": subject, "body": body}


@transaction.atomic
def contact_refuse_abusive_email(*, actor: User, contact: Contact, reason: str) -> Contact:
    """4.12.3: an abusive e-mail gets no consultation; the client is sent the templated
    Latvian e-mail stating why the question is not considered, and that is logged."""
    address, context = _refusal(contact, reason)
    send_message(
        address,
        "abusive_refusal",
        contact,
        context,
        kind="cases.abusive_email_refusal",
        key=f"cases.abusive_refusal:{contact.pk}",
        language="lv",
        rule_clause="4.12.3",
    )
    if not contact.email_address:
        contact.email_address = address
        contact.save(update_fields=["email_address"])
    _add_outcomes(contact, [Outcome.ABUSIVE_EMAIL_REFUSED])
    return contact
