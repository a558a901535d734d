"""Contact persons' accounts.

An applicant's account is created without a password; the receipt email carries a
link to choose one (allauth's password reset). Following that link proves that the
person controls the address, so the address counts as verified from then on.
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.dispatch import receiver


@receiver(password_reset)
def verify_email_on_password_reset(sender, request, user, **kwargs) -> None:
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
