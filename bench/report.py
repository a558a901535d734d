"""Time the annual report's PDF with many parties, and measure the memory it takes.

    uv run python bench/report.py [1000 2000 4000]

Each size runs in a fresh Python process (so the peak memory is that size's alone): it
migrates a throwaway SQLite database in a temporary directory, seeds the demo agreement,
parties, steering group and action plan, then N more active parties with contact persons
and a closed follow-up round of the year that most of them answered, and times
`render_report` (the whole generation: collecting the figures, the HTML, WeasyPrint's
layout and the PDF). The peak is the process's maximum resident set size
(`ru_maxrss`), which includes Python, Django and WeasyPrint themselves.

Targets: 2,000 parties in under 15 s and 400 MB; time growing no faster than linearly.
"""

import argparse
import datetime
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.followup import seed_parties_with_contacts  # noqa: E402

YEAR = 2026
SUBMITTED_SHARE = 0.8


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parties", nargs="*", type=int, default=[1_000, 2_000, 4_000])
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep", metavar="DIR", help="write each size's PDF into DIR")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.parties[0], args.keep)))
        return 0

    print(
        f"{'parties':>8} {'pages':>6} {'seed s':>7} {'render s':>9} {'peak MB':>8} "
        f"{'PDF kB':>7}  of which: chapters' figures and HTML (1-6) / layout / PDF"
    )
    for count in args.parties:
        command = [sys.executable, __file__, "--one", str(count)]
        if args.keep:
            command += ["--keep", args.keep]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            print(done.stderr[-3000:], file=sys.stderr)
            return done.returncode
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{row['parties']:>8} {row['pages']:>6} {row['seed_seconds']:>7.1f} "
            f"{row['seconds']:>9.2f} {row['peak_mb']:>8.0f} {row['pdf_kb']:>7.0f}  "
            + " ".join(f"{step:.2f}" for step in row["chapters"])
            + f" / {row['layout']:.2f} / {row['write']:.2f}"
        )
    return 0


def measure_one(count: int, keep: str | None) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    tmpdir = tempfile.mkdtemp(prefix="samverkan-bench-report-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{tmpdir}/media"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        agreement = seed(count)
        seeded = time.perf_counter() - started

        from followup.report.render import render_report

        # render_report reports progress after each chapter and after the layout: the
        # moments of those calls split the time into its steps.
        marks = []
        started = time.perf_counter()
        pdf, pages = render_report(
            agreement, YEAR, progress=lambda percent: marks.append(time.perf_counter())
        )
        seconds = time.perf_counter() - started
        steps = [later - earlier for earlier, later in zip([started, *marks], marks, strict=False)]
        chapters, layout = steps[:-1], steps[-1]
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            (Path(keep) / f"report-{count}.pdf").write_bytes(pdf)
        # Linux reports ru_maxrss in kilobytes.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {
            "parties": count,
            "pages": pages,
            "seed_seconds": seeded,
            "seconds": seconds,
            "peak_mb": peak,
            "pdf_kb": len(pdf) / 1024,
            "chapters": chapters,
            "layout": layout,
            "write": seconds - sum(steps),
        }
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def seed(count: int):
    """The demo (agreement, parties, steering group, action plan) and `count` more
    parties, with a closed round of `YEAR` that most of them answered."""
    from django.utils import timezone

    from actionplan.demo import seed_actionplan
    from agreements.demo import seed_agreement
    from followup import services
    from followup.models import Answer, QuestionKind, Response
    from parties.demo import seed_municipalities, seed_parties
    from parties.models import Organisation
    from steering.demo import publish_checked_minutes, seed_steering

    agreement = seed_agreement()
    seed_municipalities()
    seed_parties(agreement, None)
    seed_steering(agreement, None)
    seed_actionplan(agreement)
    publish_checked_minutes(agreement)

    start = datetime.date(YEAR, 1, 1)
    seed_parties_with_contacts(
        agreement,
        count,
        serial_start=100_000,
        joined_on=lambda i: start + datetime.timedelta(days=i % 300),
        name=lambda i: (
            f"Föreningen Bänk {i:05d}" if i % 3 != 2 else f"Bänkby kommunförbund {i:05d}"
        ),
    )

    opens, closes = datetime.date(YEAR, 2, 1), datetime.date(YEAR, 3, 31)
    round = services.new_round(agreement, year=YEAR, opens=opens, closes=closes)
    invited = timezone.make_aware(datetime.datetime.combine(opens, datetime.time(8)))
    submitted = timezone.make_aware(datetime.datetime.combine(closes, datetime.time(12)))
    round.__class__.objects.filter(pk=round.pk).update(
        opened_at=invited, closed_at=submitted + datetime.timedelta(days=1)
    )
    everyone = list(Organisation.objects.party_to(agreement))
    rng = random.Random(YEAR)
    responses = []
    for party in everyone:
        answered = rng.random() < SUBMITTED_SHARE
        responses.append(
            Response(
                round=round,
                organisation=party,
                status=Response.Status.SUBMITTED if answered else Response.Status.NOT_STARTED,
                invited_at=invited,
                saved_at=submitted if answered else None,
                submitted_at=submitted if answered else None,
            )
        )
    responses = Response.objects.bulk_create(responses, batch_size=1000)
    questions = list(round.questions.all())
    answers = []
    for response in responses:
        if response.status != Response.Status.SUBMITTED:
            continue
        sector = response.organisation.sector
        for question in questions:
            if question.sector and question.sector != sector:
                continue
            answers.append(answer(Answer, QuestionKind, response, question, rng))
    Answer.objects.bulk_create(answers, batch_size=2000)
    return agreement


def answer(Answer, QuestionKind, response, question, rng):
    data = {"response": response, "question": question}
    if question.kind == QuestionKind.SCALE:
        if rng.random() < 0.07:
            data["cannot_judge"] = True
        else:
            data["scale"] = rng.choice([2, 3, 3, 4, 4, 4, 5, 5])
        if rng.random() < 0.1:
            data["comment"] = "Samverkan har fungerat bättre i år, men det finns mer att göra."
    elif question.kind == QuestionKind.YES_NO:
        data["yes_no"] = rng.random() < 0.75
    elif question.kind == QuestionKind.NUMBER:
        data["number"] = rng.choice([0, 1, 2, 3, 5, 8])
    elif rng.random() < 0.2:
        data["text"] = "Läxhjälp på biblioteket tillsammans med kommunens skolor."
    return Answer(**data)


if __name__ == "__main__":
    sys.exit(main())
