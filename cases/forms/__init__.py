"""Forms of the cases app: validation only. The rules themselves are enforced by the
services; a view copies a service's ValidationError onto the form
(``servicedesk.form_errors.show_errors``), so the user sees it next to the field and keeps
what was typed."""

from cases.forms.clients import (
    ClientForm,
    MergeForm,
    QuickClientForm,
)
from cases.forms.contacts import (
    FREE_OUTCOMES,
    AbusiveRefusalForm,
    ConflictSituationForm,
    ConflictStepForm,
    ContactFilterForm,
    ContactForm,
    EmailSlipForm,
    MailCallbackForm,
    MailReplyForm,
    OrderIssueForm,
    OrderIssuePassForm,
    OrderIssueResolveForm,
    OurErrorForm,
    ReferralForm,
    StandardAnswerForm,
    WarningForm,
)
from cases.forms.fields import PhoneField, PhoneListField
from cases.forms.knowledge import (
    ArticleForm,
    KnowledgeEmailForm,
)
from cases.forms.remedies import RemedyCloseForm, RemedyOpenForm
from cases.forms.work import (
    AbsenceForm,
    CallbackAssignForm,
    CallbackCompleteForm,
    CallbackNoAnswerForm,
    ConsultationAnswerForm,
    ConsultationForm,
    ConsultationLiveForm,
    ConsultationPassOnForm,
    DraftForm,
    SubmissionExtendForm,
    SubmissionFilterForm,
    SubmissionForwardForm,
    SubmissionReassignForm,
    SubmissionRegisterForm,
    SubmissionReplyForm,
)

__all__ = [
    "AbsenceForm",
    "AbusiveRefusalForm",
    "ArticleForm",
    "CallbackAssignForm",
    "CallbackCompleteForm",
    "CallbackNoAnswerForm",
    "ClientForm",
    "ConflictSituationForm",
    "ConflictStepForm",
    "ConsultationAnswerForm",
    "ConsultationForm",
    "ConsultationLiveForm",
    "ConsultationPassOnForm",
    "ContactFilterForm",
    "ContactForm",
    "DraftForm",
    "EmailSlipForm",
    "MailCallbackForm",
    "MailReplyForm",
    "FREE_OUTCOMES",
    "KnowledgeEmailForm",
    "MergeForm",
    "OrderIssueForm",
    "OrderIssuePassForm",
    "OrderIssueResolveForm",
    "OurErrorForm",
    "RemedyCloseForm",
    "RemedyOpenForm",
    "PhoneField",
    "PhoneListField",
    "QuickClientForm",
    "ReferralForm",
    "StandardAnswerForm",
    "SubmissionExtendForm",
    "SubmissionFilterForm",
    "SubmissionForwardForm",
    "SubmissionReassignForm",
    "SubmissionRegisterForm",
    "SubmissionReplyForm",
    "WarningForm",
]
