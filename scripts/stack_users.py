"""Create the staff accounts `scripts/stack-test.sh` signs in with (run from the project
root with the stack's environment): a steering-group member and a process leader, each
with a verified email address and, once allauth.mfa is installed, a TOTP authenticator
with the secret the journey computes its codes from.

Reads STACK_STEERING_EMAIL, STACK_LEADER_EMAIL, STACK_STAFF_PASSWORD,
STACK_STEERING_TOTP_SECRET and STACK_LEADER_TOTP_SECRET. Prints `mfa` when the
authenticators were made, `no-mfa` when allauth.mfa is not installed.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402

from common.roles import PROCESS_LEADER, STEERING_GROUP  # noqa: E402


def create_staff(email: str, first: str, last: str, group: str, password: str, totp: str | None):
    user = get_user_model().objects.create_user(
        username=email, email=email, password=password, first_name=first, last_name=last
    )
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=group))
    # The group says what the person may do; a role in the region's agreement says where.
    from agreements.models import Agreement, AgreementRole

    kind = "process_leader" if group == PROCESS_LEADER else "steering_member"
    AgreementRole.objects.create(
        agreement=Agreement.objects.get(slug="norradalen"), user=user, kind=kind
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if totp is not None:
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
        from allauth.mfa.totp.internal.auth import TOTP

        # As allauth's own setup leaves it: the authenticator app, and recovery codes.
        TOTP.activate(user, totp)
        RecoveryCodes.activate(user)
    return user


def main() -> None:
    mfa = apps.is_installed("allauth.mfa")
    env = os.environ
    with transaction.atomic():
        create_staff(
            env["STACK_STEERING_EMAIL"],
            "Sara",
            "Styrgrupp",
            STEERING_GROUP,
            env["STACK_STAFF_PASSWORD"],
            env["STACK_STEERING_TOTP_SECRET"] if mfa else None,
        )
        create_staff(
            env["STACK_LEADER_EMAIL"],
            "Per",
            "Processledare",
            PROCESS_LEADER,
            env["STACK_STAFF_PASSWORD"],
            env["STACK_LEADER_TOTP_SECRET"] if mfa else None,
        )
    print("mfa" if mfa else "no-mfa")


if __name__ == "__main__":
    main()
