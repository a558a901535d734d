"""Revision proposals: the public list of checked ones, and a party's proposal form.

The public pages name the party that proposed (or “the process leader”), never the person
who submitted the proposal: `revisions.public_proposals` does not even load that user.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from actionplan.services import parties_user_speaks_for
from agreements.pages import published_agreement
from followup import revisions, services
from followup.forms_proposals import ProposalForm
from followup.models import RevisionProposal
from parties.models import Organisation


def decorate(proposals) -> list[RevisionProposal]:
    """The proposals with what the templates show about their decision: `citation` and,
    when the meeting's minutes are public, `decision_url`."""
    found = list(proposals)
    for proposal in found:
        proposal.citation = ""
        proposal.decision_url = ""
        decision = proposal.decision if proposal.status in RevisionProposal.DECIDED else None
        if decision is not None:
            proposal.citation = revisions.citation(decision)
            if decision.meeting is not None and decision.meeting.minutes_are_public:
                proposal.decision_url = decision.meeting.get_absolute_url()
    return found


@dataclass
class StatusGroup:
    status: str
    label: str
    proposals: list[RevisionProposal] = field(default_factory=list)


def group_by_status(proposals: list[RevisionProposal]) -> list[StatusGroup]:
    groups = {
        status: StatusGroup(status.value, str(status.label)) for status in revisions.STATUS_ORDER
    }
    for proposal in proposals:
        groups[proposal.status].proposals.append(proposal)
    return [group for group in groups.values() if group.proposals]


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    agreement = published_agreement(request)
    if agreement is None:
        raise Http404("No agreement in force")
    proposals = decorate(revisions.public_proposals(agreement).order_by("-created_at", "-pk"))
    return render(
        request,
        "followup/proposals.html",
        {
            "agreement": agreement,
            "groups": group_by_status(proposals),
            "count": len(proposals),
        },
    )


@login_required
def propose(request: HttpRequest) -> HttpResponse:
    parties = parties_user_speaks_for(request.user)
    if not parties:
        # Not a party's contact: the parties app explains what the account can do.
        return redirect("parties:mine")
    agreement = published_agreement(request)
    if agreement is None:
        raise Http404("No agreement in force")
    # One account speaks for one party at most (a constraint on parties.ContactPerson).
    party = Organisation.objects.get(pk=parties[0])
    form = ProposalForm(request.POST if request.method == "POST" else None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            revisions.propose(
                agreement,
                part=data["part"],
                principle=data.get("principle"),
                section=data.get("section", ""),
                proposed_wording=data["proposed_wording"],
                rationale=data["rationale"],
                organisation=party,
                by=request.user,
            )
        except services.FollowUpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Thank you: your proposal has been received. It is published once the "
                    "process leader has checked it."
                ),
            )
            return redirect("followup:propose")
    own = decorate(
        revisions.with_relations(RevisionProposal.objects.filter(organisation=party)).order_by(
            "-created_at", "-pk"
        )
    )
    return render(
        request,
        "followup/propose.html",
        {"agreement": agreement, "party": party, "form": form, "own_proposals": own},
        # A form sent back with errors is a bad request (STYLE: "a 400 with a message").
        status=400 if form.errors else 200,
    )
