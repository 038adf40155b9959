"""Who may open each URL of the project: the declaration the access matrix test checks
(tests/security/test_access_matrix.py).

Every named URL pattern has an entry here, keyed by its name. The test walks the URL
resolver, requests every pattern with a GET as every persona and as an anonymous visitor, and
compares the status with what the entry declares. A new URL without an entry fails the test:
whoever adds a page says here who may see it.

An entry says:

* ``public`` — no login needed (``login_not_required``); everyone gets ``ok``.
* otherwise anonymous visitors are sent to the login page (302);
* ``action`` — the ``servicedesk.roles`` action a user needs; a logged-in user without it
  gets ``denied`` (403). ``None`` means any logged-in user;
* ``ok`` — what an allowed GET answers: 200 for a page, 405 for a POST-only endpoint, 302 for
  a redirect, 404 where the GET needs a valid token the test cannot forge;
* ``hidden`` — record-level: a user whom the role allows but the record's own gate does not
  (a feedback item they may not see, someone else's notification) gets this (404, never 403:
  that would tell the record exists);
* ``params`` — which fixture fills each path parameter (``"client"``, ``"feedback_item"``…).

The admin is covered generically (its index and each registered model's changelist).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from servicedesk.roles import Action


@dataclass(frozen=True)
class Access:
    action: Action | None = None
    public: bool = False
    ok: int = 200
    denied: int = 403
    hidden: int | None = None
    params: dict[str, str] = field(default_factory=dict)


def public(ok: int = 200, **params: str) -> Access:
    return Access(public=True, ok=ok, params=params)


def staff(ok: int = 200, hidden: int | None = None, **params: str) -> Access:
    """Any logged-in user."""
    return Access(ok=ok, hidden=hidden, params=params)


def needs(needed: Action, /, ok: int = 200, hidden: int | None = None, **params: str) -> Access:
    """Users whose roles allow ``needed``; path parameters as keywords."""
    return Access(action=needed, ok=ok, hidden=hidden, params=params)


LOG = Action.LOG_CONTACTS
DATA = Action.HANDLE_DATA_REQUESTS
POST_ONLY = 405

URLS: dict[str, Access] = {
    # --- servicedesk ------------------------------------------------------------------------
    "home": staff(),
    "healthz": public(),
    "readyz": public(),
    "readyz_outbox": public(),
    "set_language": public(ok=302),
    "login": public(),
    "logout": staff(ok=POST_ONLY),
    "password_reset": public(),
    "password_reset_done": public(),
    "password_reset_confirm": public(uidb64="uidb64", token="reset_token"),
    "password_reset_complete": public(),
    "public_home": public(),
    "public_hours": public(),
    "public_staff": public(),
    "directory": needs(Action.VIEW_DIRECTORY),
    "inbox": needs(Action.VIEW_INBOX),
    # POST-only endpoints that check the method before the role: 405 for any GET.
    "inbox_read_all": staff(ok=POST_ONLY),
    "inbox_read": staff(ok=POST_ONLY, pk="notification"),
    "inbox_open": staff(ok=POST_ONLY, pk="notification"),
    "rules_acknowledge": needs(Action.ACKNOWLEDGE_RULES),
    "rules_register": needs(Action.VIEW_RULES_REGISTER),
    "rules_version_add": needs(Action.MANAGE_RULES),
    "rules_version": needs(Action.ACKNOWLEDGE_RULES, number="rules_version"),
    "rules_sheet_print": needs(Action.VIEW_RULES_REGISTER, number="rules_version"),
    "rules_sheet_upload": needs(Action.MANAGE_RULES, number="rules_version"),
    "rules_signed_sheet": needs(Action.VIEW_RULES_REGISTER, pk="rules_signed_sheet"),
    "rules_signed_sheet_file": needs(Action.VIEW_RULES_REGISTER, pk="rules_signed_sheet"),
    "rules_signature_withdraw": needs(Action.MANAGE_RULES, ok=POST_ONLY, pk="rules_signature"),
    "badges_print": needs(Action.PRINT_BADGES, ok=400),  # a GET without a selection
    "audit": needs(Action.VIEW_AUDIT),
    # The desk's administration: staff logins and roles, reception-hours exceptions.
    "staff_list": needs(Action.MANAGE_ORGANISATION),
    "staff_login": needs(Action.MANAGE_ORGANISATION, pk="employee"),
    "hours_exceptions": needs(Action.MANAGE_ORGANISATION),
    "hours_exception_edit": needs(Action.MANAGE_ORGANISATION, pk="reception_exception"),
    "hours_exception_delete": needs(
        Action.MANAGE_ORGANISATION, ok=POST_ONLY, pk="reception_exception"
    ),
    "privacy_home": needs(Action.HANDLE_DATA_REQUESTS),
    "privacy_client": needs(Action.HANDLE_DATA_REQUESTS, pk="client"),
    "privacy_request_new": needs(Action.HANDLE_DATA_REQUESTS),
    "privacy_request": needs(Action.HANDLE_DATA_REQUESTS, pk="data_request"),
    "privacy_request_subject": needs(DATA, ok=POST_ONLY, pk="data_request"),
    "privacy_request_identity": needs(DATA, ok=POST_ONLY, pk="data_request"),
    "privacy_request_extend": needs(DATA, ok=POST_ONLY, pk="data_request"),
    "privacy_export": needs(DATA, ok=POST_ONLY, pk="data_request", fmt="pdf"),
    "privacy_erase": needs(DATA, ok=POST_ONLY, pk="data_request"),
    "privacy_rectify": needs(DATA, ok=POST_ONLY, pk="data_request"),
    "privacy_restrict": needs(DATA, ok=POST_ONLY, pk="data_request"),
    "privacy_lift_restriction": needs(DATA, ok=POST_ONLY, pk="data_request"),
    "privacy_objection": needs(DATA, ok=POST_ONLY, pk="data_request"),
    "privacy_request_close": needs(DATA, ok=POST_ONLY, pk="data_request"),
    "privacy_action": needs(DATA, pk="data_action"),
    "privacy_breaches": needs(DATA),
    "privacy_breach_new": needs(DATA),
    "privacy_breach": needs(DATA, pk="breach"),
    "privacy_breach_edit": needs(DATA, pk="breach"),
    "privacy_breach_authority": needs(DATA, ok=POST_ONLY, pk="breach"),
    "privacy_breach_subjects": needs(DATA, ok=POST_ONLY, pk="breach"),
    # --- cases ------------------------------------------------------------------------------
    "cases:contact_list": needs(LOG),
    "cases:contact_new": needs(LOG),
    "cases:contact_detail": needs(LOG, pk="contact"),
    "cases:contact_our_error": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:contact_warning": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:remedy_create": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:remedy_list": needs(LOG),
    "cases:remedy_detail": needs(LOG, pk="remedy"),
    # Outgoing correspondence: a dispatch of a feedback item only through the item's gate.
    "cases:dispatch_list": needs(LOG),
    "cases:dispatch_day": needs(LOG),
    "cases:dispatch_detail": needs(LOG, hidden=404, pk="dispatch"),
    "cases:dispatch_letter": needs(LOG, hidden=404, pk="dispatch_letter"),
    "cases:contact_abusive_refusal": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:order_issue_create": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:order_issues": needs(LOG),
    "cases:order_issue_resolve": needs(LOG, ok=POST_ONLY, pk="order_issue"),
    "cases:order_issue_pass": needs(LOG, hidden=404, pk="order_issue"),
    "cases:referral_create": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:conflict_log": needs(LOG, pk="contact"),
    "cases:conflict_step": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:conflict_situation": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:conflict_close": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:referral_options": needs(LOG),
    "cases:referral_slip": needs(LOG, pk="referral"),
    "cases:client_list": needs(LOG),
    "cases:client_create": needs(LOG),
    "cases:client_lookup": needs(LOG),
    "cases:client_quick_create": needs(LOG, ok=POST_ONLY),
    "cases:client_detail": needs(LOG, pk="client"),
    "cases:client_edit": needs(LOG, pk="client"),
    "cases:client_pick": needs(LOG, pk="client"),
    "cases:client_merge": needs(LOG, ok=POST_ONLY, pk="client"),
    "cases:representative_create": needs(LOG, ok=POST_ONLY, pk="client"),
    "cases:representative_revoke": needs(LOG, ok=POST_ONLY, pk="representative"),
    "cases:visit_book": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:visit_list": needs(LOG),
    "cases:visit_cancel": needs(LOG, ok=POST_ONLY, pk="visit"),
    "cases:callback_queue": needs(LOG),
    "cases:callback_complete": needs(LOG, pk="callback"),
    "cases:callback_team": needs(LOG),
    "cases:callback_take": needs(LOG, ok=POST_ONLY, pk="callback"),
    "cases:callback_assign": needs(LOG, ok=POST_ONLY, pk="callback"),
    "cases:callback_no_answer": needs(LOG, ok=POST_ONLY, pk="callback"),
    "cases:mail_queue": needs(LOG),
    "cases:mail_detail": needs(LOG, pk="inbound_email"),
    "cases:mail_take": needs(LOG, ok=POST_ONLY, pk="inbound_email"),
    "cases:mail_reply": needs(LOG, pk="inbound_email"),
    "cases:mail_wants_call": needs(LOG, ok=POST_ONLY, pk="inbound_email"),
    "cases:mail_register_written": needs(LOG, ok=POST_ONLY, pk="inbound_email"),
    "cases:answer_list": needs(Action.VIEW_KNOWLEDGE),
    "cases:answer_new": needs(Action.EDIT_KNOWLEDGE),
    "cases:answer_edit": needs(Action.EDIT_KNOWLEDGE, pk="standard_answer"),
    "cases:mail_attachment": needs(LOG, pk="inbound_email", attachment_pk="inbound_attachment"),
    # Anyone records their own absence; administrators and unit heads anyone's.
    "cases:absences": staff(),
    "cases:consultation_create": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:consultation_live": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:consultation_list": needs(LOG),
    "cases:consultation_team": needs(LOG),
    "cases:consultation_answer": needs(LOG, pk="consultation"),
    "cases:consultation_take": needs(LOG, ok=POST_ONLY, pk="consultation"),
    "cases:submission_create": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:submission_list": needs(LOG),
    "cases:submission_detail": needs(LOG, pk="submission"),
    "cases:draft_create": needs(LOG, ok=POST_ONLY, pk="contact"),
    "cases:draft_print": needs(LOG, pk="draft"),
    "cases:kb_search": needs(Action.VIEW_KNOWLEDGE),
    "cases:kb_article": needs(Action.VIEW_KNOWLEDGE, slug="article"),
    "cases:kb_article_new": needs(Action.EDIT_KNOWLEDGE),
    "cases:kb_article_edit": needs(Action.EDIT_KNOWLEDGE, slug="article"),
    "cases:public_procedures": public(),
    "cases:public_article": public(slug="article"),
    # --- complaints -------------------------------------------------------------------------
    "complaints:register": needs(Action.VIEW_FEEDBACK),
    "complaints:queue": needs(Action.REVIEW_FEEDBACK),
    "complaints:new": needs(Action.REGISTER_FEEDBACK),
    "complaints:export": needs(Action.VIEW_FEEDBACK),
    "complaints:dashboard": needs(Action.VIEW_DASHBOARD),
    "complaints:compliance": needs(Action.VIEW_COMPLIANCE_REPORT),
    "complaints:compliance_export": needs(Action.VIEW_COMPLIANCE_REPORT, fmt="csv"),
    "complaints:register_list": needs(Action.VIEW_FEEDBACK, register="register"),
    "complaints:register_export": needs(Action.VIEW_FEEDBACK, register="register", fmt="csv"),
    # The item's own gate decides (complaints_visible_to): 404 for whoever may not see it.
    "complaints:detail": staff(hidden=404, pk="feedback_item"),
    "complaints:attachment": staff(hidden=404, pk="feedback_item", attachment_pk="attachment"),
    "complaints:act": staff(ok=POST_ONLY, pk="feedback_item", action="item_action"),
    "complaints:explanation_ask": staff(ok=POST_ONLY, pk="feedback_item"),
    "complaints:explanation_list": staff(),
    "complaints:explanation_answer": staff(hidden=404, pk="explanation_request"),
    # --- the client voice: public pages (/p/) and staff pages (/voice/) ---------------------
    "public_feedback:submit": public(),
    "public_feedback:receipt": public(ok=302),
    "public_feedback:privacy": public(),
    "public_feedback:track": public(token="tracking_token"),
    "public_feedback:survey_rate": public(token="survey_token", rating="rating"),
    "public_feedback:survey_comment": public(ok=POST_ONLY, token="survey_token"),
    "public_feedback:survey_opt_out": public(token="survey_token"),
    # The kiosk answers only on a device a staff member started (a signed cookie).
    "public_feedback:kiosk": public(ok=403),
    "public_feedback:kiosk_thanks": public(ok=403, token="unknown_token"),
    "voice:kiosk_start": needs(Action.RUN_KIOSK),
    "voice:trust_line": needs(Action.REGISTER_FEEDBACK),
    "voice:survey_offer_contact": needs(LOG, ok=POST_ONLY, contact_pk="contact"),
    "voice:staff_surveys": needs(Action.ANSWER_STAFF_SURVEYS),
    "voice:staff_survey_new": needs(Action.MANAGE_STAFF_SURVEYS),
    # An open survey is no longer edited: the editor sends back to the list.
    "voice:staff_survey_edit": needs(Action.MANAGE_STAFF_SURVEYS, ok=302, pk="staff_survey"),
    "voice:staff_survey_answer": needs(Action.ANSWER_STAFF_SURVEYS, pk="staff_survey"),
    "voice:staff_survey_results": needs(Action.VIEW_STAFF_SURVEY_RESULTS, pk="staff_survey"),
    "voice:staff_survey_state": needs(
        Action.MANAGE_STAFF_SURVEYS, ok=POST_ONLY, pk="staff_survey", action="survey_action"
    ),
}

#: URL patterns served only in development (``DEBUG``): the media files.
UNNAMED_DEVELOPMENT_PATTERNS = ("^media/",)
