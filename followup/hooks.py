"""What the follow-up registers on the portal's hooks (see `common.hooks`)."""

from django.utils.translation import pgettext_lazy

from audit.labels import Statuses
from common import hooks
from followup import home, home_reports, mine_section, personal_data, receivers
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


hooks.register("mine_sections", mine_section.followup_section)
hooks.register("home_extras", home.next_conference)
hooks.register("home_extras", home_reports.latest_report)
hooks.register("personal_data", personal_data.sections)
# A party's new current contact person is invited to the open rounds.
hooks.register("contact_person_saved", receivers.contact_saved)
