"""Chapter: revision proposals — the public (checked) proposals received by the year's end
and not already decided before the year began, with their status and the decision.

As on /overenskommelsen/forslag/: the party that proposed it, or “the process leader”,
never the person who submitted it (`with_relations` does not load that user).
"""

import datetime

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.models import RevisionProposal
from followup.report.chapter import Chapter, Sheet, as_of
from followup.revisions import STATUS_ORDER, citation, with_relations


def proposer(proposal: RevisionProposal) -> str:
    if proposal.organisation_id:
        return proposal.organisation.name
    return _("The process leader")


def collect(agreement, year: int, today: datetime.date | None = None) -> dict:
    zone = timezone.get_current_timezone()
    received_by = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    found = list(
        with_relations(RevisionProposal.objects.public().filter(agreement=agreement))
        .filter(created_at__lt=received_by)
        .exclude(
            Q(status__in=RevisionProposal.DECIDED)
            & Q(decision__decided_on__lt=datetime.date(year, 1, 1))
        )
        .order_by("created_at", "pk")
    )
    for proposal in found:
        proposal.proposer = proposer(proposal)
        decided = proposal.status in RevisionProposal.DECIDED and proposal.decision_id
        proposal.citation = citation(proposal.decision) if decided else ""
        proposal.received_on = timezone.localdate(proposal.created_at)
    labels = dict(RevisionProposal.Status.choices)
    per_status = [
        {
            "status": status.value,
            "label": str(labels[status]),
            "count": sum(1 for p in found if p.status == status),
        }
        for status in STATUS_ORDER
    ]
    return {
        "proposals": found,
        "per_status": per_status,
        "total": len(found),
        "as_of": as_of(year, today),
    }


def sheets(context: dict) -> list[Sheet]:
    if not context:
        return []
    return [
        Sheet(
            _("Proposals per status"),
            [_("Status"), _("Proposals")],
            [[row["label"], row["count"]] for row in context["per_status"]],
        ),
        Sheet(
            _("Revision proposals"),
            [_("Received"), _("Part"), _("Proposed by"), _("Status"), _("Decision")],
            [
                [
                    formats.date_format(p.received_on, "Y-m-d"),
                    p.part_label,
                    p.proposer,
                    str(p.get_status_display()),
                    p.citation,
                ]
                for p in context["proposals"]
            ],
        ),
    ]


CHAPTER = Chapter(
    "proposals",
    gettext_lazy("Revision proposals"),
    "followup/report/proposals.html",
    collect,
    sheets,
)
