"""Client contacts on every channel: clients, contacts, callbacks, referrals, order issues,
conflict logs, consultations, written submissions and the knowledge base. One module per
topic, every model re-exported here (``from cases.models import Contact``). Written only
through ``cases.services``."""

from cases.models.absences import Absence
from cases.models.choices import (
    EMAIL_CHANNELS,
    PHONE_CHANNELS,
    PREFERRED_CHANNELS,
    CallerRole,
    Channel,
    ClientChannel,
    ClientChoice,
    IdentityCheck,
    Language,
    Outcome,
)
from cases.models.clients import Client, ClientPhone, Representative
from cases.models.contacts import Callback, Contact, ContactDayTally, ContactOutcome
from cases.models.dispatch import Dispatch, DispatchSequence
from cases.models.mail import InboundAttachment, InboundEmail, StandardAnswer
from cases.models.referrals import ConflictAction, ConflictLog, OrderIssue, Referral
from cases.models.remedies import Remedy
from cases.models.visits import VISIT_SLOT, Visit
from cases.models.written import (
    Article,
    ArticleVersion,
    Consultation,
    SubmissionDraft,
    SubmissionSequence,
    WrittenSubmission,
)

__all__ = [
    "Absence",
    "EMAIL_CHANNELS",
    "PHONE_CHANNELS",
    "Article",
    "ArticleVersion",
    "Callback",
    "CallerRole",
    "ClientChoice",
    "IdentityCheck",
    "Representative",
    "VISIT_SLOT",
    "Visit",
    "Channel",
    "Client",
    "ClientPhone",
    "ConflictAction",
    "ConflictLog",
    "Consultation",
    "Contact",
    "ContactDayTally",
    "ContactOutcome",
    "Dispatch",
    "DispatchSequence",
    "InboundAttachment",
    "InboundEmail",
    "StandardAnswer",
    "Language",
    "OrderIssue",
    "Outcome",
    "PREFERRED_CHANNELS",
    "ClientChannel",
    "Referral",
    "Remedy",
    "SubmissionDraft",
    "SubmissionSequence",
    "WrittenSubmission",
]
