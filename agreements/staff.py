"""Where a staff member works: the agreements they hold a role in, and the one they chose."""

from django.http import HttpRequest

from common import scoping

from .models import Agreement

SESSION_KEY = "admin_agreement"


def agreements_of(user):
    """Every agreement for a superuser; else those the person holds a role in."""
    if not user.is_authenticated or not user.is_staff:
        return Agreement.objects.none()
    if user.is_superuser:
        return Agreement.objects.all()
    return Agreement.objects.filter(roles__user=user).distinct()


def active_agreement(request: HttpRequest) -> Agreement | None:
    """The agreement chosen in the admin's switcher, else the person's first; None for a
    superuser who has not chosen (they see every agreement)."""
    if hasattr(request, "_active_agreement"):
        return request._active_agreement
    user = request.user
    allowed = agreements_of(user)
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    agreement = allowed.filter(pk=chosen).first() if chosen else None
    if agreement is None and not user.is_superuser:
        agreement = allowed.order_by("pk").first()
    request._active_agreement = agreement
    return agreement


def admin_scope(request: HttpRequest):
    """What the guard lets an admin request see (see common.scoping)."""
    user = request.user
    if not user.is_authenticated or not user.is_staff:
        return None
    agreement = active_agreement(request)
    if agreement is not None:
        return agreement
    return scoping.ALL if user.is_superuser else frozenset()
