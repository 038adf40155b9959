"""The complaints app's personal data (2.1.6.1) and its gate in the audit trail (2.1.4.4).

* The audit trail's subject rule: entries about a feedback item (or one of its attachments)
  are shown only to those who may see the item (``complaints_visible_to``), and the values of
  its changes only to those who may read its content (ethics and restricted items).
* A client's feedback items: the register has no link to ``cases.Client``; an item is the
  client's when its e-mail (any case) or its phone number (any spelling) is one of the
  client's. Items matching only by name are not taken: two people share a name.
* Survey answers: invitations sent to one of the client's e-mails or after one of their
  contacts.
* Kept by law: an item not yet closed (the review and the reply are owed under the Law on
  Submissions). A closed item is anonymised: the client's details cleared, the texts scrubbed,
  the attachments removed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cases.phones import digits, try_normalize_phone
from servicedesk.selectors.audit import Restriction, register_restriction
from servicedesk.services.privacy import (
    Identity,
    Kept,
    Outcome,
    Section,
    erased_ids,
    history_scrub,
    mark_erased,
    register_source,
    scrubber,
)

from .models import Attachment, FeedbackItem, State, SurveyInvitation, SurveyResponse
from .registers import readable_content
from .selectors import complaints_visible_to

ITEM = "complaints.feedbackitem"
ITEM_TEXTS = ("text", "decision_text", "reply_text", "extension_reason", "subject_description")
CLIENT_FIELDS = ("client_name", "client_email", "client_phone", "client_address")


def _visible(user: Any) -> QuerySet[Any]:
    return complaints_visible_to(user).values("pk")


def _readable(user: Any) -> QuerySet[Any]:
    return complaints_visible_to(user).filter(readable_content(user)).values("pk")


register_restriction(ITEM, Restriction(scope_field="id", visible=_visible, readable=_readable))
register_restriction(
    "complaints.attachment",
    Restriction(scope_field="item_id", visible=_visible, readable=_readable),
)


def items_of(identity: Identity) -> QuerySet[FeedbackItem]:
    """The client's feedback items: by e-mail, or by phone number in any spelling."""
    condition = Q(pk__in=[])
    for email in identity.emails:
        condition |= Q(client_email__iexact=email)
    phones = set(identity.phones)
    candidates: list[int] = []
    for number in phones:
        tail = digits(number)[-3:]
        rows = FeedbackItem.objects.filter(client_phone__contains=tail).values_list(
            "pk", "client_phone"
        )
        candidates += [pk for pk, typed in rows if try_normalize_phone(typed) in phones]
    if candidates:
        condition |= Q(pk__in=candidates)
    return FeedbackItem.objects.filter(condition)


def _survey_responses(identity: Identity) -> QuerySet[SurveyResponse]:
    condition = Q(invitation__contact__client_id=identity.record_id)
    for email in identity.emails:
        condition |= Q(invitation__email__iexact=email)
    return SurveyResponse.objects.filter(condition).select_related("invitation")


def years() -> int:
    return int(settings.RETENTION_YEARS.get("feedback", 5))


class ComplaintsSource:
    key = "complaints"

    def export(self, identity: Identity) -> list[Section]:
        items = items_of(identity).select_related("authority").prefetch_related("attachments")
        rows = [
            {
                _("Register number"): item.register_number,
                _("Kind"): item.get_kind_display(),
                _("Channel"): item.get_channel_display(),
                _("Received on"): item.received_on,
                _("State"): item.get_state_display(),
                _("Client's name"): item.client_name,
                _("E-mail"): item.client_email,
                _("Phone number"): item.client_phone,
                _("Address"): item.client_address,
                _("Text"): item.text,
                _("Decision"): item.decision_text,
                _("Reply"): item.reply_text,
                _("Attachments"): ", ".join(a.original_name for a in item.attachments.all()),
            }
            for item in items.order_by("received_on", "pk")
        ]
        answers = [
            {
                _("Answered on"): r.answered_at,
                _("Rating (1–5)"): r.rating,
                _("Comment"): r.comment,
            }
            for r in _survey_responses(identity).order_by("answered_at")
        ]
        return [
            Section("feedback_items", _("Complaints, suggestions, claims and feedback"), rows),
            Section("survey_answers", _("Satisfaction survey answers"), answers),
        ]

    def erase(self, identity: Identity, *, apply: bool) -> Outcome:
        outcome = Outcome()
        items = list(items_of(identity).exclude(pk__in=erased_ids(ITEM)))
        open_items = [i for i in items if i.state != State.CLOSED]
        closed = [i.pk for i in items if i.state == State.CLOSED]
        for item in open_items:
            outcome.kept.append(
                Kept(
                    what=_("Feedback item %(number)s") % {"number": item.register_number},
                    reason=_(
                        "It is not closed yet: the review and the reply are owed to the client "
                        "(Law on Submissions). Ask again once it is closed."
                    ),
                )
            )
        responses = list(_survey_responses(identity))
        outcome.erased[_("Feedback items")] = len(closed)
        outcome.erased[_("Satisfaction survey answers")] = len(responses)
        if apply:
            scrub = scrubber(identity)
            anonymise_items(closed, extra_scrub=scrub, reason="request")
            for r in responses:
                r.comment = scrub(r.comment)
                r.save(update_fields=["comment"])
                if r.invitation is not None and r.invitation.email:
                    SurveyInvitation.objects.filter(pk=r.invitation.pk).update(email="")
        return outcome

    def retention(self, *, now: datetime, apply: bool) -> dict[str, int]:
        limit = now - relativedelta(years=years())
        expired = list(
            FeedbackItem.objects.filter(state=State.CLOSED, closed_at__lt=limit)
            .exclude(pk__in=erased_ids(ITEM))
            .values_list("pk", flat=True)
        )
        if apply:
            anonymise_items(expired, extra_scrub=None, reason="retention")
        return {"feedback_items": len(expired)}


def anonymise_items(ids: list[int], *, extra_scrub: Any, reason: str) -> None:
    """Clear the client's details, scrub the texts of them (and of the requesting client's
    identity), delete the attachments and scrub the items' change history."""
    for item in FeedbackItem.objects.filter(pk__in=ids):
        own = scrubber(
            Identity(
                record_type=ITEM,
                record_id=item.pk,
                label=item.register_number,
                display_name="",
                names=(item.client_name,) if item.client_name else (),
                phones=tuple(p for p in [try_normalize_phone(item.client_phone)] if p),
                emails=(item.client_email,) if item.client_email else (),
            )
        )

        def scrub(text: str, own: Any = own) -> str:
            text = own(text)
            return extra_scrub(text) if extra_scrub is not None else text

        for name in ITEM_TEXTS:
            setattr(item, name, scrub(getattr(item, name)))
        for name in CLIENT_FIELDS:
            setattr(item, name, "")
        item.save(update_fields=[*ITEM_TEXTS, *CLIENT_FIELDS])
        history_scrub(
            FeedbackItem.audit_trail.model,
            ids=[item.pk],
            blank=CLIENT_FIELDS,
            texts=ITEM_TEXTS,
            scrub=scrub,
        )
        for attachment in Attachment.objects.filter(item=item):
            attachment.file.delete(save=False)
            attachment.delete()
        history_scrub(
            Attachment.audit_trail.model,
            ids=[item.pk],
            key="item_id",
            set_values={"original_name": "", "file": ""},
        )
    mark_erased(ITEM, ids, reason=reason)


register_source(ComplaintsSource())
