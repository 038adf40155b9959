"""Outgoing correspondence (docs/correspondence.md): the only writer of ``Dispatch`` rows.

``dispatch_to_client`` sends one communication to a client by the channel the client chose
(3.1), through the transport configured for that channel (``cases.dispatch.base``):

1. The channel: the one asked for, else the client's preferred one; a channel that cannot
   carry a written text (the phone, the web form) or that lacks an address falls back to
   e-mail, then a letter, then in person, and the dispatch records why.
2. 4.1.3: a reply holding restricted-access information is never e-mailed: a letter, or in
   person when there is no postal address.
3. The outgoing register number, consecutive per year (``OUTGOING_NUMBER_PATTERN``).
4. The transport: the e-mail outbox row, or the work left to do (print, hand over, send
   through the e-address portal), which stays on the outgoing correspondence list until a
   person marks it done (``dispatch_mark_*``).

It writes (steps 3–4) in the caller's transaction (a registration, a reply, a forwarding)
with no savepoint of its own, or in a transaction of its own when called outside any. A
refusal (steps 1–2) comes before anything is written and leaves the caller's transaction as
it was; a failure after that fails the caller's whole change, which is what every caller
wants (none catches it to carry on).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.dispatch.base import transport_for
from cases.models import Client, ClientChannel, Dispatch, DispatchSequence
from servicedesk import scopes
from servicedesk.models import Employee, Notification
from servicedesk.services.counters import counter_next

if TYPE_CHECKING:
    from servicedesk.types import User

#: The outgoing register number, e.g. "AADSO/I/2026/12".
OUTGOING_NUMBER_PATTERN: str = getattr(settings, "OUTGOING_NUMBER_PATTERN", "AADSO/I/{year}/{seq}")

Kind = Dispatch.Kind
Way = Dispatch.Channel
State = Dispatch.State

#: 4.1.3: the kinds whose text may hold restricted-access information of their target.
REPLY_KINDS = frozenset({Kind.COMPLAINT_REPLY, Kind.SUBMISSION_REPLY})

#: The client's preferred channel (3.1) → the way a written text goes by it.
_PREFERRED: dict[str, str] = {
    ClientChannel.VISIT: Way.IN_PERSON,
    ClientChannel.EMAIL: Way.EMAIL,
    ClientChannel.LETTER: Way.LETTER,
    ClientChannel.E_ADDRESS: Way.E_ADDRESS,
}


def _refusal(channel: str) -> ValidationError:
    if channel == Way.EMAIL:
        return ValidationError(
            {"channel": gettext_lazy("There is no e-mail address to send this to.")}
        )
    return ValidationError(
        {"channel": gettext_lazy("There is no postal address to send a letter to.")}
    )


def _usable(channel: str, *, email: str, address: str, restricted: bool) -> bool:
    if channel == Way.EMAIL:
        return bool(email) and not restricted
    if channel == Way.LETTER:
        return bool(address)
    return True


def _fallback(*, email: str, address: str, restricted: bool) -> str:
    for channel in (Way.EMAIL, Way.LETTER):
        if _usable(channel, email=email, address=address, restricted=restricted):
            return channel
    return Way.IN_PERSON


def choose_channel(
    *, channel: str | None, client: Client | None, email: str, address: str, restricted: bool
) -> tuple[str, str]:
    """The way a text goes and, when it is not the client's own choice, why (steps 1–2).
    A channel asked for that cannot be used is refused."""
    if channel is not None:
        if restricted and channel == Way.EMAIL:
            raise ValidationError(
                {
                    "channel": gettext_lazy(
                        "A reply with restricted-access information is never e-mailed "
                        "(4.1.3). Send a letter or hand it over in person."
                    )
                }
            )
        if not _usable(channel, email=email, address=address, restricted=restricted):
            raise _refusal(channel)
        return channel, ""
    wanted = _PREFERRED.get(client.preferred_channel) if client is not None else None
    if wanted is not None and _usable(wanted, email=email, address=address, restricted=restricted):
        return wanted, ""
    chosen = _fallback(email=email, address=address, restricted=restricted)
    if restricted and (wanted == Way.EMAIL or (wanted is None and email)):
        return chosen, _("Restricted-access information is never e-mailed (4.1.3).")
    if client is None:
        return chosen, ""
    if wanted is None:
        return chosen, _("The client's preferred channel (%(channel)s) cannot carry a text.") % {
            "channel": client.get_preferred_channel_display()
        }
    return chosen, _("The client's preferred channel (%(channel)s) has no address.") % {
        "channel": client.get_preferred_channel_display()
    }


def _next_number(year: int) -> tuple[int, str]:
    """Step 3: the year's next outgoing number, in one statement
    (``servicedesk.services.counters.counter_next``). The counter row stays locked until the
    transaction ends, so two dispatches never get the same number, and one that rolls back
    gives it back (no gaps)."""
    seq = counter_next(DispatchSequence, field="last", year=year)
    return seq, OUTGOING_NUMBER_PATTERN.format(year=year, seq=seq)


def _signer(actor: Any) -> tuple[str, str]:
    """The employee's name and position under the text; none for the public form."""
    if actor is None:
        return "", ""
    # The record as the actor object has it (read the first time it is asked for); an
    # actor without one: the related lookup raises.
    employee: Employee | None = getattr(actor, "employee", None)
    if employee is None:
        return actor.get_full_name() or actor.get_username(), ""
    return employee.full_name, employee.position


