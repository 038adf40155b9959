"""Who is told about an item: the reviewing authority, the head of institution of every item
(4.11), the client, the institution's Ethics Commission of every decided 7.1/7.2 complaint
(8); never a person the item is about (2.1.4.4), except as ``complaints.conf.
head_notice_skips_items_about_head`` allows for the head."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.models import Dispatch
from cases.services import dispatch_to_client
from complaints import conf, selectors
from complaints.models import FeedbackItem, Kind, SubjectKind
from complaints.subjects import head_user_ids, subject_user_ids
from servicedesk import sealed_links
from servicedesk.models import Notification, ReviewAuthority
from servicedesk.services.notifications import message_preview, notify_address, notify_user

if TYPE_CHECKING:
    from servicedesk.types import User


AuthorityKind = ReviewAuthority.Kind

SUMMARY_CHARS = 300


# --- Notifications ----------------------------------------------------------------------


def _restricted() -> str:
    return _("Restricted-access information: read it in the service desk.")


def _context(item: FeedbackItem, **extra: Any) -> dict[str, Any]:
    return {
        "item": item,
        "kind_label": item.get_kind_display(),
        "channel_label": item.get_channel_display(),
        "authority_label": item.authority.get_kind_display(),
        # 4.1.3: restricted-access content never leaves the desk in an e-mail.
        "summary": _restricted()
        if item.is_restricted
        else Truncator(item.text).chars(SUMMARY_CHARS),
        **extra,
    }


def _tell_authority(
    item: FeedbackItem,
    authority: ReviewAuthority,
    *,
    kind: str,
    template: str,
    clause: str,
    key: str,
    extra: dict[str, Any] | None = None,
) -> list[Notification]:
    """Notify an authority's members who may know of the item (e-mail and in-app), and its
    mailbox unless the mailbox could reach a subject of the item (2.1.4.4)."""
    members = list(authority.members.select_related("employee"))
    allowed = selectors.recipients_among(members, item)
    context = _context(item, **(extra or {}))
    safe = bool(authority.email) and _mailbox_is_safe(authority, item, members, allowed)
    return _tell(
        item,
        allowed,
        mailbox=authority.email if safe else "",
        kind=kind,
        clause=clause,
        template=template,
        context=context,
        key=key,
        link=item.get_absolute_url(),
    )


def _tell(
    item: FeedbackItem,
    users: Iterable[Any],
    *,
    mailbox: str = "",
    kind: str,
    clause: str,
    template: str,
    context: dict[str, Any],
    key: str,
    link: str = "",
    channels: Sequence[str] = (Notification.Channel.EMAIL, Notification.Channel.IN_APP),
) -> list[Notification]:
    """One message about ``item`` to each of ``users`` (through ``channels``) and, when one
    is given, to a ``mailbox``: the callers decide who may be told (2.1.4.4)."""
    message: dict[str, Any] = {
        "kind": kind,
        "rule_clause": clause,
        "target": item,
        "template": template,
        "context": context,
        "link": link,
        "key": key,
    }
    rows: list[Notification] = []
    for user in users:
        rows += notify_user(user=user, channels=channels, **message)
    if mailbox:
        rows.append(notify_address(email=mailbox, **message))
    return rows


def _mailbox_is_safe(
    authority: ReviewAuthority, item: FeedbackItem, members: list[Any], allowed: list[Any]
) -> bool:
    if len(allowed) != len([m for m in members if m.is_active]):
        return False  # a member is the subject and may read the shared mailbox
    subject = item.subject_employee
    if subject is not None:
        addresses = {subject.email.lower(), (subject.user.email if subject.user else "").lower()}
        if authority.email.lower() in addresses:
            return False
    return True


def _send_acknowledgement(
    item: FeedbackItem, *, actor: User | None, tracking_link: str = ""
) -> None:
    """The client's acknowledgement: the register number, who reviews it (the authority's
    role, never a person's name) and the reply date, in Latvian. ``feedback_register`` has
    already written the item acknowledged, in the same transaction.

    A tracking link opens the client's page without a login, so it is a secret: the caller
    passes it sealed (``complaints.voice.services.submissions.TRACKING_LINK``) and the outbox
    puts the link in only when the e-mail is sent; a link in clear would be stored readable."""
    if tracking_link and not sealed_links.is_sealed(tracking_link):
        raise ValueError("Pass the tracking link sealed (public_services.TRACKING_LINK).")
    _email_client(
        item,
        actor=actor,
        kind="complaint_acknowledgement",
        key=f"complaint-acknowledgement:{item.pk}",
        dispatch_kind=Dispatch.Kind.ACKNOWLEDGEMENT,
        tracking_link=tracking_link,  # public form (3.4)
    )


def _email_client(
    item: FeedbackItem,
    *,
    actor: User | None,
    kind: str,
    key: str,
    dispatch_kind: str,
    **extra: Any,
) -> Dispatch:
    """Write to the client about their item by the client's channel
    (``cases.services.dispatch_to_client``: e-mail, a letter to print, in person): in
    Latvian (the state language law), with the template named as the kind, and the item's
    summary only when it is not restricted (4.1.3, ``_context``). By e-mail the outbox row is
    the same message as ever; a letter carries the text without the secret tracking link."""
    template = f"notifications/{kind}"
    context = _context(item, **extra)
    letter = {name: value for name, value in context.items() if name != "tracking_link"}
    subject, body = message_preview(template, letter, language="lv")
    return dispatch_to_client(
        actor=actor,
        kind=dispatch_kind,
        target=item,
        client=getattr(item, "client", None),
        name=item.client_name,
        email=item.client_email,
        address=item.client_address,
        subject=subject,
        body=body,
        outbox={"kind": kind, "template": template, "context": context, "key": key},
    )


#: 4.11: the head's notice of an item the head does not review (complaints.scope reads it).
HEAD_NOTICE_KIND = "complaint_head_notice"
#: 8: the institution's Ethics Commission is told of a decided complaint.
CLAUSE_8_KIND = "complaint_clause8"
#: 8: the complaints the institution's Ethics Commission is told of: those reviewed under 7.1
#: and 7.2 (ethics ones are 7.3, and stay with the municipality's commission).
CLAUSE_8_CLAUSES = frozenset({"7.1", "7.2"})


def _tell_head(item: FeedbackItem) -> list[Notification]:
    """4.11: the head of institution is told at once of every item registered.

    An item routed to the head was told with its content (``_tell_authority``). Of any other
    item (7.2, 7.3, one moved away from a subject) the head is told only that an item was
    registered, its number and the authority it went to: no kind, no summary, no link; the
    visibility gate (``complaints.scope``) still decides what the head may read. The HEAD
    authority's members who are a subject of the item are left out (2.1.4.4) unless
    ``conf.head_notice_skips_items_about_head`` is off; its mailbox only when every active
    member is told and the mailbox is not a subject's own."""
    if item.authority.kind == AuthorityKind.HEAD:
        return []  # told with its content (the one HEAD authority)
    head = ReviewAuthority.objects.filter(kind=AuthorityKind.HEAD).first()
    if head is None or item.authority_id == head.pk:
        return []
    members = list(head.members.select_related("employee"))
    active = [member for member in members if member.is_active]
    if conf.head_notice_skips_items_about_head():
        told = [member for member in active if not selectors.is_subject(member, item)]
    else:
        told = active
    safe = bool(head.email) and _mailbox_is_safe(head, item, members, told)
    return _tell(
        item,
        told,
        mailbox=head.email if safe else "",
        kind=HEAD_NOTICE_KIND,
        clause="4.11",
        template=f"notifications/{HEAD_NOTICE_KIND}",
        # Nothing of the item's content: only what the head may know of any item.
        context={
            "number": item.register_number,
            "authority_label": item.authority.get_kind_display(),
        },
        key=f"complaint-head-notice:{item.pk}",
    )


