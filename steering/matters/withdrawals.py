"""Notices of withdrawal, registered by the parties app's service."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parties import services as party_services
from parties.models import Withdrawal
from steering.matters.applications import organisation_facts
from steering.matters.base import Matter, register
from steering.models import DecisionKind, Outcome


@register
class WithdrawalMatter(Matter):
    model = Withdrawal
    label = gettext_lazy("Notice of withdrawal")
    since = "created_at"
    waiting_filter = "?registered=no"
    single_note = gettext_lazy("A notice of withdrawal is proposed to be registered.")
    order = 20
    outcomes = (
        Outcome(
            "register",
            DecisionKind.WITHDRAWAL_REGISTERED,
            proposal=gettext_lazy("Proposal: register the withdrawal"),
            choice=gettext_lazy("Register"),
            result="registered",
            reference=gettext_lazy("Registered by the steering group"),
        ),
    )

    def waiting(self):
        return (
            Withdrawal.objects.unregistered()
            .select_related("membership__organisation")
            .order_by(self.since, "pk")
        )

    def is_waiting(self, record) -> bool:
        return not record.is_registered

    def name_of(self, record) -> str:
        return record.organisation.name

    def decision_text(self, record, outcome) -> str:
        return _("The withdrawal of %(name)s from the agreement is registered.") % {
            "name": record.organisation.name
        }

    def describe(self, record, brief) -> None:
        brief.facts = organisation_facts(record.organisation) + [
            (_("Date of notice"), record.notice_date.isoformat())
        ]
        brief.description = record.reason
        brief.description_label = _("Reason given in the notice")

    def carry_out(self, record, outcome, *, citation, by, reason) -> None:
        # The service records the paragraph through the parties app's decision signal.
        party_services.register_withdrawal(record, by=by, note=reason, citation=citation)
