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

from complaints import selectors
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
from complaints.selectors import readable_content
from complaints.voice.services import submissions
from complaints.voice.services.surveys import RATINGS, survey_token
from servicedesk import scopes, sealed_links
from servicedesk.models import Notification, ReviewAuthority

#: The clause-8 summary (``services._report_to_ethics_commission``) goes to members of the
#: Ethics Commission who do not review the item and so do not see it in the register.
CLAUSE_8_KIND = "complaint_clause8"


def items_known_to(user: Any) -> QuerySet[FeedbackItem]:
    """The items whose notifications ``user`` may read now: those the register's gate shows
    them (``complaints_visible_to``), and those they were told of under clause 8 while they
    are still on the Ethics Commission; never one they are the subject of (2.1.4.4)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return FeedbackItem.objects.none()
    told_under_8 = Notification.objects.filter(
        recipient=user, kind=CLAUSE_8_KIND, scope_type=scopes.label_of(FeedbackItem)
    ).values("scope_id")
    on_commission = Exists(
        ReviewAuthority.objects.filter(kind=ReviewAuthority.Kind.ETHICS_COMMISSION, members=user)
    )
    return FeedbackItem.objects.filter(
        Q(pk__in=selectors.complaints_visible_to(user, lazy=True).order_by().values("pk"))
        | (Q(pk__in=told_under_8) & Q(on_commission))
    ).exclude(pk__in=selectors.items_about(user).order_by().values("pk"))


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
