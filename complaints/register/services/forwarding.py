"""An item routed to a reviewing authority outside the desk (docs/submissions-law.md): the
municipal executive director (7.2) or the municipal Ethics Commission (7.3) when the
administrator marks it as not working in the desk (``ReviewAuthority.works_in_desk``).

Such an authority has no accounts here to be told through, so the item is forwarded to it
formally (Law on Submissions) as an outgoing communication, and the submitter is told where
it went. The item stays in the register, read through the gate as before; both
communications carry the item's confidentiality scope (their target is the item)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import formats, translation
from django.utils.translation import gettext as _

from cases.models import Dispatch
from cases.services.dispatch import dispatch_outcome, dispatch_to_client
from complaints.models import FeedbackItem, HistoryEntry
from servicedesk.models import ReviewAuthority

if TYPE_CHECKING:
    from servicedesk.types import User

#: What leaves the desk is written in the state language.
LETTER_LANGUAGE = "lv"


def _facts(item: FeedbackItem, authority: ReviewAuthority) -> dict[str, str]:
    return {
        "number": item.register_number,
        "received": formats.date_format(item.received_on, "SHORT_DATE_FORMAT"),
        "authority": authority.name,
        "clause": item.routing_clause,
        "kind": item.get_kind_display(),
    }


def _formal(item: FeedbackItem, authority: ReviewAuthority, actor: User | None) -> Dispatch:
    """The item itself, to the authority. 4.1.3: restricted-access content goes by letter
    when the authority has a postal address; an e-mail then says only where to read it."""
    by_letter = item.is_restricted and bool(authority.postal_address.strip())
    with translation.override(LETTER_LANGUAGE):
        facts = _facts(item, authority)
        if item.is_restricted and not by_letter:
            content = _(
                "The content is restricted-access information: it will be handed over "
                "separately, not by e-mail."
            )
        else:
            content = item.text
        details = (item.client_name, item.client_email, item.client_phone, item.client_address)
        client = ", ".join(p for p in details if p) or _("anonymous")
        subject = _("Forwarding of %(kind)s %(number)s for review") % facts
        body = _(
            "Under the Law on Submissions and clause %(clause)s of the customer service rules "
            "we forward to you for review the %(kind)s received on %(received)s (our register "
            "number %(number)s). The submitter: %(client)s. Content: %(content)s"
        ) % (facts | {"client": client, "content": content})
    return dispatch_to_client(
        actor=actor,
        kind=Dispatch.Kind.FORMAL_FORWARDING,
        target=item,
        name=authority.name,
        email=authority.email,
        address=authority.postal_address,
        subject=subject,
        body=body,
        channel=Dispatch.Channel.LETTER if by_letter else None,
    )


def _notice(item: FeedbackItem, authority: ReviewAuthority, actor: User | None) -> Dispatch | None:
    """The submitter is told where the item went (naming the authority, not the content);
    nobody to tell for an anonymous item or one without an e-mail or postal address."""
    if item.is_anonymous or not (item.client_email or item.client_address or item.client_id):
        return None
    with translation.override(LETTER_LANGUAGE):
        facts = _facts(item, authority)
        subject = _("Your submission %(number)s was forwarded") % facts
        body = (
            _(
                "Your submission %(number)s of %(received)s is for %(authority)s to review "
                "(clause %(clause)s of the customer service rules). Under the Law on Submissions "
                "we have forwarded it there; %(authority)s will reply to you."
            )
            % facts
        )
    return dispatch_to_client(
        actor=actor,
        kind=Dispatch.Kind.FORWARDING_NOTICE,
        target=item,
        client=item.client,
        name=item.client_name,
        email=item.client_email,
        address=item.client_address,
        subject=subject,
        body=body,
    )


def forward_outside_desk(item: FeedbackItem, *, actor: User | None) -> FeedbackItem:
    """Registration step 8 for an authority outside the desk (``feedback_register``), and
    the same when a re-routing or an appeal moves the item to one (``workflow._route``):

    1. the formal forwarding of the item to the authority's postal address or e-mail;
    2. the forwarding notice to the submitter;
    3. a history row saying both, with what became of each (e-mailed, a letter to print).

    Nothing for an authority that works in the desk: its members are told in the desk.
    Returns the item."""
    authority = item.authority
    if authority.works_in_desk:
        return item
    formal = _formal(item, authority, actor)
    notice = _notice(item, authority, actor)
    told = (
        _("Notice to the submitter: %(outcome)s") % {"outcome": dispatch_outcome(notice)}
        if notice is not None
        else _("The submitter left no address to be told of it.")
    )
    note = _("Forwarded to %(authority)s, which works outside the desk: %(outcome)s") % {
        "authority": authority.name,
        "outcome": dispatch_outcome(formal),
    }
    HistoryEntry.objects.create(
        item=item,
        event=HistoryEntry.Event.FORMALLY_FORWARDED,
        actor=actor,
        to_state=item.state,
        clause=item.routing_clause,
        note=f"{note} {told}",
    )
    return item
