"""allauth's account adapter with the portal's own wording where allauth's is curt.

Nobody signs up on their own: an account comes with an application (the contact person),
a handover or the process leader (staff). allauth's sign-up page says so and where to go.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


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
