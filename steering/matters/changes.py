"""Changes of a party's name or organisation number, decided by the parties app's services."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parties import services as party_services
from parties.models import ChangeRequest
from steering.matters.base import Matter, register
from steering.models import DecisionKind, Outcome


@register
class ChangeMatter(Matter):
    model = ChangeRequest
    label = gettext_lazy("Change of name or organisation number")
    since = "requested_at"
    waiting_filter = "?status__exact=pending"
    choice_label = gettext_lazy("Proposed decision on changes of name or number")
    proposal_field = "change_proposal"
    order = 30
    outcomes = (
        Outcome(
            "approve",
            DecisionKind.CHANGE_APPROVED,
            proposal=gettext_lazy("Proposal: approve the change"),
            choice=gettext_lazy("Approve"),
            result="approved",
            reference=gettext_lazy("Approved by the steering group"),
        ),
        Outcome(
            "reject",
            DecisionKind.CHANGE_REJECTED,
            proposal=gettext_lazy("Proposal: reject the change"),
            choice=gettext_lazy("Reject"),
            result="rejected",
            reference=gettext_lazy("Rejected by the steering group"),
            needs_reason=True,
        ),
    )

    def waiting(self):
        return (
            ChangeRequest.objects.filter(status=ChangeRequest.Status.PENDING)
            .select_related("organisation")
            .order_by(self.since, "pk")
        )

    def is_waiting(self, record) -> bool:
        return record.status == ChangeRequest.Status.PENDING

    def name_of(self, record) -> str:
        return f"{record.current_name} → {record.new_name}"

    def decision_text(self, record, outcome) -> str:
        values = {"old": record.current_name, "new": record.new_name}
        if outcome.result == "approved":
            return _("The change of %(old)s to %(new)s is approved.") % values
        return _("The change of %(old)s to %(new)s is rejected.") % values

    def describe(self, record, brief) -> None:
        brief.facts = [
            (_("Current name"), record.current_name),
            (_("New name"), record.new_name),
            (_("Current organisation number"), record.current_org_number),
            (_("New organisation number"), record.new_org_number),
        ]

    def carry_out(self, record, outcome, *, citation, by, reason) -> None:
        # The service records the paragraph through the parties app's decision signal.
        decide = {
            "approve": party_services.approve_change,
            "reject": party_services.reject_change,
        }[outcome.verb]
        decide(record, by=by, reason=reason, citation=citation)
