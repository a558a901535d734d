"""The matters waiting for the steering group's decision, oldest first, of every kind.

The start page lists them, the weekly digest emails them, and the chair or the process
leader puts them to the voting members between meetings.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from agreements import staff
from common.scoping import ScopedManager
from steering.matters.base import Matter, matter_types


@dataclass(frozen=True)
class Waiting:
    kind: Matter
    record: object
    since: datetime.datetime

    @property
    def key(self) -> str:
        return f"{self.kind.name}:{self.record.pk}"

    @property
    def name(self) -> str:
        return self.kind.name_of(self.record)

    @property
    def days_waiting(self) -> int:
        return (timezone.localdate() - timezone.localdate(self.since)).days

    @property
    def admin_url(self) -> str:
        return self.kind.admin_url(self.record)


def of_agreement(queryset, agreement):
    """`queryset` of a kind of matter narrowed to `agreement`, by the path to its agreement
    (agreements.staff.agreement_path_of: its scoped manager's). Also outside a request, where
    no guard filters. A kind whose records belong to no agreement is left as it is."""
    if agreement is None:
        return queryset
    path = staff.agreement_path_of(queryset.model)
    if path is None:
        return queryset
    if path == "pk":
        return queryset.filter(pk=agreement.pk)
    return queryset.filter(
        ScopedManager.scope_filter(queryset.model, path, frozenset([agreement.pk]))
    )


def waiting_matters(limit: int | None = None, agreement=None) -> tuple[list[Waiting], int]:
    """The oldest waiting matters (at most `limit` when given) and how many wait in all: of
    `agreement` when given, else of every agreement the request's guard holds (in the admin,
    the staff member's active one; a superuser who chose none sees all), else of all.

    Every kind of matter reads its records through their scoped managers, so nothing here
    reads across the guard. Two queries per kind of matter with a limit, one without,
    whatever the number waiting (the start page pins its query count).
    """
    matters: list[Waiting] = []
    total = 0
    for kind in matter_types():
        queryset = of_agreement(kind.waiting(), agreement)
        rows = list(queryset[:limit] if limit else queryset)
        total += queryset.count() if limit else len(rows)
        matters += [Waiting(kind, row, getattr(row, kind.since)) for row in rows]
    matters.sort(key=lambda matter: (matter.since, matter.key))
    return (matters[:limit] if limit else matters), total
