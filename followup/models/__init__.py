from followup.models.conference import Conference, ProposalPart, RevisionProposal
from followup.models.report import AnnualReport
from followup.models.round import (
    Answer,
    FollowUpRound,
    Question,
    QuestionKind,
    Response,
    RoundStatus,
)
from followup.models.version import SubmittedVersion

__all__ = [
    "AnnualReport",
    "Answer",
    "Conference",
    "FollowUpRound",
    "ProposalPart",
    "Question",
    "QuestionKind",
    "Response",
    "RevisionProposal",
    "RoundStatus",
    "SubmittedVersion",
]
