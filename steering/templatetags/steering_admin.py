"""The admin start page's "What needs me" panel for steering members and the process leader.

One query per kind of thing listed, whatever the number of rows (a test pins the count).
"""

import datetime

from django import template
from django.urls import reverse
from django.utils import timezone

from agreements import staff
from steering import rules
from steering.admin.access import may_put_questions, works_in_steering_group
from steering.matters import matter_types, waiting_matters
from steering.models import Meeting, PerCapsulamQuestion, Seat

register = template.Library()

# How many waiting matters the panel lists; the count says how many wait in all.
MATTERS_SHOWN = 10
# Mandates ending within this many days are listed.
MANDATE_WARNING_DAYS = 60


def questions_for(user, now: datetime.datetime, agreement) -> list[PerCapsulamQuestion]:
    """Open questions of `agreement` that `user`, holding a voting seat, has not answered."""
    if agreement is None:
        return []
    seats = list(
        Seat.objects.for_agreement(agreement)
        .current()
        .voting()
        .filter(user=user)
        .values_list("pk", flat=True)
    )
    if not seats:
        return []
    return list(
        PerCapsulamQuestion.objects.open()
        .filter(deadline__gte=now, agreement=agreement)
        .exclude(answers__seat__in=seats)
        .order_by("deadline", "pk")
    )


def worklist(request) -> dict:
    user = request.user
    now = timezone.now()
    today = timezone.localdate(now)
    agreement = staff.working_agreement(request)
    # The working agreement's only, as the panel's questions and meetings: also for a
    # superuser who sees every agreement in the lists.
    matters, matter_total = waiting_matters(limit=MATTERS_SHOWN, agreement=agreement)
    context = {
        "matters": matters,
        "matter_total": matter_total,
        "matter_lists": [(kind.label, kind.changelist_url) for kind in matter_types()],
        "questions": questions_for(user, now, agreement),
        "may_put": may_put_questions(request),
        "put_url": reverse("admin:steering_percapsulamquestion_add"),
        "agreement": agreement,
        "seat_list_url": reverse("admin:steering_seat_changelist"),
        "next_meeting": None,
        "problems": [],
        "ending": [],
        "unpublished": [],
    }
    if agreement is None:
        return context
    meetings = Meeting.objects.filter(agreement=agreement)
    context.update(
        next_meeting=meetings.upcoming().first(),
        problems=rules.composition_problems(agreement, on=today),
        ending=list(
            Seat.objects.for_agreement(agreement)
            .current()
            .filter(
                mandate_end__isnull=False,
                mandate_end__lte=today + datetime.timedelta(days=MANDATE_WARNING_DAYS),
            )
            .order_by("mandate_end", "person_name")
        ),
        unpublished=list(meetings.unpublished_minutes().order_by("starts_at")),
    )
    return context


@register.inclusion_tag("admin/steering/what_needs_me.html", takes_context=True)
def what_needs_me(context) -> dict:
    request = context.get("request")
    if request is None or not works_in_steering_group(
        request.user, staff.working_agreement(request)
    ):
        return {"show": False}
    return {"show": True, **worklist(request)}
