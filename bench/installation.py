"""A national installation: many agreements, organisations party to several, one of them measured.

    uv run python bench/installation.py [--agreements 300] [--organisations 30000]
    scripts/with-services.sh uv run python bench/installation.py   # PostgreSQL, Redis cache

Seeds in two steps: first a tenth of the agreements (with their organisations, memberships, a
year of decisions and a follow-up round with answers each), measures, then the rest, and
measures again, so every figure is shown at two sizes: what must not grow with the number of
agreements (queries of a page, of an empty reminder run) can be seen not to. Measured for one
agreement in the middle (as a visitor, and as its process leader in the admin):

1. the server time of every public page, uncached (median and p95 of `--runs` requests, the
   queries of one), the installation's overview `/` and `/overenskommelser.json`;
2. the staff start page and the admin lists of that agreement;
3. the cache hit rate on another agreement's pages while the measured one gets
   `--writes` writes a second (a decision recorded and deleted, a party's details saved);
4. every periodic reminder job with nothing to send (queries and time).

5. with wrk (Debian's; skipped when missing or with `--wrk-seconds 0`): the measured
   agreement's cached public pages, the overview and the installation's open data under
   gunicorn, each against a trivial view through the same middleware (bench/load.py's server
   and criterion: at least half the trivial view's requests a second, no error).

See bench/README.md; the figures go into bench/RESULTS.md.
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

PUBLIC_PAGES = [
    ("agreement's start", "/{slug}/"),
    ("agreement text", "/{slug}/overenskommelsen/"),
    ("principles", "/{slug}/principer/"),
    ("register", "/{slug}/undertecknare/"),
    ("register, last page", "/{slug}/undertecknare/?page={last_page}"),
    ("register, filtered", "/{slug}/undertecknare/?sektor=civil_society&kommun={municipality}"),
    ("organisation page", "/{slug}/undertecknare/{organisation}/"),
    ("register CSV", "/{slug}/undertecknare.csv"),
    ("register JSON", "/{slug}/undertecknare.json"),
    ("register feed", "/{slug}/undertecknare/flode/"),
    ("steering group", "/{slug}/styrgrupp/"),
    ("a meeting and its decisions", "/{slug}/styrgrupp/moten/{meeting}/"),
    ("action plan", "/{slug}/handlingsplan/"),
    ("reports", "/{slug}/rapporter/"),
    ("application form", "/{slug}/anslut/"),
    ("overview of agreements", "/"),
    ("agreements JSON", "/overenskommelser.json"),
]

STAFF_PAGES = [
    ("staff start page", "/admin/"),
    ("admin: memberships", "/admin/parties/membership/"),
    ("admin: applications", "/admin/parties/application/"),
    ("admin: decisions", "/admin/steering/decision/"),
    ("admin: seats", "/admin/steering/seat/"),
    ("admin: follow-up rounds", "/admin/followup/followupround/"),
    ("admin: responses", "/admin/followup/response/"),
]

REMINDER_APPS = ["parties", "steering", "followup", "actionplan"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=300)
    parser.add_argument("--organisations", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=15, help="timed requests per address")
    parser.add_argument("--writes", type=float, default=5.0, help="writes a second to agreement A")
    parser.add_argument("--seconds", type=float, default=20.0, help="of the hit-rate test")
    parser.add_argument("--wrk-seconds", type=int, default=10, help="wrk's duration per page")
    args = parser.parse_args()

    import os

    os.environ["PAGE_CACHE_SECONDS"] = "300"  # the hit-rate test needs the page cache
    with throwaway_database() as database:
        from django.test.utils import override_settings

        first = max(2, args.agreements // 10)
        per_agreement = max(1, args.organisations // args.agreements)
        print(
            f"# {database.vendor}: {args.agreements} agreements, "
            f"{args.organisations} organisations\n"
        )
        results = []
        seeded = None
        for size in (first, args.agreements):
            started = time.perf_counter()
            seeded = seed(size, per_agreement, previous=seeded)
            seconds = time.perf_counter() - started
            print(
                f"## {size} agreements: seeded (this step) in {seconds:.1f} s — "
                f"{seeded['organisations']} organisations, {seeded['memberships']} memberships, "
                f"{seeded['decisions']} decisions, {seeded['answers']} follow-up answers\n"
            )
            with override_settings(PAGE_CACHE_SECONDS=0):
                pages = measure(PUBLIC_PAGES, seeded, args.runs)
                staff = measure(STAFF_PAGES, seeded, args.runs, staff=True)
            reminders = measure_reminders()
            print_table(pages + staff)
            print_reminders(reminders)
            results.append((size, pages + staff, reminders))
        print_hit_rate(hit_rate(seeded, args.writes, args.seconds))
        print_comparison(results)
        if args.wrk_seconds:
            print_load(load(database, seeded, args.wrk_seconds))
    return 0


# ---- seeding ------------------------------------------------------------------------------


def seed(count: int, per_agreement: int, previous: dict | None = None) -> dict:
    """Agreements number len(previous)…count-1, each with `per_agreement` organisations of
    its own that are party to it and to the next agreement (so memberships = 2 × orgs)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from agreements.models import Agreement, AgreementRole, Level, Version
    from common.roles import PROCESS_LEADER
    from followup.models import Answer, FollowUpRound, Question, QuestionKind, Response
    from parties.demo import org_number, seed_municipalities
    from parties.models import ActivityArea, LegalForm, Membership, Organisation
    from steering.models import Decision, Meeting, Seat

    start = previous["count"] if previous else 0
    municipalities = seed_municipalities()
    areas = list(ActivityArea.objects.order_by("pk"))
    today = datetime.date.today()
    year = today.year - 1
    agreements = Agreement.objects.bulk_create(
        Agreement(
            slug=f"ok-{n:03d}",
            name=f"Överenskommelse {n:03d}",
            region_name=f"Kommun {n:03d}" if n % 10 else f"Region {n:03d}",
            level=Level.MUNICIPAL if n % 10 else Level.REGIONAL,
        )
        for n in range(start, count)
    )
    # bulk_create sends no post_save: tell the routing its table is stale.
    from config.agreement_routing import agreements_changed

    agreements_changed()
    versions = Version.objects.bulk_create(
        Version(
            agreement=agreement,
            number=1,
            title=agreement.name,
            vision="En påhittad vision för mätningen.",
            purpose="Ett påhittat syfte för mätningen.",
            status=Version.Status.ACTIVE,
            valid_from=datetime.date(year - 2, 1, 1),
            valid_until=datetime.date(year + 3, 12, 31),
            review_due=datetime.date(year + 3, 6, 30),
            adopted_on=datetime.date(year - 3, 11, 20),
            signing_sectors=["civil_society", "public"],
        )
        for agreement in agreements
    )
    forms = [LegalForm.NON_PROFIT_ASSOCIATION, LegalForm.FOUNDATION, LegalForm.FAITH_COMMUNITY]
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"Förening {n:03d}-{i:03d}",
                org_number=org_number(n * 1000 + i, "212" if i % 10 == 0 else "802"),
                sector="public" if i % 10 == 0 else "civil_society",
                legal_form=LegalForm.MUNICIPALITY if i % 10 == 0 else forms[i % 3],
                municipality=municipalities[(n + i) % len(municipalities)],
                description="En påhittad organisation för mätningen.",
                slug=f"org-{n:03d}-{i:03d}",
            )
            for n in range(start, count)
            for i in range(per_agreement)
        ),
        batch_size=2000,
    )
    Through = Organisation.areas.through
    Through.objects.bulk_create(
        (
            Through(organisation_id=org.pk, activityarea_id=areas[k % len(areas)].pk)
            for k, org in enumerate(organisations)
        ),
        batch_size=5000,
    )
    by_number = {a.slug: a for a in Agreement.objects.all()}
    memberships = []
    for k, org in enumerate(organisations):
        n = start + k // per_agreement
        joined = datetime.date(year - 2, 1, 1) + datetime.timedelta(days=k % 700)
        for m in (n, (n + 1) % count):
            memberships.append(
                Membership(
                    organisation=org,
                    agreement=by_number[f"ok-{m:03d}"],
                    status=Membership.Status.ACTIVE,
                    joined_on=joined,
                )
            )
    Membership.objects.bulk_create(memberships, batch_size=5000, ignore_conflicts=True)

    # A year of the steering group's work: seven seats, four meetings, twelve decisions.
    Seat.objects.bulk_create(
        Seat(
            agreement=agreement,
            person_name=f"Ledamot {s}",
            role="chair" if s == 0 else "member",
            organisation=organisations[k * per_agreement + s % per_agreement],
            # Begun this year: no mandate (nor the chair's longest one) ends within 60 days.
            mandate_start=today - datetime.timedelta(days=30),
        )
        for k, agreement in enumerate(agreements)
        for s in range(7)
    )
    tz = datetime.UTC
    meetings = Meeting.objects.bulk_create(
        Meeting(
            agreement=agreement,
            starts_at=datetime.datetime(year, 3 * q + 2, 10, 13, tzinfo=tz),
            place="Kommunhuset",
            # Minutes checked and published: the reminder jobs have nothing to send.
            minutes="Protokoll från mötet.",
            minutes_checked_by="Justerare",
            minutes_checked_on=datetime.date(year, 3 * q + 2, 20),
            minutes_published_at=datetime.datetime(year, 3 * q + 2, 21, 9, tzinfo=tz),
        )
        for agreement in agreements
        for q in range(4)
    )
    version_of = {v.agreement_id: v for v in versions}
    decisions = Decision.objects.bulk_create(
        Decision(
            agreement_id=meeting.agreement_id,
            meeting=meeting,
            version=version_of[meeting.agreement_id],
            year=year,
            number=k * 3 + d + 1,
            decided_on=meeting.starts_at.date(),
            kind="other",
            text=f"Styrgruppen beslutar i ärende {d + 1}.",
        )
        for k, meeting in enumerate(meetings)
        for d in range(3)
    )
    # The follow-up of last year, closed, with every party of the agreement's own answered.
    rounds = FollowUpRound.objects.bulk_create(
        FollowUpRound(
            agreement=agreement,
            year=year,
            opens=datetime.date(year + 1, 1, 15),
            closes=datetime.date(year + 1, 2, 28),
        )
        for agreement in agreements
    )
    questions = Question.objects.bulk_create(
        Question(round=round, order=q, kind=QuestionKind.SCALE, text=f"Fråga {q + 1}")
        for round in rounds
        for q in range(3)
    )
    questions_of = {}
    for question in questions:
        questions_of.setdefault(question.round_id, []).append(question)
    now = datetime.datetime.now(tz)
    responses = Response.objects.bulk_create(
        (
            Response(
                round=round,
                organisation=org,
                status=Response.Status.SUBMITTED,
                invited_at=now,
                submitted_at=now,
            )
            for r, round in enumerate(rounds)
            for org in organisations[r * per_agreement : (r + 1) * per_agreement]
        ),
        batch_size=5000,
    )
    answers = Answer.objects.bulk_create(
        (
            Answer(response=response, question=question, scale=1 + (response.pk + q) % 5)
            for response in responses
            for q, question in enumerate(questions_of[response.round_id])
        ),
        batch_size=10000,
    )

    # The measured agreement: the middle one; its process leader; B: the one after it.
    measured = Agreement.objects.get(slug=f"ok-{count // 2:03d}")
    other = Agreement.objects.get(slug=f"ok-{(count // 2 + 1) % count:03d}")
    User = get_user_model()
    leader, _created = User.objects.get_or_create(
        username="processledare@bench.test",
        defaults={
            "email": "processledare@bench.test",
            "is_staff": True,
            "password": make_password(None),
        },
    )
    leader.groups.add(Group.objects.get(name=PROCESS_LEADER))
    if not leader.authenticator_set.exists():
        from allauth.mfa.totp.internal.auth import TOTP

        TOTP.activate(leader, "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U")
    AgreementRole.objects.filter(user=leader).delete()
    AgreementRole.objects.create(user=leader, agreement=measured, kind="process_leader")
    sample = measured.memberships.select_related("organisation").order_by("pk").first()
    meeting = Meeting.objects.filter(agreement=measured).order_by("starts_at").first()
    party_count = measured.memberships.count()
    totals = previous or {"organisations": 0, "memberships": 0, "decisions": 0, "answers": 0}
    return {
        "count": count,
        "slug": measured.slug,
        "other": other.slug,
        "measured": measured,
        "leader": leader,
        "organisation": sample.organisation.slug,
        "meeting": meeting.pk,
        "municipality": sample.organisation.municipality.slug,
        "last_page": max(1, math.ceil(party_count / 25)),
        "organisations": totals["organisations"] + len(organisations),
        "memberships": totals["memberships"] + len(memberships),
        "decisions": totals["decisions"] + len(decisions),
        "answers": totals["answers"] + len(answers),
    }


