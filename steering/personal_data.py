"""The steering group's part of a person's data download (see parties.personal_data)."""

from django.db.models import Q

from parties.personal_data import addresses_of
from steering.models import PerCapsulamAnswer, Seat


def sections(user) -> dict:
    # A seat may name the person by address only, without an account.
    by_address = Q()
    for address in addresses_of(user):
        by_address |= Q(email__iexact=address)
    seats = (
        Seat.objects.filter(Q(user=user) | by_address).select_related("organisation").order_by("pk")
    )
    answers = (
        PerCapsulamAnswer.objects.filter(answered_by=user).select_related("question").order_by("pk")
    )
    return {
        "steering_group_seats": [
            {
                "name": seat.person_name,
                "title": seat.title,
                "email": seat.email,
                "phone": seat.phone,
                "organisation": seat.organisation.name if seat.organisation else "",
                "affiliation": seat.affiliation,
                "role": str(seat.get_role_display()),
                "mandate_from": seat.mandate_start,
                "mandate_until": seat.mandate_end,
                "ended_on": seat.ended_on,
            }
            for seat in seats
        ],
        "answers_between_meetings": [
            {
                "question": answer.question.title,
                "answer": str(answer.get_answer_display()),
                "comment": answer.comment,
                "answered": answer.answered_at,
                "last_changed": answer.changed_at,
            }
            for answer in answers
        ],
    }
