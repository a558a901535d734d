"""Applications to join the agreement, decided by the parties app's services."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parties import services as party_services
from parties.models import Application
from steering.matters.base import Matter, register
from steering.models import DecisionKind, Outcome


def organisation_facts(organisation) -> list[tuple[str, str]]:
    return [
        (_("Organisation"), organisation.name),
        (_("Sector"), organisation.get_sector_display()),
        (_("Municipality"), str(organisation.municipality)),
        (_("Legal form"), organisation.get_legal_form_display()),
        (_("Organisation number"), organisation.org_number),
    ] + ([(_("Website"), organisation.website)] if organisation.website else [])


@register
class ApplicationMatter(Matter):
    model = Application
    label = gettext_lazy("Application to join")
    since = "submitted_at"
    waiting_filter = "?status__exact=pending"
    choice_label = gettext_lazy("Proposed decision on applications to join")
    order = 10
    outcomes = (
        Outcome(
            "approve",
            DecisionKind.APPLICATION_APPROVED,
            proposal=gettext_lazy("Proposal: approve the application"),
            choice=gettext_lazy("Approve"),
            result="approved",
            reference=gettext_lazy("Approved by the steering group"),
        ),
        Outcome(
            "reject",
            DecisionKind.APPLICATION_REJECTED,
            proposal=gettext_lazy("Proposal: reject the application"),
            choice=gettext_lazy("Reject"),
            result="rejected",
            reference=gettext_lazy("Rejected by the steering group"),
            needs_reason=True,
        ),
    )

    def waiting(self):
        return (
            Application.objects.pending()
            .select_related("membership__organisation")
            .order_by(self.since, "pk")
        )

    def is_waiting(self, record) -> bool:
        return record.status == Application.Status.PENDING

    def name_of(self, record) -> str:
        return record.submitted_data.get("name") or record.organisation.name

    def decision_text(self, record, outcome) -> str:
        name = {"name": self.name_of(record)}
        if outcome.result == "approved":
            return _("The application from %(name)s to join the agreement is approved.") % name
        return _("The application from %(name)s to join the agreement is rejected.") % name

    def describe(self, record, brief) -> None:
        organisation = record.organisation
        brief.facts = organisation_facts(organisation)
        brief.description = (
            record.submitted_data.get("description") or organisation.description or ""
        )
        brief.description_label = _("The organisation's own description")

    def carry_out(self, record, outcome, *, citation, by, reason) -> None:
        # The service records the paragraph through the parties app's decision signal.
        decide = {
            "approve": party_services.approve_application,
            "reject": party_services.reject_application,
        }[outcome.verb]
        decide(record, by=by, reason=reason, citation=citation)
