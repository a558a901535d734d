"""The draft of the next version, started from the proposals the conference adopted.

`agreements.revision.start_draft` copies the version in force; here the adopted proposals
are linked to the draft that takes them up (`RevisionProposal.answered_in`), in the same
transaction and with an audit record on each.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Version
from agreements.revision import RevisionError, start_draft
from audit.trail import record
from followup.models import RevisionProposal


@transaction.atomic
def draft_from_proposals(proposals, *, by) -> tuple[Version, list[RevisionProposal]]:
    """Start the draft of the next version from the selected proposals; only adopted ones,
    of one agreement, not yet taken up by a draft, are linked. Returns the draft and them."""
    chosen = list(
        RevisionProposal.objects.select_for_update(of=("self",))
        .filter(pk__in=[proposal.pk for proposal in proposals])
        .select_related("organisation")
        .order_by("pk")
    )
    adopted = [p for p in chosen if p.status == RevisionProposal.Status.ADOPTED]
    if not adopted:
        raise RevisionError(
            _("Choose proposals the steering group has adopted; none of the selected ones is.")
        )
    if len({proposal.agreement_id for proposal in adopted}) > 1:
        raise RevisionError(_("Choose proposals to revise one agreement at a time."))
    if taken := [p for p in adopted if p.answered_in_id is not None]:
        raise RevisionError(
            _("%(proposal)s is already taken up in the draft of version %(number)s.")
            % {"proposal": taken[0], "number": taken[0].answered_in.number}
        )
    draft = start_draft(adopted[0].agreement, by=by)
    for proposal in adopted:
        proposal.answered_in = draft
        proposal.save(update_fields=["answered_in"])
        record(
            proposal,
            proposal.status,
            proposal.status,
            owner=proposal.organisation if proposal.organisation_id else proposal,
            actor=by,
            reason=_("Taken up in the draft of version %(number)s") % {"number": draft.number},
        )
    return draft, adopted
