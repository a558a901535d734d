"""What the steering app registers on the portal's hooks (see `common.hooks`)."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from audit.labels import Statuses
from common import hooks
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
