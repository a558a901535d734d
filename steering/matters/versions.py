"""Adopting a new version of the agreement: the draft the process leader prepared from the
revision proposals adopted at the conference. The adoption service (`steering.adoption`)
records the paragraph and adopts it; on its start date it comes into force."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Version
from steering import adoption
from steering.matters.base import Matter, register
from steering.models import Outcome


@register
class VersionMatter(Matter):
    model = Version  # a record of a lower app: steering reads agreements, never the reverse
    label = gettext_lazy("New version of the agreement")
    since = "updated_at"
    waiting_filter = "?status__exact=draft"
    single_note = gettext_lazy("A new version of the agreement is proposed to be adopted.")
    order = 35
    outcomes = (
        Outcome(
            "adopt",
            adoption.KIND,
            label=gettext_lazy("New version of the agreement adopted"),
            proposal=gettext_lazy("Proposal: adopt the new version of the agreement"),
            choice=gettext_lazy("Adopt"),
            result="adopted",
            reference=gettext_lazy("Adopted by the steering group"),
        ),
    )

    def waiting(self):
        return (
            Version.objects.filter(status=Version.Status.DRAFT)
            .select_related("agreement")
            .order_by(self.since, "pk")
        )

    def is_waiting(self, record) -> bool:
        return record.status == Version.Status.DRAFT

    def name_of(self, record) -> str:
        return str(record)

    def decision_text(self, record, outcome) -> str:
        return adoption.adoption_text(record)

    def describe(self, record, brief) -> None:
        brief.facts = [
            (_("Version"), str(record.number)),
            (_("Valid from"), formats.date_format(record.valid_from, "j F Y")),
            (_("Valid until"), formats.date_format(record.valid_until, "j F Y")),
        ]
        brief.description = record.introduction
        brief.description_label = _("Introduction")

    def carry_out(self, record, outcome, *, citation: dict, by, reason: str) -> None:
        # The adoption service records the paragraph itself (at the meeting or between
        # meetings), adopts the version and tells what follows (the renewal of parties).
        adoption.adopt_version(
            record,
            meeting=citation.get("meeting"),
            question=citation.get("question"),
            number=citation.get("paragraph"),
            by=by,
        )
