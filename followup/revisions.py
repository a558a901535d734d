"""Revision proposals: received, checked and published, sent to a conference, decided by
the steering group; and how the public lists load and cite them.

Each operation runs in one transaction and writes its audit record there. The lists name
the party that proposed (or “the process leader”), never the person who submitted the
proposal: `with_relations` does not even load that user.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement
from audit.trail import record
from followup.models import Conference, ProposalPart, RevisionProposal
from followup.services import FollowUpError
from parties.models import Organisation

# The order the public page shows the groups in: what is still open first.
STATUS_ORDER = [
    RevisionProposal.Status.TO_CONFERENCE,
    RevisionProposal.Status.RECEIVED,
    RevisionProposal.Status.ADOPTED,
    RevisionProposal.Status.REJECTED,
]


def with_relations(proposals: QuerySet[RevisionProposal]) -> QuerySet[RevisionProposal]:
    """What the proposal lists show, in the same query (never the submitting user)."""
    return proposals.select_related(
        "organisation", "principle", "conference", "decision", "decision__meeting"
    )


def public_proposals(agreement: Agreement) -> QuerySet[RevisionProposal]:
    return with_relations(RevisionProposal.objects.public().filter(agreement=agreement))


def citation(decision) -> str:
    """How the lists cite the decision: “Steering group 12 March 2027, § 4”."""
    return _("Steering group %(date)s, %(paragraph)s") % {
        "date": formats.date_format(decision.decided_on, "j F Y"),
        "paragraph": decision.paragraph,
    }


@transaction.atomic
def propose(
    agreement: Agreement,
    *,
    part: str,
    proposed_wording: str,
    rationale: str,
    by,
    organisation: Organisation | None = None,
    principle=None,
    section: str = "",
) -> RevisionProposal:
    if part == ProposalPart.PRINCIPLE and principle is None:
        raise FollowUpError(_("Choose the principle the proposal is about."))
    if principle is not None and principle.version.agreement_id != agreement.pk:
        raise FollowUpError(_("Choose a principle of the agreement in force."))
    proposal = RevisionProposal.objects.create(
        agreement=agreement,
        part=part,
        principle=principle if part == ProposalPart.PRINCIPLE else None,
        section=section.strip() if part == ProposalPart.SECTION else "",
        proposed_wording=proposed_wording.strip(),
        rationale=rationale.strip(),
        organisation=organisation,
        proposed_by=by,
    )
    owner = organisation if organisation is not None else proposal
    record(proposal, "", proposal.status, owner=owner, actor=by, reason=_("Proposal received"))
    return proposal


def _locked(proposal: RevisionProposal) -> RevisionProposal:
    return RevisionProposal.objects.select_for_update().get(pk=proposal.pk)


def _owner(proposal: RevisionProposal):
    return proposal.organisation if proposal.organisation_id else proposal


@transaction.atomic
def check_proposal(proposal: RevisionProposal, *, by) -> RevisionProposal:
    """The process leader has read it: no personal data, fit to publish."""
    proposal = _locked(proposal)
    if proposal.checked_at is None:
        proposal.checked_at, proposal.checked_by = timezone.now(), by
        proposal.save(update_fields=["checked_at", "checked_by"])
        record(
            proposal,
            proposal.status,
            proposal.status,
            owner=_owner(proposal),
            actor=by,
            reason=_("Checked and published"),
        )
    return proposal


@transaction.atomic
def to_conference(
    proposal: RevisionProposal, *, by, conference: Conference | None = None
) -> RevisionProposal:
    proposal = _locked(proposal)
    if proposal.status in RevisionProposal.DECIDED:
        raise FollowUpError(_("The proposal has already been decided."))
    old = proposal.status
    proposal.status = RevisionProposal.Status.TO_CONFERENCE
    proposal.conference = conference or proposal.conference
    proposal.save(update_fields=["status", "conference"])
    record(proposal, old, proposal.status, owner=_owner(proposal), actor=by)
    return proposal


@transaction.atomic
def decide_proposal(
    proposal: RevisionProposal,
    *,
    adopted: bool,
    meeting,
    text: str,
    by,
    number: int | None = None,
) -> RevisionProposal:
    """Record the steering group's decision at `meeting` and set the proposal's status."""
    from steering import services as steering
    from steering.models import DecisionKind

    proposal = _locked(proposal)
    if proposal.status in RevisionProposal.DECIDED:
        raise FollowUpError(_("The proposal has already been decided."))
    if not text.strip():
        raise FollowUpError(_("Write the decision's wording."))
    decision = steering.record_decision(
        kind=DecisionKind.REVISION_ADOPTED if adopted else DecisionKind.REVISION_REJECTED,
        text=text.strip(),
        meeting=meeting,
        number=number,
        matter=proposal,
        by=by,
    )
    old = proposal.status
    proposal.status = (
        RevisionProposal.Status.ADOPTED if adopted else RevisionProposal.Status.REJECTED
    )
    proposal.decision = decision
    proposal.save(update_fields=["status", "decision"])
    record(proposal, old, proposal.status, owner=_owner(proposal), actor=by, reason=text.strip())
    return proposal
