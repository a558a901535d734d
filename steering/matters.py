"""The matters waiting for the steering group's decision, oldest first.

Applications to join, notices of withdrawal not yet registered, changes of name or
number, and questions of the steering group's own (a `Motion`) not yet decided: the start
page lists them, and the chair or the process leader puts them to the voting members
between meetings.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parties.models import Application, ChangeRequest, Withdrawal
from steering.models import Decision, Motion


@dataclass(frozen=True)
class Kind:
    model: type
    label: str
    since: str  # the field saying since when it waits
    waiting_filter: str  # the admin list's query string showing the waiting ones

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    @property
    def changelist_url(self) -> str:
        app_label = self.model._meta.app_label
        return reverse(f"admin:{app_label}_{self.name}_changelist") + self.waiting_filter

    def waiting(self):
        if self.model is Application:
            queryset = Application.objects.pending()
        elif self.model is Withdrawal:
            queryset = Withdrawal.objects.unregistered()
        elif self.model is Motion:
            decided = Decision.objects.filter(
                content_type__app_label="steering", content_type__model="motion"
            ).values("object_id")
            return Motion.objects.exclude(pk__in=decided).order_by(self.since, "pk")
        else:
            queryset = ChangeRequest.objects.filter(status=ChangeRequest.Status.PENDING)
        return queryset.select_related("organisation").order_by(self.since, "pk")


KINDS = (
    Kind(
        Application,
        _("Application to join"),
        "submitted_at",
        "?status__exact=pending",
    ),
    Kind(Withdrawal, _("Notice of withdrawal"), "created_at", "?registered=no"),
    Kind(
        ChangeRequest,
        _("Change of name or organisation number"),
        "requested_at",
        "?status__exact=pending",
    ),
    Kind(Motion, _("Question of the steering group's own"), "created_at", ""),
)


@dataclass(frozen=True)
class Matter:
    kind: Kind
    record: object
    since: datetime.datetime

    @property
    def key(self) -> str:
        return f"{self.kind.name}:{self.record.pk}"

    @property
    def name(self) -> str:
        record = self.record
        if isinstance(record, Application):
            return record.submitted_data.get("name") or record.organisation.name
        if isinstance(record, ChangeRequest):
            return f"{record.current_name} → {record.new_name}"
        if isinstance(record, Motion):
            return record.title
        return record.organisation.name

    @property
    def days_waiting(self) -> int:
        return (timezone.localdate() - timezone.localdate(self.since)).days

    @property
    def admin_url(self) -> str:
        app_label = self.kind.model._meta.app_label
        return reverse(f"admin:{app_label}_{self.kind.name}_change", args=[self.record.pk])


def waiting_matters(limit: int | None = None) -> tuple[list[Matter], int]:
    """The oldest waiting matters (at most `limit` when given) and how many wait in all.

    Two queries per kind of matter with a limit, one without, whatever the number waiting
    (the start page pins its query count).
    """
    matters: list[Matter] = []
    total = 0
    for kind in KINDS:
        queryset = kind.waiting()
        rows = list(queryset[:limit] if limit else queryset)
        total += queryset.count() if limit else len(rows)
        matters += [Matter(kind, row, getattr(row, kind.since)) for row in rows]
    matters.sort(key=lambda matter: (matter.since, matter.key))
    return (matters[:limit] if limit else matters), total
