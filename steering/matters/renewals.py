"""A party that did not confirm its continued participation when a new version of the
agreement began a new period: nobody is removed without the steering group's decision.
It remains a party, or its withdrawal is registered."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parties import services as party_services
from parties.models import RenewalRequest
from parties.services import renewal
from steering.matters.applications import organisation_facts
from steering.matters.base import Matter, register
from steering.models import DecisionKind, Outcome


@register
class RenewalMatter(Matter):
    model = RenewalRequest
    label = gettext_lazy("Continued participation not confirmed")
    since = "asked_at"
    waiting_filter = "?vantar=yes"
    choice_label = gettext_lazy("Proposed decision on parties that did not confirm")
    proposal_field = "renewal_proposal"
    order = 25
    outcomes = (
        Outcome(
            "keep",
            "renewal_kept",
            label=gettext_lazy("Remains a party without confirming"),
            proposal=gettext_lazy("Proposal: the organisation remains a party"),
            choice=gettext_lazy("Remains a party"),
            result=RenewalRequest.Status.KEPT.value,
            reference=gettext_lazy("Decided by the steering group"),
        ),
        Outcome(
            "withdraw",
            DecisionKind.WITHDRAWAL_REGISTERED,
            proposal=gettext_lazy("Proposal: register that the organisation has left"),
            choice=gettext_lazy("Register its withdrawal"),
            reference=gettext_lazy("Registered by the steering group"),
            needs_reason=True,
        ),
    )

    def waiting(self):
        return (
            RenewalRequest.objects.awaiting_decision()
            .select_related("membership__organisation", "version")
            .order_by(self.since, "pk")
        )

    def name_of(self, record) -> str:
        return record.organisation.name

    def decision_text(self, record, outcome) -> str:
        values = {"name": record.organisation.name, "number": record.version.number}
        if outcome.verb == "keep":
            return (
                _(
                    "%(name)s remains a party under version %(number)s of the agreement, "
                    "although it did not confirm its continued participation."
                )
                % values
            )
        return (
            _(
                "%(name)s did not confirm its participation under version %(number)s of the "
                "agreement; its withdrawal is registered."
            )
            % values
        )

    def describe(self, record, brief) -> None:
        brief.facts = organisation_facts(record.organisation) + [
            (_("Asked to confirm by"), record.deadline.isoformat())
        ]

    def apply(self, record, outcome, *, decision, by, reason) -> None:
        renewal.keep_party(record, by=by, reason=reason or decision.reference)

    def carry_out(self, record, outcome, *, citation, by, reason) -> None:
        if outcome.verb == "keep":
            super().carry_out(record, outcome, citation=citation, by=by, reason=reason)
            return
        # The parties app's service registers the withdrawal and records the paragraph
        # through its decision hook; the notice answers the renewal request.
        question = citation.get("question")
        party_services.register_written_withdrawal(
            record.membership,
            # Between meetings the answers decide; the notice is recorded in the name of
            # whoever put the question.
            by=by or (question.put_by if question else None),
            given_by_name=str(_("The steering group")),
            reason=reason,
            notice_date=timezone.localdate(),
            citation=citation,
        )
