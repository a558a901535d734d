from steering.models.decision import Decision, DecisionKind, Outcome
from steering.models.meeting import Attendance, Meeting
from steering.models.motion import Motion, MotionAttachment
from steering.models.percapsulam import PerCapsulamAnswer, PerCapsulamQuestion
from steering.models.seat import CHAIR_ROLES, ORDINARY_ROLES, Role, Seat

__all__ = [
    "CHAIR_ROLES",
    "ORDINARY_ROLES",
    "Attendance",
    "Decision",
    "DecisionKind",
    "Meeting",
    "Motion",
    "MotionAttachment",
    "Outcome",
    "PerCapsulamAnswer",
    "PerCapsulamQuestion",
    "Role",
    "Seat",
]
