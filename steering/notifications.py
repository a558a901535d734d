"""The emails the steering app sends about one record: one builder per kind.

Reminders that repeat (with an occasion) live in `steering.reminders`; both send through
the shared outbox, so each email goes once per kind, record, recipient and occasion.
"""

from dataclasses import dataclass

from django.urls import reverse

from audit import outbox
from steering.models import PerCapsulamQuestion


@dataclass
class Email:
    recipient: str
    template: str
    context: dict


def seat_address(seat) -> str:
    """Where a seat holder is reached: the seat's own address, else the account's."""
    return seat.email or (seat.user.email if seat.user_id else "")


def per_capsulam_question(question_id: int) -> list[Email]:
    from steering.services import voting_seats

    question = PerCapsulamQuestion.objects.select_related("agreement").get(pk=question_id)
    if question.status != PerCapsulamQuestion.Status.OPEN:
        return []
    url = outbox.absolute(reverse("steering:answer", args=[question.pk]))
    return [
        Email(
            address,
            "per_capsulam_question",
            {"question": question, "seat": seat, "answer_url": url},
        )
        for seat in voting_seats(question.agreement)
        if (address := seat_address(seat))
    ]


BUILDERS = {"per_capsulam_question": per_capsulam_question}
RECORDS = {"per_capsulam_question": PerCapsulamQuestion}


def send(kind: str, object_id: int) -> int:
    record = RECORDS[kind].objects.get(pk=object_id)
    return outbox.send_each(kind, record, BUILDERS[kind](object_id), "steering/email")
