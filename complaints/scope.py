"""The complaints' side of the confidentiality scopes and sealed links (servicedesk.scopes,
servicedesk.sealed_links), registered from ``ComplaintsConfig.ready``.

* A feedback item is a scope root. Whatever the desk writes about it or about something
  derived from it (its routing, history, notes, attachments, public submission, the survey
  invitation sent after it and the answer to it) carries the item's scope, so the outbox
  shows a notification only to those the item's gate lets know of it now and its text only
  to those who may read the item's content (2.1.4.4, 4.1.3, 7.3).
* The client's tracking link and the survey e-mail's one-click links are sealed in stored
  bodies; the resolvers here make them again when the e-mail is sent.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Exists, Q, QuerySet
from django.urls import reverse

from complaints import conf, selectors
from complaints.models import (
    Attachment,
    FeedbackItem,
    HistoryEntry,
    PublicSubmission,
    ReviewNote,
    Routing,
    SurveyInvitation,
    SurveyResponse,
)
from complaints.register.services.notifying import CLAUSE_8_KIND, HEAD_NOTICE_KIND
from complaints.selectors import readable_content
from complaints.voice.services import submissions
from complaints.voice.services.surveys import RATINGS, survey_token
from servicedesk import scopes, sealed_links
from servicedesk.models import Notification, ReviewAuthority

#: Notices that reach beyond the register's gate (complaints.register.services.notifying):
#: the clause-8 report to the institution's Ethics Commission, and the head's 4.11 notice of an
#: item routed elsewhere (``CLAUSE_8_KIND``, ``HEAD_NOTICE_KIND``). Their readers do not
#: review the item, so the register does not show it to them; the notice alone may be read,
#: while they still hold the office.


def _told(user: Any, kind: str, authority_kind: str) -> Q:
    """Items ``user`` was told of by a notice of ``kind``, while they are still in the
    ``authority_kind`` authority."""
    told = Notification.objects.filter(
        recipient=user, kind=kind, scope_type=scopes.label_of(FeedbackItem)
    ).values("scope_id")
    member = Exists(ReviewAuthority.objects.filter(kind=authority_kind, members=user))
    return Q(pk__in=told) & Q(member)


def items_known_to(user: Any) -> QuerySet[FeedbackItem]:
    """The items whose notifications ``user`` may read now: those the register's gate shows
    them (``complaints_visible_to``), those they were told of under clause 8 while they are
    still on the institution's Ethics Commission, and those they were told of under 4.11
    while they are still the head; never one they are the subject of (2.1.4.4), except the
    head's content-free notice of an item about the head when
    ``conf.head_notice_skips_items_about_head`` is off."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return FeedbackItem.objects.none()
    kinds = ReviewAuthority.Kind
    as_head = _told(user, HEAD_NOTICE_KIND, kinds.HEAD)
    about = Q(pk__in=selectors.items_about(user).order_by().values("pk"))
    if not conf.head_notice_skips_items_about_head():
        about &= ~as_head
    return FeedbackItem.objects.filter(
        Q(pk__in=selectors.complaints_visible_to(user, lazy=True).order_by().values("pk"))
        | _told(user, CLAUSE_8_KIND, kinds.INSTITUTION_ETHICS_COMMISSION)
        | as_head
    ).exclude(about)


def items_readable_by(user: Any) -> QuerySet[FeedbackItem]:
    """Those of ``items_known_to`` whose content the user may read: ``reads_content`` as a
    condition (``selectors.readable_content``), for the outbox's search."""
    return items_known_to(user).filter(readable_content(user))


def _survey_response_root(response: SurveyResponse) -> int | None:
    # An answer that became an item is that item's content (its comment is the text); that
    # item is derived from the one surveyed and at least as closed.
    if response.feedback_item_id is not None:
        return int(response.feedback_item_id)
    if response.invitation_id is None:
        return None
    item_id = SurveyInvitation.objects.filter(pk=response.invitation_id).values_list(
        "item_id", flat=True
    )
    return next(iter(item_id), None)


def _tracking_link(target: Any, _arg: str) -> str | None:
    if not isinstance(target, FeedbackItem):
        return None
    return submissions.tracking_link_for(target)


def _survey_rate_link(target: Any, arg: str) -> str | None:
    if not isinstance(target, SurveyInvitation) or not arg.isdigit() or int(arg) not in RATINGS:
        return None
    token = survey_token(target)
    return settings.SITE_URL + reverse("public_feedback:survey_rate", args=[token, int(arg)])


def _survey_opt_out_link(target: Any, _arg: str) -> str | None:
    if not isinstance(target, SurveyInvitation):
        return None
    return settings.SITE_URL + reverse(
        "public_feedback:survey_opt_out", args=[survey_token(target)]
    )


def register() -> None:
    scopes.register_scope(
        FeedbackItem,
        visible=items_known_to,
        readable=selectors.reads_content,
        readable_roots=items_readable_by,
    )
    for model in (Routing, HistoryEntry, ReviewNote, Attachment, PublicSubmission):
        scopes.register_target(FeedbackItem, model, lambda row: row.item_id)
    scopes.register_target(FeedbackItem, SurveyInvitation, lambda invitation: invitation.item_id)
    scopes.register_target(FeedbackItem, SurveyResponse, _survey_response_root)

    sealed_links.register(
        "tracking", _tracking_link, notification_kinds={"complaint_acknowledgement"}
    )
    sealed_links.register(
        "survey_rate", _survey_rate_link, notification_kinds={"survey_invitation"}
    )
    sealed_links.register(
        "survey_opt_out", _survey_opt_out_link, notification_kinds={"survey_invitation"}
    )
