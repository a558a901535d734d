"""The steering group adopts a draft of the agreement's next version: a numbered decision
(a § of a held meeting, or between meetings) that cites the version, and the version
becomes adopted; on its start date it comes into force (`agreements.revision`).

What else follows an adoption (the parties confirming a new period, where the version
says so) registers on the `version_adopted` hook and runs in the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.models import Version
from audit import trail
from common import hooks
from steering.decisions import record_decision
from steering.errors import SteeringError
from steering.models import Decision, Meeting, PerCapsulamQuestion

HOOK = "version_adopted"
# The kind of decision (declared by `steering.matters.versions.VersionMatter`).
KIND = "version_adopted"


def adoption_text(version: Version) -> str:
    """The decision's text, citing the version, for the minutes."""
    return _(
        "The steering group adopts version %(number)s of the agreement, “%(title)s”, valid "
        "from %(valid_from)s to %(valid_until)s."
    ) % {
        "number": version.number,
        "title": version.title,
        "valid_from": date_format(version.valid_from, "j F Y"),
        "valid_until": date_format(version.valid_until, "j F Y"),
    }


@transaction.atomic
def adopt_version(
    version: Version,
    *,
    meeting: Meeting | None = None,
    question: PerCapsulamQuestion | None = None,
    by,
    on: datetime.date | None = None,
    number: int | None = None,
) -> Decision:
    """Record the steering group's decision to adopt the draft `version`, at `meeting` (a
    held meeting whose minutes are not yet published) or by `question` between meetings.

    The version becomes adopted on the decision's date; the `version_adopted` hook's
    functions are called with version=, decision=, by= before the transaction ends.
    """
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.status != Version.Status.DRAFT:
        raise SteeringError(
            _("Version %(number)s is not a draft: it is %(status)s.")
            % {"number": version.number, "status": version.get_status_display().lower()}
        )
    version.status = Version.Status.ADOPTED
    try:
        # A draft with a rule the model refuses is not adopted; the process leader fixes it.
        version.full_clean(exclude=["adopted_on"])
    except ValidationError as error:
        raise SteeringError(" ".join(error.messages)) from None
    decision = record_decision(
        kind=KIND,
        text=adoption_text(version),
        meeting=meeting,
        question=question,
        number=number,
        matter=version,
        by=by,
        decided_on=on,
    )
    version.adopted_on = decision.decided_on
    version.save(update_fields=["status", "adopted_on", "updated_at"])
    trail.record(
        version,
        Version.Status.DRAFT,
        version.status,
        owner=version,
        actor=by,
        reason=decision.reference,
    )
    for function in hooks.get_hooks(HOOK):
        function(version=version, decision=decision, by=by)
    return decision


def meetings_for_adoption(version: Version):
    """The meetings that can take the decision now: held, minutes not yet published."""
    return (
        Meeting.objects.taking_decisions()
        .filter(agreement_id=version.agreement_id)
        .order_by("-starts_at")
    )
