"""The response rate of a follow-up round: submitted ÷ invited parties, and who is missing."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from agreements.models import Sector
from followup.models import FollowUpRound, Response


@dataclass
class Rate:
    label: str
    invited: int = 0
    submitted: int = 0
    drafts: int = 0

    @property
    def percent(self) -> float | None:
        """Submitted ÷ invited, in per cent, one decimal; None when nobody was invited."""
        if not self.invited:
            return None
        return round(100 * self.submitted / self.invited, 1)

    @property
    def not_started(self) -> int:
        return self.invited - self.submitted - self.drafts


@dataclass
class ResponseRates:
    overall: Rate
    by_sector: list[Rate] = field(default_factory=list)
    by_municipality: list[Rate] = field(default_factory=list)


def _counts(responses, by: str) -> list[dict]:
    submitted = Q(status=Response.Status.SUBMITTED)
    return list(
        responses.values(by)
        .annotate(
            invited=Count("pk"),
            submitted=Count("pk", filter=submitted),
            drafts=Count("pk", filter=Q(status=Response.Status.DRAFT)),
        )
        .order_by(by)
    )


def response_rates(round: FollowUpRound) -> ResponseRates:
    """Submitted ÷ invited parties, overall, per sector and per municipality; drafts apart.

    Invited: every party asked to answer the round that is still a party, and those that
    submitted before they left. Three queries.
    """
    responses = round.responses.counted()
    sectors = dict(Sector.choices)
    by_sector = [
        Rate(
            label=str(sectors.get(row["organisation__sector"], row["organisation__sector"])),
            invited=row["invited"],
            submitted=row["submitted"],
            drafts=row["drafts"],
        )
        for row in _counts(responses, "organisation__sector")
    ]
    by_municipality = [
        Rate(
            label=row["organisation__municipality__name"],
            invited=row["invited"],
            submitted=row["submitted"],
            drafts=row["drafts"],
        )
        for row in _counts(responses, "organisation__municipality__name")
    ]
    overall = Rate(
        label=_("All parties"),
        invited=sum(rate.invited for rate in by_sector),
        submitted=sum(rate.submitted for rate in by_sector),
        drafts=sum(rate.drafts for rate in by_sector),
    )
    return ResponseRates(overall=overall, by_sector=by_sector, by_municipality=by_municipality)


def not_submitted(round: FollowUpRound):
    """The parties that have not submitted yet, with their response's state."""
    return (
        round.responses.counted()
        .exclude(status=Response.Status.SUBMITTED)
        .select_related("organisation", "organisation__municipality")
        .order_by("organisation__name", "pk")
    )