# ---- measuring ----------------------------------------------------------------------------


def client_for(seeded: dict, staff: bool):
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    if staff:
        # The leader has a second factor, so signing in marks the session as having passed it
        # (config.mfa), as staff sessions always are.
        client.force_login(seeded["leader"])
    return client


def measure(pages, seeded: dict, runs: int, *, staff: bool = False) -> list[dict]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from bench.register import fetch

    client = client_for(seeded, staff)
    rows = []
    for label, template in pages:
        url = template.format(**seeded)
        fetch(client, url)
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            status, size = fetch(client, url)
        timings = []
        for _run in range(runs):
            started = time.perf_counter()
            fetch(client, url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        rows.append(
            {
                "label": label,
                "url": url,
                "status": status,
                "queries": len(queries),
                "median": statistics.median(timings),
                "p95": timings[max(0, math.ceil(0.95 * len(timings)) - 1)],
                "bytes": size,
            }
        )
    return rows


def measure_reminders() -> list[dict]:
    """Every periodic job of every app, one at a time, as beat runs them."""
    import importlib

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = []
    for app in REMINDER_APPS:
        jobs = importlib.import_module(f"{app}.reminders").JOBS
        for name, job in jobs.items():
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                job.run()
                seconds = time.perf_counter() - started
            rows.append(
                {"command": f"{app}: {name}", "queries": len(queries), "ms": seconds * 1000}
            )
    return rows


def hit_rate(seeded: dict, writes: float, seconds: float) -> dict:
    """Read B's pages as fast as one client can while A gets `writes` writes a second."""
    from django.db import transaction

    from parties.models import Membership
    from steering.models import Decision

    a = seeded["measured"]
    b_pages = [
        p.format(slug=seeded["other"], **{k: v for k, v in seeded.items() if k != "slug"})
        for _l, p in PUBLIC_PAGES[:5]
    ]
    a_pages = [p.format(**seeded) for _l, p in PUBLIC_PAGES[:5]]
    client = client_for(seeded, staff=False)
    for url in b_pages + a_pages:
        client.get(url)  # fill the cache
    membership = Membership.objects.filter(agreement=a).select_related("organisation").first()
    counts = {"b": {"HIT": 0, "MISS": 0, "other": 0}, "a": {"HIT": 0, "MISS": 0, "other": 0}}
    written = 0
    interval = 1 / writes
    started = time.perf_counter()
    next_write = started
    k = 0
    while time.perf_counter() - started < seconds:
        now = time.perf_counter()
        if now >= next_write:
            with transaction.atomic():
                if written % 2:
                    decision = Decision.objects.filter(agreement=a).first()
                    decision.text = f"{decision.text.split(' (')[0]} ({written})"
                    decision.save()
                else:
                    Membership.objects.get(pk=membership.pk).save()
            written += 1
            next_write += interval
        for side, pages in (("b", b_pages), ("a", a_pages)):
            response = client.get(pages[k % len(pages)])
            state = response.headers.get("X-Cache", "other").split()[0].upper()
            counts[side][state if state in ("HIT", "MISS") else "other"] += 1
        k += 1
    return {"writes": written, "seconds": seconds, "counts": counts}


WRK_PAGES = [0, 2, 3, 6, 7, 8, 10, 12, 15, 16]  # indexes into PUBLIC_PAGES


def load(database, seeded: dict, seconds: int) -> list[dict]:
    """The cached pages under wrk against the trivial view (bench/load.py's server)."""
    import os
    import shutil
    import tempfile
    from types import SimpleNamespace

    from bench import load as loadbench

    wrk = shutil.which("wrk")
    if not wrk:
        print("wrk not found (Debian: apt-get install -y wrk): the load test is skipped\n")
        return []
    workdir = Path(tempfile.mkdtemp(prefix="samverkan-bench-installation-"))
    redis_url = os.environ.get("REDIS_URL") or os.environ.get("SAMVERKAN_TEST_REDIS_URL")
    cache_url = redis_url if database.vendor != "sqlite" else None
    env = loadbench.server_env(workdir, database.url, cache_url)
    loadbench.collectstatic(env)
    server = loadbench.Server(env, workdir, 2)
    args = SimpleNamespace(threads=2, connections=64, seconds=seconds, timeout="2s")
    rows = []
    try:
        server.start()
        # The trivial view under the agreement's prefix: the same route through the middleware.
        trivial_path = f"/{seeded['slug']}/bench/trivial"
        pages = [("trivial", trivial_path)] + [
            (PUBLIC_PAGES[i][0], PUBLIC_PAGES[i][1].format(**seeded)) for i in WRK_PAGES
        ]
        for _label, path in pages:
            for _warm in range(3):
                loadbench.get(server.base + path)
        trivial = loadbench.run_wrk(wrk, server.base + trivial_path, args)
        for label, path in pages[1:]:
            result = loadbench.run_wrk(wrk, server.base + path, args)
            share = result["rps"] / trivial["rps"] if trivial["rps"] else 0
            rows.append(
                {
                    "label": label,
                    "path": path,
                    **result,
                    "share": share,
                    "passed": share >= 0.5 and not result["errors"],
                }
            )
        rows.insert(
            0,
            {
                "label": "trivial view",
                "path": trivial_path,
                **trivial,
                "share": 1.0,
                "passed": True,
            },
        )
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


# ---- printing -----------------------------------------------------------------------------


def print_table(rows: list[dict]) -> None:
    print("| page | status | median ms | p95 ms | queries | size |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        size = f"{row['bytes'] / 1024:.0f} KiB" if row["bytes"] >= 1024 else f"{row['bytes']} B"
        print(
            f"| {row['label']} `{row['url']}` | {row['status']} | {row['median']:.1f} | "
            f"{row['p95']:.1f} | {row['queries']} | {size} |"
        )
    print()


def print_reminders(rows: list[dict]) -> None:
    print("| reminder job, nothing to send | queries | ms |")
    print("|---|---:|---:|")
    for row in rows:
        print(f"| `{row['command']}` | {row['queries']} | {row['ms']:.0f} |")
    print()


def print_hit_rate(result: dict) -> None:
    print(f"## Cache hit rate while A gets {result['writes'] / result['seconds']:.1f} writes/s\n")
    print("| pages of | hits | misses | other | hit rate |")
    print("|---|---:|---:|---:|---:|")
    for side, label in (("b", "B (another agreement)"), ("a", "A (written to)")):
        c = result["counts"][side]
        total = c["HIT"] + c["MISS"] + c["other"]
        rate = 100 * c["HIT"] / total if total else 0
        print(f"| {label} | {c['HIT']} | {c['MISS']} | {c['other']} | {rate:.1f} % |")
    print()


def print_load(rows: list[dict]) -> None:
    if not rows:
        return
    print("## Cached pages under wrk (-t2 -c64), against the trivial view\n")
    print("| page | req/s | % of trivial | p50 ms | p99 ms | errors | |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for row in rows:
        print(
            f"| {row['label']} `{row['path']}` | {row['rps']:.0f} | {100 * row['share']:.0f} % | "
            f"{row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} | "
            f"{'PASS' if row['passed'] else 'FAIL'} |"
        )
    print()


def print_comparison(results) -> None:
    (small, small_rows, small_rem), (large, large_rows, large_rem) = results
    print(f"## Queries at {small} and at {large} agreements\n")
    print(f"| page or job | queries at {small} | queries at {large} | median ms at {large} |")
    print("|---|---:|---:|---:|")
    for a, b in zip(small_rows, large_rows, strict=True):
        print(f"| {a['label']} | {a['queries']} | {b['queries']} | {b['median']:.1f} |")
    for a, b in zip(small_rem, large_rem, strict=True):
        print(f"| `{a['command']}` | {a['queries']} | {b['queries']} | {b['ms']:.0f} |")
    print()


if __name__ == "__main__":
    sys.exit(main())