def reports_under_clause_8(item: FeedbackItem) -> bool:
    """Whether deciding ``item`` is reported to the institution's Ethics Commission (8): a
    complaint reviewed under 7.1 or 7.2, not an ethics one (nor one arising from it)."""
    origin = item.derived_from
    return (
        item.kind == Kind.COMPLAINT
        and item.routing_clause in CLAUSE_8_CLAUSES
        and item.subject_kind != SubjectKind.ETHICS
        and (origin is None or origin.subject_kind != SubjectKind.ETHICS)
    )


@dataclass(frozen=True)
class Clause8Recipients:
    """Whom the clause-8 report of one item goes to (``_clause_8_recipients``)."""

    users: list[Any]
    mailbox: str
    set_up: bool  # the commission has an active member or an e-mail at all

    def __bool__(self) -> bool:
        return bool(self.users or self.mailbox)


def _clause_8_recipients(item: FeedbackItem) -> Clause8Recipients:
    """The institution's Ethics Commission's members who may be told of ``item`` (never one
    it is about, 2.1.4.4) and its mailbox ("" when a member is left out, or it is a
    subject's own)."""
    commission = ReviewAuthority.objects.filter(
        kind=AuthorityKind.INSTITUTION_ETHICS_COMMISSION
    ).first()
    if commission is None:
        return Clause8Recipients([], "", set_up=False)
    members = list(commission.members.select_related("employee"))
    told = [u for u in members if u.is_active and not selectors.is_subject(u, item)]
    safe = bool(commission.email) and _mailbox_is_safe(commission, item, members, told)
    set_up = bool(commission.email) or any(m.is_active for m in members)
    return Clause8Recipients(told, commission.email if safe else "", set_up=set_up)


def _report_to_institution_commission(item: FeedbackItem, recipients: Clause8Recipients) -> None:
    """8: tell the institution's Ethics Commission (``recipients``) of a decided complaint,
    with the decision.

    No link: the commission is informed, it does not review the item (the register would
    not open it for them); a restricted item's summary and decision stay in the desk
    (4.1.3). The head decides 7.1 complaints and informs; a 7.2 complaint is about the head
    and decided by the executive director, so the desk informs without the head (2.1.4.4)."""
    context = _context(
        item,
        outcome_label=item.get_outcome_display(),
        decision=_restricted() if item.is_restricted else item.decision_text,
        # A complaint about the head (7.2), not one that reached the director on appeal.
        about_head=bool(subject_user_ids(item) & head_user_ids()),
    )
    _tell(
        item,
        recipients.users,
        mailbox=recipients.mailbox,
        kind=CLAUSE_8_KIND,
        clause="8",
        template=f"notifications/{CLAUSE_8_KIND}",
        context=context,
        key=f"complaint-clause8:{item.pk}:{item.version}",
        channels=(Notification.Channel.IN_APP,),
    )


def _tell_members(item: FeedbackItem, *, kind: str, template: str, key: str) -> list[Any]:
    members = selectors.recipients_among(item.authority.members.select_related("employee"), item)
    return _tell(
        item,
        members,
        kind=kind,
        clause=item.routing_clause,
        template=template,
        context=_context(item),
        key=key,
        link=item.get_absolute_url(),
    )
