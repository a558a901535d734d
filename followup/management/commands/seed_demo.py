"""Load the demo portal: a fictional region's agreement, the agreement of one of its
municipalities (Björkvik, followup/demo_bjorkvik.py) and one login per role per agreement.

Idempotent: every row is found by a natural key and updated in place, so
running the command twice leaves the same rows.

Every date is relative to the day the demo is first loaded (common/demo_clock.py): a
later run keeps the story in the year it was loaded in, and moves only what the demo
keeps ahead of today (the next meetings, the open round, the conference, deadlines).
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from actionplan.demo import seed_actionplan
from agreements import demo as agreement_demo
from agreements import staff
from agreements.demo import loaded_first_year, seed_agreement
from agreements.models import Agreement, AgreementRole
from common import demo_clock
from common.roles import PROCESS_LEADER, STEERING_GROUP
from followup import demo_bjorkvik
from followup.demo import seed_followup
from parties.demo import seed_parties
from steering.demo import STEERING_LOGIN, publish_checked_minutes, seed_steering

DEMO_PASSWORD = "samverkan-demo"
# Staff sign in with a second factor. The demo staff logins share this authenticator key
# (base32), printed by the command, so a developer can add it to an authenticator app.
DEMO_TOTP_SECRET = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    first_name: str
    last_name: str
    role: str  # as the printout names it
    group: str | None = None  # a staff group; None for the contact person
    agreement: str | None = None  # the slug of the one agreement a staff login works in


ROLE_KINDS = {
    PROCESS_LEADER: AgreementRole.Kind.PROCESS_LEADER,
    STEERING_GROUP: AgreementRole.Kind.STEERING_MEMBER,
}
CONTACT_LOGIN = "kontakt@exempel.se"
DEMO_LOGINS = [
    DemoLogin(
        agreement_demo.PROCESS_LEADER_LOGIN,
        "Maja",
        "Lindqvist",
        "process leader",
        PROCESS_LEADER,
        agreement_demo.SLUG,
    ),
    DemoLogin(
        STEERING_LOGIN,
        "Omar",
        "Haddad",
        "steering-group member",
        STEERING_GROUP,
        agreement_demo.SLUG,
    ),
    DemoLogin(
        demo_bjorkvik.PROCESS_LEADER_LOGIN,
        *demo_bjorkvik.PROCESS_LEADER_NAME,
        "process leader",
        PROCESS_LEADER,
        demo_bjorkvik.SLUG,
    ),
    DemoLogin(
        demo_bjorkvik.STEERING_LOGIN,
        *demo_bjorkvik.STEERING_NAME,
        "steering-group member",
        STEERING_GROUP,
        demo_bjorkvik.SLUG,
    ),
    # One account for an association party to both agreements.
    DemoLogin(CONTACT_LOGIN, "Elin", "Berg", "contact person"),
]


def seed_users() -> list[DemoLogin]:
    User = get_user_model()
    for login in DEMO_LOGINS:
        is_staff = login.group is not None
        user, created = User.objects.get_or_create(
            username=login.email,
            defaults={
                "email": login.email,
                "first_name": login.first_name,
                "last_name": login.last_name,
                "is_staff": is_staff,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if login.group:
            user.groups.add(Group.objects.get(name=login.group))
        EmailAddress.objects.get_or_create(
            user=user, email=login.email, defaults={"verified": True, "primary": True}
        )
        if is_staff and not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
    return DEMO_LOGINS


def give_demo_roles(agreement) -> None:
    """The demo's staff logins of `agreement` work there (agreements.AgreementRole), and
    only there: each login is staff of one agreement."""
    for login in DEMO_LOGINS:
        if login.agreement != agreement.slug or login.group not in ROLE_KINDS:
            continue
        user = get_user_model().objects.filter(username=login.email).first()
        if user is not None:
            staff.give_role(user, agreement, ROLE_KINDS[login.group])


def _user(email: str):
    return get_user_model().objects.filter(username=email).first()


def print_logins(stdout, logins: list[DemoLogin]) -> None:
    """The logins grouped by the agreement they work in, the contact person last."""
    stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
    hosts = dict(Agreement.objects.values_list("slug", "region_name"))
    slugs = [agreement_demo.SLUG, demo_bjorkvik.SLUG]
    for slug in slugs:
        stdout.write(f"  {hosts.get(slug, slug)} (/{slug}/):")
        for login in logins:
            if login.agreement == slug:
                stdout.write(f"    {login.role:<22} {login.email}")
    both = demo_bjorkvik.ALSO_REGIONAL[0]
    stdout.write(f"  Party to both agreements ({both}):")
    for login in logins:
        if login.agreement is None:
            stdout.write(f"    {login.role:<22} {login.email}")
    stdout.write("  Staff sign in at /admin/, contact persons at /konto/login/.")
    stdout.write(
        f"  Staff also give a code from an authenticator app with the key {DEMO_TOTP_SECRET}."
    )


class Command(BaseCommand):
    help = (
        "Load demo data for a fictional region and one of its municipalities "
        "(safe to run more than once)."
    )

    def handle(self, *args, **options):
        with transaction.atomic(), demo_clock.anchored(loaded_first_year()) as first_year:
            logins = seed_users() if settings.DEBUG else []
            # Version 1 and the draft of version 2 that the process leader started from it;
            # the steering group adopts it (seed_steering) and it comes into force.
            agreement = seed_agreement(history=True)
            # The demo's staff work in its agreement (agreements.AgreementRole).
            give_demo_roles(agreement)
            # The demo contact person speaks for one of the demo parties.
            contact_user = _user(CONTACT_LOGIN)
            seed_parties(agreement, contact_user)
            # The demo steering login holds a voting seat (when the logins exist).
            steering_user = _user(STEERING_LOGIN)
            seed_steering(agreement, steering_user)
            # The action plan's decisions are paragraphs of the steering group's meetings.
            seed_actionplan(agreement)
            # Last year's follow-up answered, this year's open (the demo contact person has
            # it to answer), the conference ahead and revision proposals decided at a meeting.
            seed_followup(agreement)
            # Last: published minutes take no more paragraphs.
            publish_checked_minutes(agreement)
            # Björkvik's agreement after the region's: several of its parties are the
            # region's, the demo contact person's association among them.
            bjorkvik = demo_bjorkvik.seed_bjorkvik(_user(demo_bjorkvik.STEERING_LOGIN))
            give_demo_roles(bjorkvik)
        loaded = ", ".join(f"{a} (/{a.slug}/)" for a in (agreement, bjorkvik))
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {loaded}"))
        if first_year != demo_clock.first_year_on(demo_clock.today()):
            self.stdout.write(
                f"The demo was first loaded for {first_year} and keeps that history; for one "
                "as of today, load it into an empty database (make clean && make run)."
            )
        if logins:
            print_logins(self.stdout, logins)
