"""Questions of the steering group's own (a `Motion`): a yes makes its text a decision."""

from django.utils.translation import gettext_lazy

from steering.matters.base import Matter, register
from steering.models import Decision, DecisionKind, Motion, Outcome


@register
class MotionMatter(Matter):
    model = Motion
    label = gettext_lazy("Question of the steering group's own")
    since = "created_at"
    order = 40
    outcomes = (
        Outcome(
            "adopt",
            DecisionKind.OTHER,
            proposal=gettext_lazy("Proposal: %(title)s"),
            proposal_filter=gettext_lazy("Proposal: a question of its own"),
        ),
    )

    def waiting(self):
        decided = Decision.objects.filter(
            content_type__app_label="steering", content_type__model="motion"
        ).values("object_id")
        return Motion.objects.exclude(pk__in=decided).order_by(self.since, "pk")

    def is_waiting(self, record) -> bool:
        return not Decision.objects.about(record).exists()

    def name_of(self, record) -> str:
        return record.title

    def decision_text(self, record, outcome) -> str:
        return record.text

    def describe(self, record, brief) -> None:
        brief.attachments = list(record.attachments.all())
