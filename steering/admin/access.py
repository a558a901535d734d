"""Who may do what in the steering group's admin, beyond the model permissions."""

from django.http import HttpRequest

from agreements.models import Agreement
from common.roles import PROCESS_LEADER, STEERING_GROUP
from steering.models import Role, Seat


def in_group(user, *names: str) -> bool:
    """Whether `user` is in one of the groups; the answer is kept on the user for the request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_steering_groups"):
        user._steering_groups = set(user.groups.values_list("name", flat=True))
    return bool(user._steering_groups & set(names))


def is_process_leader(user) -> bool:
    return user.is_authenticated and (user.is_superuser or in_group(user, PROCESS_LEADER))


def works_in_steering_group(user) -> bool:
    """Steering members, the process leader and administrators: those the start page serves."""
    return user.is_authenticated and (
        user.is_superuser or in_group(user, STEERING_GROUP, PROCESS_LEADER)
    )


def holds_the_chair(user, agreement: Agreement | None) -> bool:
    if agreement is None or not user.is_authenticated:
        return False
    return (
        Seat.objects.for_agreement(agreement).current().filter(role=Role.CHAIR, user=user).exists()
    )


def may_put_questions(request: HttpRequest) -> bool:
    """The process leader, or the chair, puts waiting matters to the voting members.

    Asked several times a request (the app list, the start page's panel): answered once.
    """
    if not hasattr(request, "_steering_may_put"):
        request._steering_may_put = _may_put_questions(request)
    return request._steering_may_put


def _may_put_questions(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_active or not user.is_staff:
        return False
    if is_process_leader(user):
        return True
    return user.has_perm("steering.add_percapsulamquestion") and holds_the_chair(
        user, Agreement.objects.current()
    )
