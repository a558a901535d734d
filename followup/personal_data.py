"""The follow-up's part of a person's data download (see parties.personal_data)."""

from django.db.models import Prefetch, Q

from followup.models import Answer, Response, RevisionProposal


def sections(user) -> dict:
    responses = (
        Response.objects.filter(Q(saved_by=user) | Q(submitted_by=user))
        .select_related("round", "organisation")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("question").order_by("pk"))
        )
        .order_by("pk")
    )
    proposals = RevisionProposal.objects.filter(proposed_by=user).order_by("pk")
    return {
        "follow_up_responses": [
            {
                "organisation": response.organisation.name,
                "round": str(response.round),
                "status": str(response.get_status_display()),
                "saved": response.saved_at,
                "submitted": response.submitted_at,
                "answers": [
                    {
                        "question": answer.question.text,
                        "scale": answer.scale,
                        "cannot_judge": answer.cannot_judge,
                        "yes_no": answer.yes_no,
                        "number": answer.number,
                        "text": answer.text,
                        "comment": answer.comment,
                    }
                    for answer in response.answers.all()
                ],
            }
            for response in responses
        ],
        "revision_proposals": [
            {
                "part": str(proposal.get_part_display()),
                "section": proposal.section,
                "proposed_wording": proposal.proposed_wording,
                "rationale": proposal.rationale,
                "status": str(proposal.get_status_display()),
                "received": proposal.created_at,
            }
            for proposal in proposals
        ],
    }
