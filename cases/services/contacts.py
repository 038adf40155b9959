"""Contacts and the rules checked as they are logged; completing a callback (4.3.1),
which logs the call back as a contact."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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
    RemedyPlan,
    _add_outcomes,
    client_email_for,
    send_message,
)
from cases.services.callbacks import callback_arrange
from cases.services.choice import contact_choice_checks
from cases.services.remedies import remedy_open, remedy_plan_errors
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
NO_WARNING_MESSAGE = _(
    "4.12.2: the call is ended only after a warning: record the warning (with its time) first."
)


def phone_languages() -> tuple[str, ...]:
    """4.4 / 4.5: the languages a phone consultation may be given in, the institution's
    decision (``PHONE_CONSULTATION_LANGUAGES``; Latvian only by default, as 4.4 says)."""
    allowed = getattr(settings, "PHONE_CONSULTATION_LANGUAGES", None) or (Language.LATVIAN,)
    return tuple(dict.fromkeys((Language.LATVIAN, *allowed)))


def _check_phone_language(data: ContactInput, errors: dict[str, Any]) -> None:
    """4.4: a phone consultation is given in Latvian, or in a language the institution
    allows. 4.5: "told to write in" is recorded only when the client was told (an explicit
    choice), on the phone, with the language the client wanted."""
    phone = data.channel in PHONE_CHANNELS
    if phone and data.language not in phone_languages():
        errors["language"] = _(
            "4.4: consultations by phone are given in Latvian. If the client wants another "
            "language, tell the client in Latvian to send an e-mail or a document (4.5) and "
            "log the consultation in Latvian."
        )
    if data.told_to_write_in and not phone:
        errors["told_to_write_in"] = _("4.5 applies to phone calls.")
    elif data.told_to_write_in and not data.foreign_language_requested.strip():
        errors["foreign_language_requested"] = _("4.5: enter the language the client wanted.")


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
       tick-box counts only for a call logged without one. The offer records the client's
       choice (a visit, a written submission, on by phone, declined), and a choice the offer;
       4.1.4 and 2.1.6.2 are checked with it (``choice.contact_choice_checks``).
    3. 4.4: a phone consultation only in a language of ``PHONE_CONSULTATION_LANGUAGES``
       (Latvian unless the institution allows more). 4.5: "told to write in" only when the
       employee says the client was told, in Latvian, to send an e-mail or a document, with
       the language the client wanted.
    4. 4.12.2: "ended after warning" only with the warning recorded first, with its time
       within the call and not after its end.
    5. 2.1.1.2: "our error" only with the apology and the right to complain confirmed, and
       with its remedy (what will be done, by whom, by when), which is opened with it.
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
    if data.our_error and data.remedy is not None:  # 5
        remedy_open(actor=actor, contact=contact, plan=data.remedy)
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
    if data.told_to_write_in:
        codes.append(Outcome.FOREIGN_LANGUAGE)
    _check_phone_language(data, errors)
    if Outcome.ENDED_AFTER_WARNING in codes and data.warning_given_at is None:
        errors["warning_given_at"] = NO_WARNING_MESSAGE
    if data.warning_given_at is not None:
        try:
            warning_check(
                warned_at=data.warning_given_at,
                started_at=data.started_at or data.warning_given_at,
                ended_at=data.ended_at,
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if data.our_error:
        if not (data.apologised and data.told_right_to_complain):
            errors["our_error"] = _(
                "2.1.1.2: confirm that you apologised and told the client of the right to complain."
            )
        errors.update(remedy_plan_errors(data.remedy))
        codes.append(Outcome.OUR_ERROR)
    choice_codes, choice_errors = contact_choice_checks(data, today=timezone.localdate())
    codes += choice_codes  # 4.2 choice, 4.1.4, 2.1.6.2
    errors.update(choice_errors)
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
        client_choice=data.client_choice,
        document_review_requested=data.document_review_requested,
        caller_role=data.caller_role,
        caller_identity=data.caller_identity,
        representative=data.representative if data.caller_role == "representative" else None,
        nothing_disclosed=data.nothing_disclosed,
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
def contact_record_warning(*, actor: User, contact: Contact, at: datetime | None = None) -> Contact:
    """4.12.2 ("sarunu pārtrauc, iepriekš par to brīdinot"), its first step: the abusive caller
    was warned that the call will be ended, at ``at`` (now when not given). The warning falls
    within the call; a warning once recorded keeps its time."""
    if not contact.is_phone:
        raise ValidationError(_("4.12.2 applies to phone calls."))
    if contact.warning_given_at is None:
        warned_at = at or timezone.now()
        warning_check(warned_at=warned_at, started_at=contact.started_at, ended_at=contact.ended_at)
        contact.warning_given_at = warned_at
        contact.save(update_fields=["warning_given_at"])
    return contact


def warning_check(*, warned_at: datetime, started_at: datetime, ended_at: datetime | None) -> None:
    """4.12.2: the warning is given during the call, before it is ended (else a Latvian
    ``ValidationError`` on ``warning_given_at``)."""
    if warned_at < started_at:
        raise ValidationError(
            {"warning_given_at": _("4.12.2: the warning time is before the call started.")}
        )
    if warned_at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"warning_given_at": _("4.12.2: the warning time is in the future.")})
    if ended_at is not None and warned_at > ended_at:
        raise ValidationError(
            {
                "warning_given_at": _(
                    "4.12.2: the call can be ended only after the warning; the warning time is "
                    "after the end of the call."
                )
            }
        )


@transaction.atomic
def contact_end_after_warning(*, actor: User, contact: Contact) -> Contact:
    """4.12.2, its second step: end an abusive call, only after the recorded warning; the
    call ends now unless its end was already recorded (not before the warning)."""
    if not contact.is_phone:
        raise ValidationError(_("4.12.2 applies to phone calls."))
    if contact.warning_given_at is None:
        raise ValidationError(NO_WARNING_MESSAGE)
    warning_check(
        warned_at=contact.warning_given_at,
        started_at=contact.started_at,
        ended_at=contact.ended_at,
    )
    if contact.ended_at is None:
        contact.ended_at = timezone.now()
        contact.save(update_fields=["ended_at"])
    _add_outcomes(contact, [Outcome.ENDED_AFTER_WARNING])
    return contact


@transaction.atomic
def contact_flag_our_error(
    *,
    actor: User,
    contact: Contact,
    apologised: bool,
    told_right_to_complain: bool,
    remedy: RemedyPlan,
) -> Contact:
    """2.1.1.2: the employee erred; the apology and the right to complain must be confirmed,
    and the remedy (what will be done to remove the consequences) is opened with it."""
    errors = remedy_plan_errors(remedy)
    if not (apologised and told_right_to_complain):
        errors[NON_FIELD_ERRORS] = _(
            "2.1.1.2: confirm that you apologised and told the client of the right to complain."
        )
    if errors:
        raise ValidationError(errors)
    contact.our_error = True
    contact.apologised = True
    contact.told_right_to_complain = True
    contact.save(update_fields=["our_error", "apologised", "told_right_to_complain"])
    _add_outcomes(contact, [Outcome.OUR_ERROR])
    remedy_open(actor=actor, contact=contact, plan=remedy)
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