def _aim(dispatch: Dispatch, target: models.Model | None) -> None:
    """The dispatch is about ``target`` and takes its confidentiality scope, as a
    notification does (``servicedesk.scopes``)."""
    if target is None:
        return
    dispatch.target = target  # the object itself: the transport reads it without a query
    dispatch.object_id = str(target.pk)
    scope = scopes.scope_of(target)
    if scope is not None:
        dispatch.scope_type, dispatch.scope_id = scope


def dispatch_to_client(
    *,
    actor: User | None,
    kind: str,
    target: models.Model | None,
    client: Client | None = None,
    name: str = "",
    email: str = "",
    address: str = "",
    subject: str,
    body: str,
    channel: str | None = None,
    outbox: Mapping[str, Any] | None = None,
) -> Dispatch:
    """Send ``subject`` and ``body`` to a client by their channel (the steps above) and
    return the dispatch; its state says whether it went or what is still to do.

    ``name``, ``email`` and ``address`` are taken from ``client`` where not given (an e-mail
    address that bounced is not used). ``outbox`` lets the e-mail go out as an existing
    message (``cases.dispatch.email.EmailTransport``). No savepoint of its own: see above."""
    if client is not None:
        name = name or client.name
        if not email and client.email_undeliverable_at is None:
            email = client.email
        address = address or client.service_address
    email, address = email.strip(), address.strip()
    restricted = kind in REPLY_KINDS and bool(getattr(target, "is_restricted", False))
    way, why = choose_channel(
        channel=channel, client=client, email=email, address=address, restricted=restricted
    )
    signer_name, signer_position = _signer(actor)
    today = timezone.localdate()
    dispatch = Dispatch(
        year=today.year,
        dated=today,
        kind=kind,
        channel=way,
        channel_note=why[:300],
        client=client,
        recipient_name=name.strip()[:200],
        postal_address=address,
        email=email if way == Way.EMAIL else "",
        subject=" ".join(subject.split())[:300],
        body=body.strip(),
        signer_name=signer_name,
        signer_position=signer_position,
        created_by=actor,
    )
    _aim(dispatch, target)
    with transaction.atomic(savepoint=False):
        # As late as it can be: the counter row stays locked from here to the commit.
        dispatch.seq, dispatch.number = _next_number(today.year)
        transport_for(way).deliver(dispatch, outbox=outbox)
        dispatch.save(force_insert=True)  # once, with the state and outbox row it was given
    return dispatch


def _claim(dispatch: Dispatch, *, channel: str, state: str) -> Dispatch:
    """The dispatch locked, or a refusal when it is not (or no longer) in ``state``."""
    row = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if row.channel != channel or row.state != state:
        raise ValidationError(
            _("This is no longer to do: it is “%(state)s”.") % {"state": row.get_state_display()}
        )
    return row


