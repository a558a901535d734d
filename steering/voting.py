"""Who answers the questions put between meetings (per capsulam), and how the answers count.

Read by the services that put and settle questions, by the emails and reminders sent to
the voting members, and by the pages that show a question.
"""

import datetime

from django.utils import timezone

from steering.models import PerCapsulamAnswer, PerCapsulamQuestion, Seat


def voting_seats(agreement, on: datetime.date | None = None):
    """The members who answer questions put between meetings: ordinary seats with an account."""
    on = on or timezone.localdate()
    return (
        Seat.objects.for_agreement(agreement)
        .on(on)
        .voting()
        .filter(user__isnull=False)
        .select_related("user", "organisation")
    )


def voting_seat_of(user, agreement) -> Seat | None:
    if not user.is_authenticated:
        return None
    return voting_seats(agreement).filter(user=user).first()


def tally(question: PerCapsulamQuestion) -> dict:
    """The answers of those who may vote now, counted."""
    seats = {seat.pk for seat in voting_seats(question.agreement)}
    answers = [a for a in question.answers.all() if a.seat_id in seats]
    counts = {value: 0 for value in PerCapsulamAnswer.Answer.values}
    for given in answers:
        counts[given.answer] += 1
    return {"voters": len(seats), "answered": len(answers), **counts}
