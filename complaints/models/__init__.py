"""The complaints register and the client voice: feedback items, their routing, history,
notes and attachments; the public form, the satisfaction surveys and the staff survey. One
module per capability, every model re-exported here (``from complaints.models import
FeedbackItem``). Written only through ``complaints.register.services`` and
``complaints.voice.services``; the register is read only through ``complaints.selectors``
(the visibility gate, clause 2.1.4.4). See docs/complaints.md and docs/client-voice.md."""

from complaints.models.choices import (
    OPEN_STATES,
    Channel,
    Kind,
    Outcome,
    ReplyChannel,
    State,
    SubjectKind,
)
from complaints.models.explanations import ExplanationRequest
from complaints.models.register import (
    NEVER_TO_ITS_SUBJECT,
    Attachment,
    FeedbackItem,
    HistoryEntry,
    RegisterCounter,
    ReviewNote,
    Routing,
    RoutingRule,
)

# The migrations name the upload path as complaints.models._attachment_path.
from complaints.models.register import _attachment_path as _attachment_path
from complaints.models.voice import (
    PublicSubmission,
    SurveyInvitation,
    SurveyOptOut,
    SurveyResponse,
)

# isort: split
# After the voice models: the models register in the order the app always had.
from complaints.models.staff_survey import (
    StaffSurvey,
    StaffSurveyAnswer,
    StaffSurveyParticipation,
    StaffSurveyQuestion,
    StaffSurveyResponse,
)
from complaints.models.tallies import FeedbackMonthTally

__all__ = [
    "NEVER_TO_ITS_SUBJECT",
    "OPEN_STATES",
    "Attachment",
    "Channel",
    "ExplanationRequest",
    "FeedbackItem",
    "FeedbackMonthTally",
    "HistoryEntry",
    "Kind",
    "Outcome",
    "PublicSubmission",
    "RegisterCounter",
    "ReplyChannel",
    "ReviewNote",
    "Routing",
    "RoutingRule",
    "StaffSurvey",
    "StaffSurveyAnswer",
    "StaffSurveyParticipation",
    "StaffSurveyQuestion",
    "StaffSurveyResponse",
    "State",
    "SubjectKind",
    "SurveyInvitation",
    "SurveyOptOut",
    "SurveyResponse",
]
