"""How long a signed-in session lasts.

Staff (steering-group members, process leaders, administrators) decide and read personal
data: their sessions end 12 hours after signing in, whatever they do, and after 30 minutes
without a page of their own (STAFF_SESSION_MAX_AGE, STAFF_SESSION_IDLE_TIMEOUT). Contact
persons keep allauth's choice: "Kom ihåg mig" keeps them signed in for SESSION_COOKIE_AGE,
otherwise until the browser closes.

The limits are held on the server (times in the session, checked on every request) and in
the cookie (its max-age never reaches past them), so neither a kept cookie nor a kept
session row outlives them.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

SIGNED_IN_AT = "samverkan_signed_in_at"
LAST_SEEN = "samverkan_last_seen"
# Activity is written to the session at most this often, so that not every request saves it.
TOUCH_EVERY = 60


def limited(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


def _now() -> float:
    return timezone.now().timestamp()


def _is_background(request) -> bool:
    # A script's fetch (the report page polling its status) is not the person at work.
    return request.headers.get("Sec-Fetch-Dest") == "empty"


def expired_because(session, now: float) -> str | None:
    """Why a staff session has ended ("max_age" or "idle"), or None while it holds."""
    signed_in = session.get(SIGNED_IN_AT)
    if signed_in is None or now - signed_in >= settings.STAFF_SESSION_MAX_AGE:
        # A session from before these limits has no sign-in time: it ends too.
        return "max_age"
    if now - session.get(LAST_SEEN, signed_in) >= settings.STAFF_SESSION_IDLE_TIMEOUT:
        return "idle"
    return None


def touch(session, now: float) -> None:
    """Record activity and let the cookie live no longer than either limit allows."""
    session[LAST_SEEN] = now
    left = settings.STAFF_SESSION_MAX_AGE - (now - session[SIGNED_IN_AT])
    session.set_expiry(max(1, int(min(settings.STAFF_SESSION_IDLE_TIMEOUT, left))))


class StaffSessionLimitMiddleware:
    """Sign staff out at the limits and send them to sign in again, back to the same page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if limited(user):
            now = _now()
            reason = expired_because(request.session, now)
            if reason is not None:
                return self._sign_out(request, reason)
            last_seen = request.session.get(LAST_SEEN)
            if not _is_background(request) and (
                last_seen is None or now - last_seen >= TOUCH_EVERY
            ):
                touch(request.session, now)
        response = self.get_response(request)
        # Signing in happens inside a view, where allauth may set the cookie's lifetime from
        # "Kom ihåg mig" after the sign-in itself: for staff the limits above win.
        user = getattr(request, "user", None)
        if limited(user) and SIGNED_IN_AT in request.session and not _cookie_limited(request):
            touch(request.session, _now())
        return response

    def _sign_out(self, request, reason: str):
        next_url = request.get_full_path()
        logout(request)
        if reason == "idle":
            minutes = settings.STAFF_SESSION_IDLE_TIMEOUT // 60
            text = _(
                "You were signed out because you had not been active for %(minutes)s minutes. "
                "Sign in again to continue."
            ) % {"minutes": minutes}
        else:
            hours = settings.STAFF_SESSION_MAX_AGE // 3600
            text = _(
                "You were signed out because staff sign in again every %(hours)s hours. "
                "Sign in again to continue."
            ) % {"hours": hours}
        messages.info(request, text)
        return redirect_to_login(next_url)


def _cookie_limited(request) -> bool:
    expiry = request.session.get("_session_expiry")
    return isinstance(expiry, int) and 0 < expiry <= settings.STAFF_SESSION_IDLE_TIMEOUT


@receiver(user_logged_in, dispatch_uid="samverkan_session_signed_in_at")
def remember_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = _now()
        request.session[SIGNED_IN_AT] = now
        if limited(user):
            touch(request.session, now)
        else:
            request.session.pop(LAST_SEEN, None)
