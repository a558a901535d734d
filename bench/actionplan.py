"""Time the public action plan with many activities: the page, a filtered page, an
activity's page and the open data.

    uv run python bench/actionplan.py [--activities 1000] [--runs 20]

Without DATABASE_URL the script uses a throwaway SQLite file in a temporary directory.
With DATABASE_URL (PostgreSQL) it creates a throwaway test database next to the one named
there (test_<name>) and drops it at the end, as bench/register.py does. See bench/README.md.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The same measuring and table as the register's benchmark, so the figures compare.
from bench.common import throwaway_database  # noqa: E402
from bench.register import measure, print_table  # noqa: E402

# Under the seeded agreement's prefix ({agreement}: its slug), as every agreement's pages are.
SCENARIOS = [
    ("action plan, first page", "/{agreement}/handlingsplan/"),
    ("action plan, last page", "/{agreement}/handlingsplan/?page={last_page}"),
    (
        "action plan, 3 filters",
        "/{agreement}/handlingsplan/?status=ongoing&aktivitetsomrade=kunskap&part={party}",
    ),
    ("activity page", "/{agreement}/handlingsplan/aktiviteter/{activity}/"),
    ("CSV, the year's plan", "/{agreement}/handlingsplan.csv"),
    ("JSON, the year's plan", "/{agreement}/handlingsplan.json"),
    ("Atom feed", "/{agreement}/handlingsplan/flode/"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1_000, help="activities this year")
    parser.add_argument("--parties", type=int, default=60, help="active parties to seed")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per address")
    args = parser.parse_args()

    with throwaway_database() as database:
        started = time.perf_counter()
        seeded = seed(args.activities, args.parties)
        print(
            f"{database.vendor}: seeded {args.activities} activities ({args.parties} parties) "
            f"in {time.perf_counter() - started:.1f} s; {args.runs} runs per address\n"
        )
        print_table(measure(args.runs, seeded, SCENARIOS))
    return 0


def seed(count: int, party_count: int) -> dict:
    """The demo agreement, a period plan of four development areas with three objectives
    each, this year's annual plan with `count` activities (two responsible parties, a lead,
    a perspective and two progress updates each) and last year's plan."""
    import math

    from django.utils import timezone

    from actionplan.models import (
        ActionPlan,
        Activity,
        ActivityArea,
        ActivityUpdate,
        AnnualPlan,
        DevelopmentArea,
        Objective,
        Perspective,
        Status,
    )
    from actionplan.views.public import PAGE_SIZE
    from agreements.demo import seed_agreement
    from parties.demo import org_number, seed_municipalities
    from parties.models import LegalForm, Membership, Organisation

    agreement = seed_agreement()
    municipalities = seed_municipalities()
    parties = Organisation.objects.bulk_create(
        Organisation(
            name=f"Förening {i:03d}",
            org_number=org_number(i),
            sector="civil_society",
            legal_form=LegalForm.NON_PROFIT_ASSOCIATION,
            municipality=municipalities[i % len(municipalities)],
            slug=f"bench-{i}",
        )
        for i in range(party_count)
    )
    Membership.objects.bulk_create(
        Membership(
            organisation=party,
            agreement=agreement,
            status=Membership.Status.ACTIVE,
            joined_on=datetime.date(2025, 1, 1),
        )
        for party in parties
    )
    year = timezone.localdate().year
    plan = ActionPlan.objects.create(
        agreement=agreement, title="Handlingsplan", first_year=year - 1, last_year=year + 2
    )
    objectives = []
    for a in range(4):
        area = DevelopmentArea.objects.create(plan=plan, order=a, title=f"Utvecklingsområde {a}")
        objectives += [
            Objective.objects.create(area=area, order=o, title=f"Mål {a}.{o}") for o in range(3)
        ]
    AnnualPlan.objects.create(plan=plan, year=year - 1)
    annual_plan = AnnualPlan.objects.create(plan=plan, year=year)
    areas = list(ActivityArea.objects.order_by("pk"))
    statuses = [Status.PLANNED, Status.ONGOING, Status.ONGOING, Status.DONE, Status.POSTPONED]
    activities = Activity.objects.bulk_create(
        (
            Activity(
                annual_plan=annual_plan,
                objective=objectives[i % len(objectives)],
                area=areas[i % len(areas)],
                title=f"Aktivitet {i:04d}",
                description="En påhittad aktivitet för mätningen. " * 4,
                status=statuses[i % len(statuses)],
                progress=100 if statuses[i % len(statuses)] == Status.DONE else (i * 7) % 100,
                weight=1 + i % 3,
                lead_party=parties[i % len(parties)],
                starts_on=datetime.date(year, 1 + i % 6, 1),
                ends_on=datetime.date(year, 7 + i % 6, 1),
            )
            for i in range(count)
        ),
        batch_size=500,
    )
    Through = Activity.responsible.through
    Through.objects.bulk_create(
        (
            Through(activity_id=activity.pk, organisation_id=parties[(i + k) % len(parties)].pk)
            for i, activity in enumerate(activities)
            for k in range(2)
        ),
        batch_size=2000,
    )
    perspectives = list(Perspective.objects.order_by("pk"))
    Perspectives = Activity.perspectives.through
    Perspectives.objects.bulk_create(
        (
            Perspectives(
                activity_id=activity.pk, perspective_id=perspectives[i % len(perspectives)].pk
            )
            for i, activity in enumerate(activities)
        ),
        batch_size=2000,
    )
    ActivityUpdate.objects.bulk_create(
        (
            ActivityUpdate(
                activity_id=activity.pk,
                date=datetime.date(year, 1 + (i + k) % 12, 1 + k),
                text="Vi har kommit en bit på väg.",
                status=activity.status,
                progress=activity.progress,
                by_party_id=activity.lead_party_id,
            )
            for i, activity in enumerate(activities)
            for k in range(2)
        ),
        batch_size=2000,
    )
    return {
        "agreement": agreement.slug,
        "last_page": math.ceil(count / PAGE_SIZE),
        "party": parties[0].slug,
        "activity": activities[len(activities) // 2].pk,
    }


if __name__ == "__main__":
    sys.exit(main())
