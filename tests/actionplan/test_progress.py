"""Computed progress: an average, weighted, cancelled activities left out."""

from types import SimpleNamespace

import pytest

from actionplan.models import Status
from actionplan.progress import Progress, progress_of, tree


def activity(status=Status.ONGOING, progress=0, weight=1, objective=1, area=1):
    return SimpleNamespace(
        status=status,
        progress=progress,
        weight=weight,
        objective_id=objective,
        objective=SimpleNamespace(area_id=area),
    )


@pytest.mark.parametrize(
    ("activities", "expected"),
    [
        ([], Progress(None, 0)),
        ([activity(Status.CANCELLED, 80)], Progress(None, 0)),
        ([activity(Status.DONE, 100), activity(Status.DONE, 100)], Progress(100, 2)),
        ([activity(progress=20), activity(progress=60)], Progress(40, 2)),
        ([activity(progress=0), activity(Status.CANCELLED, 100)], Progress(0, 1)),
        ([activity(progress=100, weight=3), activity(progress=0, weight=1)], Progress(75, 2)),
        (
            [activity(progress=50, weight=2), activity(Status.CANCELLED, 0, weight=5)],
            Progress(50, 1),
        ),
        ([activity(progress=33), activity(progress=34)], Progress(34, 2)),  # rounded
    ],
)
def test_it_computes_progress_from_the_activities(activities, expected):
    assert progress_of(activities) == expected


def test_it_says_an_empty_objective_has_no_value():
    result = progress_of([])

    assert not result.known and result.count == 0


def test_it_adds_up_every_level_of_the_plan():
    activities = [
        activity(progress=100, objective=1, area=1),
        activity(progress=0, objective=2, area=1),
        activity(progress=50, objective=3, area=2),
        activity(Status.CANCELLED, 0, objective=3, area=2),
    ]

    result = tree(activities)

    assert result.objectives == {1: Progress(100, 1), 2: Progress(0, 1), 3: Progress(50, 1)}
    assert result.areas == {1: Progress(50, 2), 2: Progress(50, 1)}
    assert result.plan == Progress(50, 3)
