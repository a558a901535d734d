"""The seeded demo world, built once per module, for the permission matrix and the privacy sweep.

Everything is made inside one transaction that is rolled back when the module ends, so the
rows never leak into other modules' tests; each test runs in a savepoint of its own inside it.
"""

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from parties.models import Membership
from tests.conftest import _create_reference_data, _make_user
from tests.demo_host import serve_demo_here

# The smallest file a PDF reader opens: enough for the download views, which only stream it.
SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed_demo(*, render_report: bool) -> None:
    """The demo with its logins; without rendering its annual report unless asked (WeasyPrint
    takes seconds, and only the privacy sweep reads the report's text)."""
    with contextlib.ExitStack() as stack:
        quiet = stack.enter_context(open("/dev/null", "w"))
        stack.enter_context(override_settings(DEBUG=True))
        if not render_report:
            stack.enter_context(mock.patch("followup.demo.seed_report"))
        call_command("seed_demo", stdout=quiet)
        serve_demo_here()


@dataclass
class World:
    """The rows the URLs are filled with and the personas that fetch them."""

    media_root: Path
    users: dict = field(default_factory=dict)  # persona name -> user (None for public)
    objects: dict = field(default_factory=dict)


def make_report(agreement, year: int, *, published: bool):
    from django.utils import timezone

    from followup.models import AnnualReport

    version = AnnualReport.objects.filter(agreement=agreement, year=year).count() + 1
    report = AnnualReport(
        agreement=agreement,
        year=year,
        version=version,
        status=AnnualReport.Status.READY,
        progress=100,
        pages=1,
        size=len(SMALL_PDF),
    )
    report.file.save(report.filename(), ContentFile(SMALL_PDF), save=False)
    if published:
        report.published_at = timezone.now()
    report.save()
    return report


