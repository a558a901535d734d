"""Two-factor sign-in for staff: allauth's MFA, made compulsory for everyone with is_staff.

allauth asks for the second factor at sign-in whenever the account has one. What it does
not do is insist that an account has one; this middleware does, for staff: a staff member
without a TOTP authenticator is sent to set one up before any other page.

Whether the signed-in account has a second factor is remembered in the session (set when
the person signs in or adds one, cleared when they remove it), so a request costs no query.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
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
            and not request.path.startswith(OPEN_PREFIXES)
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


@receiver(authenticator_added, dispatch_uid="samverkan_second_factor_added")
def second_factor_added(sender, request, user, authenticator, **kwargs):
    if request is not None and authenticator.type != Authenticator.Type.RECOVERY_CODES:
        request.session[SESSION_KEY] = True


@receiver(authenticator_removed, dispatch_uid="samverkan_second_factor_removed")
def second_factor_removed(sender, request, user, authenticator, **kwargs):
    if request is not None:
        request.session[SESSION_KEY] = has_second_factor(user)