def _done(row: Dispatch, *, actor: User, state: str, **fields: Any) -> Dispatch:
    row.state = state
    row.done_by = actor
    row.done_at = timezone.now()
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=["state", "done_by", "done_at", *fields])
    return row


@transaction.atomic
def dispatch_mark_printed(*, actor: User, dispatch: Dispatch) -> Dispatch:
    """The letter is printed and signed; it waits to be posted."""
    row = _claim(dispatch, channel=Way.LETTER, state=State.TO_PRINT)
    row.state = State.PRINTED
    row.printed_at = timezone.now()
    row.save(update_fields=["state", "printed_at"])
    return row


@transaction.atomic
def dispatch_mark_posted(*, actor: User, dispatch: Dispatch, on: date | None = None) -> Dispatch:
    """The letter is posted: it goes on that day's dispatch list (today unless ``on``)."""
    row = _claim(dispatch, channel=Way.LETTER, state=State.PRINTED)
    return _done(row, actor=actor, state=State.POSTED, posted_on=on or timezone.localdate())


@transaction.atomic
def dispatch_mark_handed_over(*, actor: User, dispatch: Dispatch, handed_to: str = "") -> Dispatch:
    """The client (or ``handed_to``, their representative) received it at the desk."""
    row = _claim(dispatch, channel=Way.IN_PERSON, state=State.TO_HAND)
    receiver = " ".join(handed_to.split()) or row.recipient_name
    return _done(row, actor=actor, state=State.HANDED_OVER, handed_to=receiver[:200])


@transaction.atomic
def dispatch_mark_sent_by_hand(*, actor: User, dispatch: Dispatch) -> Dispatch:
    """Sent through the official e-address portal by a person (no automatic transport)."""
    row = _claim(dispatch, channel=Way.E_ADDRESS, state=State.TO_SEND)
    return _done(row, actor=actor, state=State.SENT)


# --- In words, for a screen or a history note ------------------------------------------------


def effective_state(dispatch: Dispatch) -> str:
    """An e-mail's state is its outbox row's: queued until the outbox sent it or gave up."""
    if dispatch.channel != Way.EMAIL or dispatch.notification is None:
        return dispatch.state
    status = dispatch.notification.status
    if status == Notification.Status.SENT:
        return State.SENT
    if status == Notification.Status.FAILED:
        return State.FAILED
    return State.QUEUED


def dispatch_outcome(dispatch: Dispatch) -> str:
    """What happened, in words: never "sent" when nothing left the desk."""
    state = effective_state(dispatch)
    values = {
        "number": dispatch.number,
        "email": dispatch.email,
        "date": date_format(dispatch.posted_on, "SHORT_DATE_FORMAT") if dispatch.posted_on else "",
        "name": dispatch.handed_to,
    }
    texts: dict[str, str] = {
        State.QUEUED: _("E-mail to %(email)s queued for sending (%(number)s)."),
        State.SENT: _("Sent by e-mail to %(email)s (%(number)s)."),
        State.FAILED: _("The e-mail to %(email)s could not be delivered (%(number)s)."),
        State.TO_PRINT: _("Letter %(number)s ready to print."),
        State.PRINTED: _("Letter %(number)s printed, to be posted."),
        State.POSTED: _("Letter %(number)s posted on %(date)s."),
        State.TO_HAND: _("%(number)s to be handed over in person."),
        State.HANDED_OVER: _("%(number)s handed over in person to %(name)s."),
    }
    if dispatch.channel == Way.E_ADDRESS:
        texts[State.SENT] = _("%(number)s sent through the e-address portal.")
        texts[State.TO_SEND] = _("%(number)s to be sent through the e-address portal.")
    return texts[state] % values


def reply_note(dispatch: Dispatch) -> str:
    """The history note of a reply: how it went, with its outgoing number."""
    texts: dict[str, str] = {
        Way.EMAIL: _("Reply to the client queued for e-mail (%(number)s)."),
        Way.LETTER: _("Reply letter %(number)s ready to print."),
        Way.IN_PERSON: _("Reply %(number)s to be handed over in person."),
        Way.E_ADDRESS: _("Reply %(number)s to be sent through the e-address portal."),
    }
    note = texts[dispatch.channel] % {"number": dispatch.number}
    return f"{note} {dispatch.channel_note}".strip()
