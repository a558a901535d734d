"""Who may do what in the steering group's admin, beyond the model permissions.

A group says what a person may do, an `AgreementRole` in which agreement (agreements.staff):
the process leader of one agreement is not the process leader of another. A superuser is
everything everywhere.
"""

from django.http import HttpRequest

from agreements import staff
from agreements.models import Agreement, AgreementRole
from common.roles import PROCESS_LEADER, STEERING_GROUP
from steering.models import Role, Seat

Kind = AgreementRole.Kind


def in_group(user, *names: str) -> bool:
    """Whether `user` is in one of the groups; the answer is kept on the user for the request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_steering_groups"):
        user._steering_groups = set(user.groups.values_list("name", flat=True))
    return bool(user._steering_groups & set(names))


def is_process_leader(user, agreement: Agreement | None) -> bool:
    """In the process leaders' group and holding that role in `agreement`."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return in_group(user, PROCESS_LEADER) and staff.holds_role(user, agreement, Kind.PROCESS_LEADER)


def works_in_steering_group(user, agreement: Agreement | None) -> bool:
    """Steering members, the process leader and administrators of `agreement`: those the
    start page serves."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or is_process_leader(user, agreement):
        return True
    return in_group(user, STEERING_GROUP) and staff.holds_role(
        user, agreement, Kind.STEERING_MEMBER
    )


def holds_the_chair(user, agreement: Agreement | None) -> bool:
    if agreement is None or not user.is_authenticated:
        return False
    return (
        Seat.objects.for_agreement(agreement).current().filter(role=Role.CHAIR, user=user).exists()
    )


def may_put_questions(request: HttpRequest) -> bool:
    """The process leader, or the chair, of the agreement the admin works in puts waiting
    matters to the voting members.

    Asked several times a request (the app list, the start page's panel): answered once.
    """
    if not hasattr(request, "_steering_may_put"):
        request._steering_may_put = _may_put_questions(request)
    return request._steering_may_put


def _may_put_questions(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_active or not user.is_staff:
        return False
    agreement = staff.working_agreement(request)
    if is_process_leader(user, agreement):
        return True
    return user.has_perm("steering.add_percapsulamquestion") and holds_the_chair(user, agreement)


def give_seat_holder_role(seat: Seat) -> None:
    """A seat with a user account makes its holder a steering-group member of the seat's
    agreement (the role says where; the group, given by the process leader, what)."""
    if seat.user_id is not None and seat.ended_on is None:
        staff.give_role(seat.user, seat.agreement, Kind.STEERING_MEMBER)
