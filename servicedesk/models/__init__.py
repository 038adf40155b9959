from .audit import AccessLog, DataSubjectRequest, ErasureMark, RetentionRun
from .notifications import Notification, WorkerHeartbeat
from .organisation import (
    CompetentInstitution,
    Employee,
    Institution,
    ReceptionException,
    ReceptionHours,
    ReviewAuthority,
    StructuralUnit,
    Topic,
    Weekday,
)
from .privacy import DataBreach, DataRequest
from .rules import (
    RulesAcknowledgement,
    RulesClause,
    RulesSignature,
    RulesSignedSheet,
    RulesVersion,
)

__all__ = [
    "AccessLog",
    "DataBreach",
    "DataRequest",
    "DataSubjectRequest",
    "ErasureMark",
    "RetentionRun",
    "CompetentInstitution",
    "Employee",
    "Institution",
    "Notification",
    "WorkerHeartbeat",
    "ReceptionException",
    "ReceptionHours",
    "ReviewAuthority",
    "RulesAcknowledgement",
    "RulesClause",
    "RulesSignature",
    "RulesSignedSheet",
    "RulesVersion",
    "StructuralUnit",
    "Topic",
    "Weekday",
]
