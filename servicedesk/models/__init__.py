from .notifications import Notification
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
from .rules import RulesAcknowledgement, RulesClause, RulesVersion

__all__ = [
    "CompetentInstitution",
    "Employee",
    "Institution",
    "Notification",
    "ReceptionException",
    "ReceptionHours",
    "ReviewAuthority",
    "RulesAcknowledgement",
    "RulesClause",
    "RulesVersion",
    "StructuralUnit",
    "Topic",
    "Weekday",
]
