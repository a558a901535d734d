"""The matters the steering group decides: one registered class per kind (`base.Matter`).

The kinds of the steering app's own and of the apps below it are the modules of this
package; a higher app may add one in a module of its own named `matters`.
"""

from steering.matters import applications, changes, motions, withdrawals  # noqa: F401
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
