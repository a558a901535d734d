"""Time the public register with many parties: the page, a filtered page and the open data.

    uv run python bench/register.py [--parties 10000] [--runs 20]

Without DATABASE_URL the script uses a throwaway SQLite file in a temporary directory.
With DATABASE_URL (PostgreSQL) it creates a throwaway test database next to the one named
there (as the test runner does: test_<name>) and drops it at the end; the database in
DATABASE_URL itself is never written to. See bench/README.md.
"""

import argparse
import datetime
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import throwaway_database  # noqa: E402

# Under the seeded agreement's prefix ({agreement}: its slug), as every agreement's pages are.
SCENARIOS = [
    ("register, first page", "/{agreement}/undertecknare/"),
    ("register, last page", "/{agreement}/undertecknare/?page={last_page}"),
    (
        "register, four filters",
        "/{agreement}/undertecknare/"
        "?sektor=civil_society&kommun=bjorkvik&omrade=kultur&ar=2025&page=2",
    ),
    ("register, name search", "/{agreement}/undertecknare/?q=f%C3%B6rening+01"),
    ("organisation page", "/{agreement}/undertecknare/{slug}/"),
    ("CSV, all parties", "/{agreement}/undertecknare.csv"),
    ("CSV, one sector", "/{agreement}/undertecknare.csv?sektor=public"),
    ("JSON, all parties", "/{agreement}/undertecknare.json"),
    ("Atom feed", "/{agreement}/undertecknare/flode/"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=10_000, help="active parties to seed")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per address")
    args = parser.parse_args()

    with throwaway_database() as database:
        started = time.perf_counter()
        seeded = seed(args.parties)
        print(
            f"{database.vendor}: seeded {args.parties} active parties "
            f"in {time.perf_counter() - started:.1f} s; {args.runs} runs per address\n"
        )
        print_table(measure(args.runs, seeded))
    return 0


def seed(count: int, *, serial_start: int = 0, agreement=None) -> dict:
    """The demo agreement (unless `agreement` is given: one seeded already) and the
    municipalities, and `count` organisations with 1–3 areas, each with an active membership
    in the agreement.

    Their organisation numbers are made from `serial_start + i`: start past the demo's
    (serials 1,000–2,000) when the demo parties are in the same database."""
    from agreements.demo import seed_agreement
    from parties.demo import org_number, seed_municipalities
    from parties.models import ActivityArea, LegalForm, Membership, Organisation

    if agreement is None:
        agreement = seed_agreement()
    municipalities = seed_municipalities()
    areas = list(ActivityArea.objects.order_by("pk"))
    civil_forms = [
        LegalForm.NON_PROFIT_ASSOCIATION,
        LegalForm.FOUNDATION,
        LegalForm.FAITH_COMMUNITY,
        LegalForm.COOPERATIVE,
        LegalForm.STUDY_ASSOCIATION,
    ]
    words = ["Förening", "Stiftelse", "Klubb", "Allians", "Nätverk", "Sällskap"]
    start = datetime.date(2022, 1, 1)
    parties = []
    joined = []
    for i in range(count):
        public = i % 10 == 0
        parties.append(
            Organisation(
                name=f"{words[i % len(words)]} {i:05d} i {municipalities[i % 7].name}",
                org_number=org_number(serial_start + i, "212" if public else "802"),
                sector="public" if public else "civil_society",
                legal_form=LegalForm.MUNICIPALITY if public else civil_forms[i % len(civil_forms)],
                municipality=municipalities[i % len(municipalities)],
                website=f"https://org{i}.exempel.se",
                description=f"En påhittad organisation nummer {i} för mätningen. " * 3,
                slug=f"bench-{i}",
            )
        )
        joined.append(start + datetime.timedelta(days=(i * 7) % 1800))
    parties = Organisation.objects.bulk_create(parties, batch_size=1000)
    Membership.objects.bulk_create(
        (
            Membership(
                organisation=party,
                agreement=agreement,
                status=Membership.Status.ACTIVE,
                joined_on=joined_on,
            )
            for party, joined_on in zip(parties, joined, strict=True)
        ),
        batch_size=1000,
    )
    Through = Organisation.areas.through
    Through.objects.bulk_create(
        (
            Through(organisation_id=party.pk, activityarea_id=areas[(i + k * 5) % len(areas)].pk)
            for i, party in enumerate(parties)
            for k in range(1 + i % 3)
        ),
        batch_size=2000,
    )
    return {
        "agreement": agreement.slug,
        "last_page": math.ceil(count / 25),
        "slug": parties[len(parties) // 2].slug,
    }


def measure(runs: int, seeded: dict, scenarios=None) -> list[dict]:
    """Per address: status, size, queries, and median and p95 of `runs` requests (ms)."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = []
    for label, template in scenarios or SCENARIOS:
        url = template.format(**seeded)
        fetch(client, url)  # warm up: templates, URL resolver, translations
        # DEBUG keeps a log of queries; start from an empty one, else the count is off.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            status, size = fetch(client, url)
        timings = []
        for _run in range(runs):
            started = time.perf_counter()
            fetch(client, url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results.append(
            {
                "label": label,
                "url": url,
                "status": status,
                "bytes": size,
                "queries": len(queries),
                "median": statistics.median(timings),
                "p95": timings[max(0, math.ceil(0.95 * len(timings)) - 1)],
            }
        )
    return results


def fetch(client, url: str) -> tuple[int, int]:
    """GET the address and read the whole body (a streamed CSV is produced while read)."""
    response = client.get(url)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response.status_code, size


def print_table(results: list[dict]) -> None:
    header = (
        f"{'what':<24} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'size':>10}"
    )
    print(header)
    print("-" * len(header))
    for row in results:
        print(
            f"{row['label']:<24} {row['status']:>6} {row['median']:>10.1f} {row['p95']:>8.1f} "
            f"{row['queries']:>8} {human(row['bytes']):>10}"
        )
    print()
    for row in results:
        print(f"  {row['label']:<24} {row['url']}")


def human(size: int) -> str:
    return f"{size / 1024:.0f} KiB" if size >= 1024 else f"{size} B"


if __name__ == "__main__":
    sys.exit(main())
