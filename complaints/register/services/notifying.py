"""Who is told about an item: the reviewing authority (4.11), the client, the Ethics
Commission (8); never a person the item is about (2.1.4.4)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from complaints import selectors
from complaints.models import (
    FeedbackItem,
)
from servicedesk import sealed_links
from servicedesk.models import Notification, ReviewAuthority
from servicedesk.services.notifications import notify_address, notify_user

if TYPE_CHECKING:
    from servicedesk.types import User


AuthorityKind = ReviewAuthority.Kind

SUMMARY_CHARS = 300


# --- Notifications ----------------------------------------------------------------------


def _context(item: FeedbackItem, **extra: Any) -> dict[str, Any]:
    return {
        "item": item,
        "kind_label": item.get_kind_display(),
        "channel_label": item.get_channel_display(),
        "authority_label": item.authority.get_kind_display(),
        # 4.1.3: restricted-access content never leaves the desk in an e-mail.
        "summary": _("Restricted-access information: read it in the service desk.")
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
        kind="complaint_acknowledgement",
        key=f"complaint-acknowledgement:{item.pk}",
        tracking_link=tracking_link,  # public form (3.4)
    )


def _email_client(item: FeedbackItem, *, kind: str, key: str, **extra: Any) -> Notification:
    """E-mail the client about their item: in Latvian (the state language law), with the
    template named as the kind, and the item's summary only when it is not restricted
    (4.1.3, ``_context``)."""
    return notify_address(
        email=item.client_email,
        language="lv",
        kind=kind,
        target=item,
        template=f"notifications/{kind}",
        context=_context(item, **extra),
        key=key,
    )


def _report_to_ethics_commission(item: FeedbackItem) -> None:
    commission = ReviewAuthority.objects.filter(kind=AuthorityKind.ETHICS_COMMISSION).first()
    if commission is None:
        raise ValidationError(_("The Ethics Commission is not set up; ask an administrator."))
    context = _context(item, outcome_label=item.get_outcome_display())
    key = f"complaint-clause8:{item.pk}:{item.closed_at:%Y%m%d%H%M%S}"
    members = list(commission.members.select_related("employee"))
    told = [u for u in members if u.is_active and not selectors.is_subject(u, item)]
    everyone = len(told) == len([m for m in members if m.is_active])
    # No link: the Commission is informed, it does not review the item (it is routed to the
    # head), so the register would not open it for them.
    _tell(
        item,
        told,
        mailbox=commission.email if everyone else "",
        kind="complaint_clause8",
        clause="8",
        template="notifications/complaint_clause8",
        context=context,
        key=key,
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
