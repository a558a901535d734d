"""The emails the steering app sends about one record: one builder per kind.

Reminders that repeat (with an occasion) live in `steering.reminders`; both send through
the shared outbox, so each email goes once per kind, record, recipient and occasion.
"""

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from agreements.pages import agreement_address, agreement_link
from common import outbox
from steering.briefing import brief
from steering.models import PerCapsulamQuestion
from steering.recipients import process_leader_addresses, seat_address
from steering.voting import tally, voting_seats


@dataclass
class Email:
    recipient: str
    template: str
    context: dict


def per_capsulam_question(question_id: int) -> list[Email]:
    question = PerCapsulamQuestion.objects.select_related("agreement").get(pk=question_id)
    if question.status != PerCapsulamQuestion.Status.OPEN:
        return []
    agreement = question.agreement
    url = agreement_link(agreement, "steering:answer", question.pk)
    # Lazy: the labels are translated when the email is rendered, in the portal's language.
    briefing = SimpleLazyObject(lambda: brief(question))
    admin_url = SimpleLazyObject(
        lambda: outbox.absolute(briefing.admin_path) if briefing.admin_path else ""
    )
    attachments = SimpleLazyObject(
        lambda: [
            {
                "name": attached.name,
                "url": agreement_address(agreement, attached.get_absolute_url()),
            }
            for attached in briefing.attachments
        ]
    )
    counts = tally(question)
    return [
        Email(
            address,
            "per_capsulam_question",
            {
                "agreement": agreement,
                "question": question,
                "seat": seat,
                "answer_url": url,
                "brief": briefing,
                "admin_url": admin_url,
                "counts": counts,
                "attachments": attachments,
            },
        )
        for seat in voting_seats(question.agreement)
        if (address := seat_address(seat))
    ]


def per_capsulam_outcome(question_id: int) -> list[Email]:
    """The outcome, with the decision's paragraph, to every voting member and the process
    leaders, once the question is decided or sent to the next meeting."""
    question = PerCapsulamQuestion.objects.select_related("agreement").get(pk=question_id)
    if question.status not in (
        PerCapsulamQuestion.Status.DECIDED,
        PerCapsulamQuestion.Status.TO_MEETING,
    ):
        return []
    decision = getattr(question, "decision", None)
    url = agreement_link(question.agreement, "steering:answer", question.pk)
    context = {
        "agreement": question.agreement,
        "question": question,
        "decision": decision,
        "question_url": url,
    }
    addresses = [
        address for seat in voting_seats(question.agreement) if (address := seat_address(seat))
    ] + process_leader_addresses(question.agreement_id)
    seen: set[str] = set()
    emails = []
    for address in addresses:
        if address.lower() not in seen:
            seen.add(address.lower())
            emails.append(Email(address, "per_capsulam_outcome", context))
    return emails


BUILDERS = {
    "per_capsulam_question": per_capsulam_question,
    "per_capsulam_outcome": per_capsulam_outcome,
}
RECORDS = {
    "per_capsulam_question": PerCapsulamQuestion,
    "per_capsulam_outcome": PerCapsulamQuestion,
}


def send(kind: str, object_id: int) -> int:
    record = RECORDS[kind].objects.get(pk=object_id)
    return outbox.send_each(kind, record, BUILDERS[kind](object_id), "steering/email")
