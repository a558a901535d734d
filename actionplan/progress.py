"""Progress that adds itself up: an objective's, a development area's and the plan's.

Always computed from the activities, never typed in: an average of their progress,
weighted by the weights the process leader gave, cancelled activities left out, and
reported with how many activities it rests on.
"""

from collections import defaultdict
from dataclasses import dataclass

from actionplan.models import Status


@dataclass(frozen=True)
class Progress:
    value: int | None  # 0–100, None when nothing to rest on
    count: int  # how many activities it rests on

    @property
    def known(self) -> bool:
        return self.value is not None


def progress_of(activities) -> Progress:
    counted = [a for a in activities if a.status != Status.CANCELLED]
    total_weight = sum(a.weight for a in counted)
    if not counted or not total_weight:
        return Progress(None, 0)
    weighted = sum(a.progress * a.weight for a in counted)
    return Progress(round(weighted / total_weight), len(counted))


@dataclass
class Tree:
    """Progress of a plan's development areas and objectives for one year's activities."""

    plan: Progress
    areas: dict  # area pk -> Progress
    objectives: dict  # objective pk -> Progress


def tree(activities) -> Tree:
    """From one list of activities (with `objective` loaded), every level's progress."""
    by_objective, by_area = defaultdict(list), defaultdict(list)
    for activity in activities:
        by_objective[activity.objective_id].append(activity)
        by_area[activity.objective.area_id].append(activity)
    return Tree(
        plan=progress_of(activities),
        areas={pk: progress_of(items) for pk, items in by_area.items()},
        objectives={pk: progress_of(items) for pk, items in by_objective.items()},
    )
