"""allauth's account adapter and sign-in form with the portal's own wording and ways.

Nobody signs up on their own: an account comes with an application (the contact person),
a handover or the process leader (staff). allauth's sign-up page says so and where to go.

A newcomer who follows a link (a question between meetings, the follow-up form) before they
have a password keeps that link: the sign-in form's "forgot your password" carries `next`, the
reset email's link carries it on, and the reset signs them in (ACCOUNT_LOGIN_ON_PASSWORD_RESET)
and sends them there.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm
from allauth.account.utils import get_next_redirect_url
from allauth.account.views import PasswordResetView
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


def _with_next(url: str, request) -> str:
    next_url = get_next_redirect_url(request) if request is not None else None
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "You have tried to sign in too many times in a short while. For your account's "
            "safety, please wait a few minutes and try again. If you have forgotten your "
            "password, you can choose a new one with “Forgot your password?”."
        ),
    }

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _with_next(super().get_reset_password_from_key_url(key), self.request)


class PortalLoginForm(LoginForm):
    """allauth's sign-in form; its password link also serves a first sign-in, keeping `next`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].help_text = format_html(
                '<a href="{}">{}</a>',
                _with_next(reverse("account_reset_password"), self.request),
                _("Forgot your password, or signing in for the first time?"),
            )


class PasswordResetKeepingNext(PasswordResetView):
    """allauth's "forgot your password" page. allauth sends a person with `next` straight on
    to it after the email is sent, where the sign-in page waits again and "check your email"
    is never said; this shows that page and keeps `next` for the link in the email."""

    def get_success_url(self) -> str:
        return self.passthrough_next_url(reverse("account_reset_password_done"))
