"""What the follow-up registers on the portal's hooks (see `common.hooks`)."""

from django.utils.translation import pgettext_lazy

from audit.labels import Statuses
from common import hooks
from followup.models import AnnualReport, FollowUpRound, Response, RevisionProposal, RoundStatus


@hooks.register("status_labels")
def statuses() -> list[Statuses]:
    return [
        # A round's status follows from its dates; the trail records it when it changes.
        Statuses(FollowUpRound, steps=dict(RoundStatus.choices)),
        Statuses(Response, "status"),
        Statuses(RevisionProposal, "status"),
        Statuses(
            AnnualReport,
            "status",
            steps={
                "published": pgettext_lazy("audit trail report", "Published"),
                "withdrawn": pgettext_lazy("audit trail report", "Unpublished"),
            },
        ),
    ]
