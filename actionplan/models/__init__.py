from actionplan.models.activity import (
    CLOSED,
    SUGGESTED_PROGRESS,
    Activity,
    ActivityArea,
    ActivityUpdate,
    Perspective,
    Status,
)
from actionplan.models.plan import ActionPlan, AnnualPlan, DevelopmentArea, Objective

__all__ = [
    "CLOSED",
    "SUGGESTED_PROGRESS",
    "ActionPlan",
    "Activity",
    "ActivityArea",
    "ActivityUpdate",
    "AnnualPlan",
    "DevelopmentArea",
    "Objective",
    "Perspective",
    "Status",
]
