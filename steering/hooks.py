"""What the steering app registers on the portal's hooks (see `common.hooks`)."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from audit.labels import Statuses
from common import hooks
from steering import citations, matters, sections, services
from steering import personal_data as steering_data
from steering.models import Decision, Meeting, PerCapsulamAnswer, PerCapsulamQuestion, Seat


def _seat_end(code: str) -> str | None:
    # Ending a seat that already had an end date records that date as where it came from.
    try:
        day = datetime.date.fromisoformat(code)
    except ValueError:
        return None
    return _("To end on %(date)s") % {"date": date_format(day, "DATE_FORMAT")}


@hooks.register("status_labels")
def statuses() -> list[Statuses]:
    return [
        Statuses(PerCapsulamQuestion, "status"),
        # An answer changed before the trail kept the earlier value says only that it changed.
        Statuses(
            PerCapsulamAnswer,
            "answer",
            steps={"changed": pgettext_lazy("audit trail", "Earlier answer")},
        ),
        Statuses(
            Seat,
            steps={
                "held": pgettext_lazy("audit trail", "Held"),
                "ended": pgettext_lazy("audit trail", "Ended"),
            },
            compose=_seat_end,
        ),
        Statuses(
            Meeting, steps={"minutes_published": pgettext_lazy("audit trail", "Minutes published")}
        ),
        Statuses(
            Decision,
            steps={
                "recorded": pgettext_lazy("audit trail decision", "Recorded"),
                "changed": pgettext_lazy("audit trail decision", "Changed"),
            },
        ),
    ]


# ---- the parties app's decisions and pages ----


@hooks.register("party_withdrawn")
def end_seats(*, organisation, on, by, agreement=None) -> None:
    """A party that leaves leaves its seats: ended in the withdrawal's transaction."""
    services.end_seats_of_withdrawn_party(
        organisation=organisation, on=on, by=by, agreement=agreement
    )


@hooks.register("decision_taken")
def record_decision(*, record, outcome, by, citation) -> None:
    """The numbered paragraph (or question between meetings) that decided a party's matter."""
    services.record_party_decision(record=record, outcome=outcome, by=by, citation=citation)


hooks.register("decision_references", services.references)
# Which audit entries of a party's records record a decision (from the matters registry).
hooks.register("decided_statuses", matters.decided_statuses)
hooks.register("decision_form_fields", citations.decision_form_fields)
# The party's representatives in the steering group, on its page in the register.
hooks.register("organisation_sections", sections.representatives)
hooks.register("personal_data", steering_data.sections)
