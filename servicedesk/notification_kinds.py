"""What each kind of notification is called, for the people who read the outbox.

``Notification.kind`` is a code written by the service that sends the message (several apps
write them, so it is a plain text field, not a choice): ``complaint_registered``,
``cases.callback_assigned``. The administrator's outbox shows the label instead
(``servicedesk.admin.notifications``). The labels live here, as text, so that the core app
needs to import none of the apps above it; a code with no label is shown as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

LABELS: dict[str, _StrPromise] = {
    # Complaints and client feedback
    "complaint_registered": _("Item registered: the reviewing authority"),
    "complaint_head_notice": _("Item registered: the head of institution (4.11)"),
    "complaint_acknowledgement": _("Acknowledgement to the client"),
    "complaint_routed": _("Item routed to another authority"),
    "complaint_extension": _("Reply date extended: notice to the client"),
    "complaint_reply": _("Reply to the client"),
    "complaint_due_soon": _("Reminder: the reply is due soon"),
    "complaint_overdue": _("Reminder: the reply is late"),
    "complaint_clause8": _("Report to the institution's Ethics Commission (8)"),
    "complaint_explanation_request": _("Request for a written explanation"),
    "complaint_explanation_answered": _("Written explanation given"),
    "survey_invitation": _("Satisfaction survey invitation"),
    # Client contacts
    "cases.abusive_email_refusal": _("Refusal of an abusive e-mail (4.12.3)"),
    "cases.abusive_refusal": _("Refusal of an abusive e-mail (4.12.3)"),
    "cases.article": _("Service procedure sent to the client"),
    "cases.article_review": _("Knowledge base article due for review"),
    "cases.callback_assigned": _("Callback assigned"),
    "cases.callback_before": _("Callback due soon"),
    "cases.callback_overdue": _("Callback overdue"),
    "cases.consultation_request": _("Request for an opinion (4.8)"),
    "cases.consultation_overdue": _("Request for an opinion: reminder (4.9)"),
    "cases.consultation_answer": _("Answer to a request for an opinion"),
    "cases.forward_to_records": _("Foreign-language e-mail forwarded to records (4.6)"),
    "cases.order_issue": _("Order issue: the unit head (4.10.1)"),
    "cases.order_issue_resolved": _("Order issue resolved"),
    "cases.referral_slip": _("Referral slip to the client"),
    "cases.remedy_assigned": _("Remedy assigned"),
    "cases.submission_assigned": _("Written submission assigned"),
    "cases.submission_before": _("Written submission due soon"),
    "cases.submission_overdue": _("Written submission overdue"),
    "cases.submission_forward_due": _("Written submission: forward it within 5 working days"),
    "cases.dispatch": _("Outgoing correspondence to the client"),
    # The outgoing register's e-mails written in the desk (cases.dispatch.email: the kind is
    # "cases.dispatch_" and the dispatch's kind)
    "cases.dispatch_acknowledgement": _("Outgoing: acknowledgement of receipt"),
    "cases.dispatch_submission_reply": _("Outgoing: reply to a submission"),
    "cases.dispatch_complaint_reply": _("Outgoing: reply to a complaint or suggestion"),
    "cases.dispatch_extension_notice": _("Outgoing: notice of an extended deadline"),
    "cases.dispatch_forwarding_notice": _("Outgoing: notice of forwarding"),
    "cases.dispatch_where_to_apply": _("Outgoing: where to apply"),
    "cases.dispatch_formal_forwarding": _("Outgoing: formal forwarding to an authority"),
    "cases.dispatch_other": _("Outgoing correspondence"),
    # The desk
    "outbox_undelivered": _("E-mails to the head of institution are not being delivered (4.11)"),
    "rules_reminder": _("Reminder to acknowledge the rules (9)"),
    "data_request_due_soon": _("Data subject request due soon"),
    "data_request_overdue": _("Data subject request overdue"),
    "data_breach_registered": _("Personal data breach registered"),
    "data_breach_due_soon": _("Personal data breach: 72 hours run out soon"),
    "data_breach_overdue": _("Personal data breach: 72 hours passed"),
    "privacy.erasure_part": _("Erasure request: a record you review"),
    "privacy.export_part": _("Data subject export: a record you review"),
}


def label_for(kind: str) -> str:
    """The label of ``kind`` in the active language, or the code itself when it has none."""
    label = LABELS.get(kind)
    return str(label) if label is not None else kind


def choices(kinds: list[str]) -> list[tuple[str, str]]:
    """``kinds`` as (code, label) pairs in the order of their labels: a filter's choices."""
    return sorted(((kind, label_for(kind)) for kind in kinds), key=lambda pair: pair[1])