def build_world(media_root: Path) -> World:
    """The demo, plus: a second contact with an account, an applicant whose application
    waits, an administrator, an open invitation to take over as contact, and two reports."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q
    from django.utils import timezone

    from actionplan.models import Activity
    from agreements.models import Agreement, Principle
    from followup import services as followup
    from followup.models import Conference, RevisionProposal
    from parties.models import (
        Application,
        ChangeRequest,
        ContactInvitation,
        ContactPerson,
        RenewalRequest,
        Withdrawal,
    )
    from steering.models import Meeting, MotionAttachment, PerCapsulamQuestion

    seed_demo(render_report=False)
    User = get_user_model()
    agreement = Agreement.objects.current()
    world = World(media_root=media_root)

    contact_a = User.objects.get(username="kontakt@exempel.se")
    party_a = ContactPerson.objects.current().get(user=contact_a).organisation
    # Party B leads an activity of the current annual plan that party A has no part in.
    activity_b = (
        Activity.objects.filter(lead_party__memberships__status=Membership.Status.ACTIVE)
        .exclude(Q(lead_party=party_a) | Q(responsible=party_a))
        .order_by("-annual_plan__year", "pk")
        .first()
    )
    party_b = activity_b.lead_party
    contact_b = _make_user("kontakt-b@exempel.se")
    ContactPerson.objects.current().filter(organisation=party_b).update(user=contact_b)
    activity_a = (
        Activity.objects.filter(Q(lead_party=party_a) | Q(responsible=party_a))
        .order_by("-annual_plan__year", "pk")
        .first()
    )
    if activity_a is None:
        activity_a = (
            Activity.objects.exclude(pk=activity_b.pk).order_by("-annual_plan__year", "pk").first()
        )
        activity_a.lead_party = party_a
        activity_a.save(update_fields=["lead_party"])

    applicant = _make_user("sokande@exempel.se")
    application = Application.objects.filter(
        status=Application.Status.PENDING, membership__agreement=agreement
    ).first()
    ContactPerson.objects.filter(pk=application.contact_id).update(user=applicant)

    admin = _make_user("admin@exempel.se", superuser=True)
    world.users = {
        "public": None,
        "applicant": applicant,
        "contact_a": contact_a,
        "contact_b": contact_b,
        "steering_member": User.objects.get(username="styrgrupp@exempel.se"),
        "process_leader": User.objects.get(username="processledare@exempel.se"),
        "admin": admin,
    }

    open_round = followup.latest_round(agreement)
    assert open_round.is_open, "the demo's newest follow-up round is open"
    response_a = followup.response_for(open_round, party_a)
    response_b = followup.response_for(open_round, party_b)
    # Party B has asked to change its name and given notice of withdrawal: both wait for
    # the steering group, and both are B's data that A's contact must never reach.
    change_request = ChangeRequest.objects.create(
        organisation=party_b,
        agreement=agreement,
        current_name=party_b.name,
        current_org_number=party_b.org_number,
        new_name=f"{party_b.name} (nytt namn)",
        new_org_number=party_b.org_number,
        requested_by=contact_b,
    )
    withdrawal = Withdrawal.objects.create(
        membership=party_b.memberships.get(),
        notice_date=timezone.localdate(),
        reason="Föreningen läggs ned.",
        given_by=contact_b,
        given_by_name="Kontakt B",
    )
    # Party B was asked to confirm its participation in the version in force.
    renewal_request = RenewalRequest.objects.create(
        membership=party_b.memberships.get(),
        version=agreement.in_force,
        deadline=timezone.localdate(),
    )
    invitation = ContactInvitation.objects.create(
        organisation=party_a, email="ny-kontakt@exempel.se", invited_by=contact_a
    )
    # The demo generates and publishes the closed round's report; a newer draft waits.
    from followup.models import AnnualReport

    published = AnnualReport.objects.published().filter(agreement=agreement).first()
    if published is None:
        published = make_report(agreement, open_round.year - 1, published=True)
    draft = make_report(agreement, published.year, published=False)

    meetings = Meeting.objects.filter(agreement=agreement)
    world.objects = {
        "agreement": agreement,
        "principle": Principle.objects.filter(version=agreement.in_force).order_by("pk").first(),
        "party_a": party_a,
        "party_b": party_b,
        "membership_b": party_b.memberships.get(),
        "activity_a": activity_a,
        "activity_b": activity_b,
        "application": application,
        "invitation": invitation,
        "change_request": change_request,
        "withdrawal": withdrawal,
        "renewal_request": renewal_request,
        "round": open_round,
        "response_a": response_a,
        "response_b": response_b,
        "published_meeting": meetings.published().order_by("starts_at").first(),
        "upcoming_meeting": meetings.filter(starts_at__gt=timezone.now()).first(),
        "question": PerCapsulamQuestion.objects.filter(agreement=agreement).first(),
        "motion_attachment": MotionAttachment.objects.order_by("pk").first(),
        "conference": Conference.objects.filter(agreement=agreement).order_by("-starts_at").first(),
        "proposal": RevisionProposal.objects.order_by("pk").first(),
        "published_report": published,
        "draft_report": draft,
    }
    missing = [name for name, value in world.objects.items() if value is None]
    assert not missing, f"the seeded world lacks {missing}"
    return world


@pytest.fixture(scope="module")
def seeded_world(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("security-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        with transaction.atomic():
            _create_reference_data()
            world = build_world(media_root)
            yield world
            transaction.set_rollback(True)


@pytest.fixture
def world(seeded_world, db, settings):
    """The module's world inside this test's own savepoint, its files where they were saved."""
    settings.MEDIA_ROOT = seeded_world.media_root
    return seeded_world


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo exactly as `seed_demo` loads it, its annual report rendered and published;
    returns the folder its files are in."""
    media_root = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        with transaction.atomic():
            _create_reference_data()
            seed_demo(render_report=True)
            yield media_root
            transaction.set_rollback(True)


@pytest.fixture
def demo(seeded_demo, db, settings):
    settings.MEDIA_ROOT = seeded_demo
    return seeded_demo
