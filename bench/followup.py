"""Time the follow-up's mass emails with many parties: opening a round, the invitations,
the reminders and the response rate.

    uv run python bench/followup.py [--parties 2000]

Without DATABASE_URL the script uses a throwaway SQLite file in a temporary directory.
With DATABASE_URL (PostgreSQL) it creates a throwaway test database next to the one named
there (test_<name>) and drops it at the end, as bench/register.py does. Email goes to
Django's in-memory backend, so the figures are our own work, not a mail server's.

What it measures, each once, with the SQL queries it made:

1. `services.open_now`: the transaction that opens a planned round. The invitations are
   queued when it commits; here the queue is not run (the task's `delay` is replaced by a
   stub that records the call), as with a broker whose worker has not taken the task yet.
2. `invitations.invite`: what the queued task does: a response per party and one invitation
   per contact person, each claimed in the outbox.
3. `invitations.invite` again: every party invited already, nothing to send.
4. `reminders.remind_not_submitted` on the day the first reminder falls due: every party.
5. `response_rate.response_rates`.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import throwaway_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=2_000, help="active parties to seed")
    args = parser.parse_args()

    with throwaway_database() as database:
        from django.conf import settings

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        started = time.perf_counter()
        seeded = seed(args.parties)
        print(
            f"{database.vendor}: seeded {args.parties} active parties with contact persons "
            f"in {time.perf_counter() - started:.1f} s\n"
        )
        print_rows(measure(seeded))
    return 0


def seed_parties_with_contacts(
    agreement,
    count: int,
    *,
    serial_start: int = 0,
    joined_on=lambda i: datetime.date(2026, 1, 1),
    name=None,
) -> list:
    """`count` active parties to `agreement` (two in three civil society): organisations,
    each with an active membership, a current contact person and an account, by
    bulk_create (no post_save: no invitation is queued)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from parties.demo import org_number, seed_municipalities
    from parties.models import ContactPerson, LegalForm, Membership, Organisation

    municipalities = seed_municipalities()
    unusable = make_password(None)
    User = get_user_model()
    users = User.objects.bulk_create(
        (
            User(
                username=f"kontakt{i}@bench.test", email=f"kontakt{i}@bench.test", password=unusable
            )
            for i in range(count)
        ),
        batch_size=1000,
    )
    parties = Organisation.objects.bulk_create(
        (
            Organisation(
                name=name(i) if name else f"Part {i:05d}",
                org_number=org_number(serial_start + i),
                sector="public" if i % 3 == 2 else "civil_society",
                legal_form=LegalForm.MUNICIPALITY
                if i % 3 == 2
                else LegalForm.NON_PROFIT_ASSOCIATION,
                municipality=municipalities[i % len(municipalities)],
                slug=f"bench-{i}",
            )
            for i in range(count)
        ),
        batch_size=1000,
    )
    Membership.objects.bulk_create(
        (
            Membership(
                organisation=party,
                agreement=agreement,
                status=Membership.Status.ACTIVE,
                joined_on=joined_on(i),
            )
            for i, party in enumerate(parties)
        ),
        batch_size=1000,
    )
    ContactPerson.objects.bulk_create(
        (
            ContactPerson(
                organisation=party,
                user=user,
                name=f"Kontakt {i}",
                role="Sekreterare",
                email=user.email,
            )
            for i, (party, user) in enumerate(zip(parties, users, strict=True))
        ),
        batch_size=1000,
    )
    return parties


def seed(count: int) -> dict:
    """The demo agreement, `count` active parties (two in three civil society) each with a
    current contact person and an account, and a planned round with the default questions."""
    from django.utils import timezone

    from agreements.demo import seed_agreement
    from followup import services

    agreement = seed_agreement()
    seed_parties_with_contacts(agreement, count)
    today = timezone.localdate()
    round = services.new_round(
        agreement,
        year=today.year,
        opens=today + datetime.timedelta(days=10),
        closes=today + datetime.timedelta(days=40),
    )
    return {"round": round, "parties": count}


def timed(label: str, run, *, emails=None) -> dict:
    from django.core import mail
    from django.db import connection

    # Counted by a wrapper: CaptureQueriesContext keeps only the last 9,000 queries.
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    mail.outbox = []
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - started
    sent = len(mail.outbox) if emails is None else emails
    return {
        "label": label,
        "seconds": seconds,
        "emails": sent,
        "per_second": sent / seconds if sent else None,
        "queries": len(queries),
        "result": result,
    }


def measure(seeded: dict) -> list[dict]:
    from unittest import mock

    from django.utils import timezone

    from followup import invitations, reminders, response_rate, services
    from followup.tasks import send_invitations

    round = seeded["round"]
    queued = []
    with mock.patch.object(send_invitations, "delay", side_effect=queued.append):
        rows = [timed("open_now (invitations queued)", lambda: services.open_now(round, by=None))]
    assert queued == [round.pk], queued
    round.refresh_from_db()
    rows.append(timed("invite: every party", lambda: invitations.invite(round)))
    rows.append(timed("invite again: nothing to send", lambda: invitations.invite(round)))
    due = timezone.make_aware(
        datetime.datetime.combine(
            round.closes - datetime.timedelta(days=round.first_reminder_days), datetime.time(9)
        )
    )
    # The invitations went out at the opening, before the reminder fell due.
    round.responses.update(invited_at=due - datetime.timedelta(days=7))
    rows.append(
        timed("reminders: first, every party", lambda: reminders.remind_not_submitted(now=due))
    )
    rows.append(timed("response_rates", lambda: response_rate.response_rates(round)))
    return rows


def print_rows(rows: list[dict]) -> None:
    print(f"{'step':<34} {'seconds':>9} {'emails':>7} {'emails/s':>9} {'queries':>8}")
    for row in rows:
        per_second = f"{row['per_second']:.0f}" if row["per_second"] else "–"
        print(
            f"{row['label']:<34} {row['seconds']:>9.3f} {row['emails']:>7} "
            f"{per_second:>9} {row['queries']:>8}"
        )


if __name__ == "__main__":
    sys.exit(main())
