"""The matters the steering group decides: one registered class per kind (`base.Matter`).

The start page's and the digest's waiting lists, the form that puts matters to the voting
members between meetings, the questions' labels and filter, the emails' facts, the
paragraph recorded for a decision, its citation and carrying it out all ask the registry.

To add a kind of matter, write one class in a module of this package (and import it below),
or, for a higher app's record, in that app's own module named `matters` (found at start):

- `model`: what it decides on (a model of the steering app or of an app below it);
- `label`, `since`, `waiting_filter`, `waiting()`, `is_waiting()`: how it waits;
- `name_of()`, `decision_text()`, `describe()`: how it reads in lists, minutes and emails;
- `outcomes`: each a `steering.models.Outcome` (verb, kind of decision and its words);
- `apply()` (or `carry_out()`): what an outcome does, by calling the owning app's service.

Its kinds of decision need no migration: `Decision.kind` and `PerCapsulamQuestion.kind` read
their choices from the registry (`steering.models.decision.decision_kinds`); the values
stored for the existing kinds are those of `DecisionKind`.
"""

from steering.matters import (  # noqa: F401
    applications,
    changes,
    motions,
    renewals,
    versions,
    withdrawals,
)
from steering.matters.base import (
    Matter,
    decided_statuses,
    decision_text,
    for_model,
    for_record,
    matter_types,
    register,
    register_temporarily,
)
from steering.matters.waiting import Waiting, waiting_matters

__all__ = [
    "Matter",
    "Waiting",
    "decided_statuses",
    "decision_text",
    "for_model",
    "for_record",
    "matter_types",
    "register",
    "register_temporarily",
    "waiting_matters",
]
