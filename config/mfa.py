"""Two-factor sign-in for staff: allauth's MFA, made compulsory for everyone with is_staff.

allauth asks for the second factor at sign-in whenever the account has one. What it does
not do is insist that an account has one; this middleware does, for staff: a staff member
without a TOTP authenticator is sent to set one up before any other page.

Whether the signed-in account has a second factor is remembered in the session (set when
the person signs in or adds one, cleared when they remove it), so a request costs no query.

The way from a link to the page it names stays straight for a newcomer: a sign-in counts as
the "confirm your password" allauth asks for before changing sign-in settings (for as long as
ACCOUNT_REAUTHENTICATION_TIMEOUT allows), and setting up the app keeps `next` through to the
recovery codes, which then offer a way on.
"""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.utils import get_next_redirect_url
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.signals import authenticator_added, authenticator_removed
from allauth.mfa.totp.views import ActivateTOTPView
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

SESSION_KEY = "samverkan_second_factor"
# What a staff member without a second factor may still reach: setting one up (and the
# account pages it passes through), signing out, and what needs no sign-in at all.
OPEN_PREFIXES = ("/konto/", "/static/", "/healthz")


def needs_second_factor(user) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


class RequireStaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and needs_second_factor(user)
            and not request.session.get(SESSION_KEY)
            and not request.path_info.startswith(OPEN_PREFIXES)
        ):
            if has_second_factor(user):
                request.session[SESSION_KEY] = True
            else:
                target = reverse("mfa_activate_totp")
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{target}?{query}")
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="samverkan_second_factor_login")
def remember_second_factor(sender, request, user, **kwargs):
    # allauth signs a person in only after their second factor, when they have one.
    if request is not None and hasattr(request, "session") and needs_second_factor(user):
        request.session[SESSION_KEY] = has_second_factor(user)


@receiver(user_logged_in, dispatch_uid="samverkan_sign_in_counts_as_confirmation")
def count_sign_in_as_confirmation(sender, request, user, **kwargs):
    """The password (and code) just typed to sign in confirm the person as well as typing the
    password again would: allauth keeps one record per step of this sign-in in the session,
    and counts those marked `reauthenticated` for ACCOUNT_REAUTHENTICATION_TIMEOUT seconds."""
    if request is None or not hasattr(request, "session"):
        return
    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    if isinstance(records, list) and records:
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {**record, "reauthenticated": True} for record in records
        ]


@receiver(authenticator_added, dispatch_uid="samverkan_second_factor_added")
def second_factor_added(sender, request, user, authenticator, **kwargs):
    if request is not None and authenticator.type != Authenticator.Type.RECOVERY_CODES:
        request.session[SESSION_KEY] = True


@receiver(authenticator_removed, dispatch_uid="samverkan_second_factor_removed")
def second_factor_removed(sender, request, user, authenticator, **kwargs):
    if request is not None:
        request.session[SESSION_KEY] = has_second_factor(user)


def _with_next(url: str, request) -> str:
    next_url = get_next_redirect_url(request)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class ActivateTOTPKeepingNext(ActivateTOTPView):
    """allauth's authenticator setup, passing `next` on to the recovery codes."""

    def get_context_data(self, **kwargs) -> dict:
        return {
            **super().get_context_data(**kwargs),
            "next_url": get_next_redirect_url(self.request),
        }

    def get_success_url(self) -> str:
        return _with_next(super().get_success_url(), self.request)


class RecoveryCodesWithAWayOn(ViewRecoveryCodesView):
    """allauth's recovery codes, with a link on to where the person was going."""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["continue_url"] = get_next_redirect_url(self.request) or reverse("mfa_index")
        return context
