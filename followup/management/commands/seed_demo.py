"""Load the demo portal: a fictional region's agreement and one login per role.

Idempotent: every row is found by a natural key and updated in place, so
running the command twice leaves the same rows.

Every date is relative to the day the demo is first loaded (common/demo_clock.py): a
later run keeps the story in the year it was loaded in, and moves only what the demo
keeps ahead of today (the next meetings, the open round, the conference, deadlines).
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from actionplan.demo import seed_actionplan
from agreements import staff
from agreements.demo import loaded_first_year, seed_agreement
from common import demo_clock
from common.roles import PROCESS_LEADER, STEERING_GROUP
from followup.demo import seed_followup
from parties.demo import seed_parties
from steering.demo import STEERING_LOGIN, publish_checked_minutes, seed_steering

DEMO_PASSWORD = "samverkan-demo"
# Staff sign in with a second factor. The demo staff logins share this authenticator key
# (base32), printed by the command, so a developer can add it to an authenticator app.
DEMO_TOTP_SECRET = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"

DEMO_USERS = [
    # (email, first name, last name, group, is staff, role shown in the printout)
    ("processledare@exempel.se", "Maja", "Lindqvist", PROCESS_LEADER, True, "process leader"),
    ("styrgrupp@exempel.se", "Omar", "Haddad", STEERING_GROUP, True, "steering-group member"),
    ("kontakt@exempel.se", "Elin", "Berg", None, False, "contact person"),
]


def seed_users() -> list[tuple[str, str]]:
    User = get_user_model()
    logins = []
    for email, first, last, group_name, is_staff, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=email,
            defaults={"email": email, "first_name": first, "last_name": last, "is_staff": is_staff},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if is_staff and not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        logins.append((role, email))
    return logins


def give_demo_roles(agreement) -> None:
    kinds = {PROCESS_LEADER: "process_leader", STEERING_GROUP: "steering_member"}
    for email, _first, _last, group_name, is_staff, _role in DEMO_USERS:
        user = get_user_model().objects.filter(username=email).first()
        if user is not None and is_staff and group_name in kinds:
            staff.give_role(user, agreement, kinds[group_name])


class Command(BaseCommand):
    help = "Load demo data for a fictional region (safe to run more than once)."

    def handle(self, *args, **options):
        with transaction.atomic(), demo_clock.anchored(loaded_first_year()) as first_year:
            logins = seed_users() if settings.DEBUG else []
            # Version 1 and the draft of version 2 that the process leader started from it;
            # the steering group adopts it (seed_steering) and it comes into force.
            agreement = seed_agreement(history=True)
            # The demo's staff work in its agreement (agreements.AgreementRole).
            give_demo_roles(agreement)
            # The demo contact person speaks for one of the demo parties.
            contact_user = get_user_model().objects.filter(username=DEMO_USERS[2][0]).first()
            seed_parties(agreement, contact_user)
            # The demo steering login holds a voting seat (when the logins exist).
            steering_user = get_user_model().objects.filter(username=STEERING_LOGIN).first()
            seed_steering(agreement, steering_user)
            # The action plan's decisions are paragraphs of the steering group's meetings.
            seed_actionplan(agreement)
            # Last year's follow-up answered, this year's open (the demo contact person has
            # it to answer), the conference ahead and revision proposals decided at a meeting.
            seed_followup(agreement)
            # Last: published minutes take no more paragraphs.
            publish_checked_minutes(agreement)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {agreement}"))
        if first_year != demo_clock.first_year_on(demo_clock.today()):
            self.stdout.write(
                f"The demo was first loaded for {first_year} and keeps that history; for one "
                "as of today, load it into an empty database (make clean && make run)."
            )
        if logins:
            self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
            for role, email in logins:
                self.stdout.write(f"  {role:<22} {email}")
            self.stdout.write("  Staff sign in at /admin/, contact persons at /konto/login/.")
            self.stdout.write(
                "  Staff also give a code from an authenticator app with the key "
                f"{DEMO_TOTP_SECRET}."
            )
