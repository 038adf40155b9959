"""The only writers of the cases app: one function per action, each citing its clause.
Split by topic; import from here (``from cases import services``)."""

from cases.services._common import (
    CALLBACK_REFUSED_MESSAGE,
    WRITTEN_CHANNELS,
    CallbackRefused,
    CallbackRequest,
    ContactInput,
    client_email_for,
)
from cases.services.anonymise import client_anonymise, contact_anonymise
from cases.services.callbacks import (
    callback_arrange,
    callback_cancel,
    callbacks_send_reminders,
)
from cases.services.clients import client_create, client_merge, client_update
from cases.services.contacts import (
    callback_complete,
    contact_add_outcomes,
    contact_end_after_warning,
    contact_flag_our_error,
    contact_log,
    contact_log_input,
    contact_record_warning,
    contact_refuse_abusive_email,
)
from cases.services.referrals import (
    conflict_log_close,
    conflict_log_open,
    conflict_situation_record,
    conflict_step_record,
    order_issue_report,
    referral_create,
    referral_email_slip,
)
from cases.services.written import (
    article_email_to_client,
    consultation_answer,
    consultation_request,
    consultations_send_reminders,
    contact_forward_to_records,
    submission_draft_create,
    submission_extend,
    submission_forward,
    submission_record_reply,
    submission_register,
    submissions_send_reminders,
)

__all__ = [
    "CALLBACK_REFUSED_MESSAGE",
    "WRITTEN_CHANNELS",
    "CallbackRefused",
    "CallbackRequest",
    "ContactInput",
    "article_email_to_client",
    "callback_arrange",
    "callback_cancel",
    "callback_complete",
    "callbacks_send_reminders",
    "client_anonymise",
    "client_create",
    "client_email_for",
    "client_merge",
    "client_update",
    "conflict_log_close",
    "conflict_log_open",
    "conflict_situation_record",
    "conflict_step_record",
    "consultation_answer",
    "consultation_request",
    "consultations_send_reminders",
    "contact_add_outcomes",
    "contact_anonymise",
    "contact_end_after_warning",
    "contact_flag_our_error",
    "contact_forward_to_records",
    "contact_log",
    "contact_log_input",
    "contact_record_warning",
    "contact_refuse_abusive_email",
    "order_issue_report",
    "referral_create",
    "referral_email_slip",
    "submission_draft_create",
    "submission_extend",
    "submission_forward",
    "submission_record_reply",
    "submission_register",
    "submissions_send_reminders",
]
