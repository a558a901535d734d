"""What the action plan registers on the portal's hooks (see `common.hooks`)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from actionplan import mine_section, sections
from actionplan.models import Activity, ActivityUpdate, AnnualPlan, Status
from audit.labels import Statuses
from common import hooks


def _status_and_progress(code: str) -> str | None:
    # A step on an activity's timeline records its status and progress as one code: "done 100".
    status, _space, progress = code.partition(" ")
    if status not in Status.values:
        return None
    if not progress.isdigit():
        return str(Status(status).label)
    return _("%(status)s (%(progress)s %%)") % {
        "status": Status(status).label,
        "progress": progress,
    }


@hooks.register("status_labels")
def statuses() -> list[Statuses]:
    return [
        Statuses(
            Activity,
            "status",
            steps={
                "created": pgettext_lazy("audit trail", "Created"),
                "carried_over": pgettext_lazy("audit trail", "Carried over from last year's plan"),
            },
            compose=_status_and_progress,
        ),
        Statuses(ActivityUpdate, "status"),
        Statuses(AnnualPlan, steps={"created": pgettext_lazy("audit trail", "Created")}),
    ]


# The activities a party takes part in: on its page in the register and on /min-organisation/.
hooks.register("mine_sections", mine_section.activities_section)
hooks.register("organisation_sections", sections.party_activities)
