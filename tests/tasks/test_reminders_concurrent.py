"""Every periodic job that sends email, run three times at once (three workers that beat
started together, say): each email goes out once. PostgreSQL, one connection per run."""

import datetime
import threading
import time
from collections import Counter
from unittest import mock

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

import actionplan.reminders
import actionplan.tasks
import followup.reminders
import followup.tasks
import parties.reminders
import parties.renewal_emails
import parties.tasks
import steering.reminders
import steering.tasks
from actionplan.models import Status
from audit.models import SentNotification
from followup import invitations as followup_invitations
from followup import services as followup_services
from followup.models import Response
from tests.actionplan import mine_builders

action_plan = mine_builders.action_plan
annual_plan = mine_builders.annual_plan
objective = mine_builders.objective
make_activity = mine_builders.make_activity

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DAY = datetime.timedelta(days=1)
RUNS = 3

REMINDERS = {
    "steering": steering.reminders,
    "actionplan": actionplan.reminders,
    "followup": followup.reminders,
    "parties": parties.reminders,
}
TASKS = {
    "steering": steering.tasks.run_periodic_job,
    "actionplan": actionplan.tasks.run_periodic_job,
    "followup": followup.tasks.run_periodic_job,
    "parties": parties.tasks.run_periodic_job,
}
EMAIL_JOBS = sorted(
    (app, name)
    for app, module in REMINDERS.items()
    for name, job in module.JOBS.items()
    if job.counts == "emails sent"
)


def today() -> datetime.date:
    return timezone.localdate()


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def contact_email(party) -> str:
    return party.contacts.get(is_current=True).email


# ---- what makes each job due, and the emails it should send: [(kind, recipient)] ----------


def add_seat(f, name: str, role: str = "member", **fields):
    from steering.models import Seat

    party = f("make_party")(f"Part för {name}")
    fields.setdefault("mandate_start", today() - 100 * DAY)
    fields.setdefault("mandate_end", today() + 600 * DAY)
    return Seat.objects.create(
        agreement=f("agreement"), person_name=name, organisation=party, role=role, **fields
    )


def mandates_ending(f):
    add_seat(f, "Anna Ordförande", "chair", email="ordforande@forening.test")
    add_seat(f, "Cecilia Civil", mandate_end=today() + 30 * DAY)
    add_seat(f, "Olle Offentlig", mandate_end=today() + 45 * DAY)
    leader = f("process_leader").email
    recipients = ["ordforande@forening.test", leader]
    return [("mandate_ending", r) for r in recipients] * 2  # two seats, two occasions


def waiting_matters(f):
    from parties.models import Application

    f("settings").STEERING_GROUP_EMAIL = "styrgrupp@region.test"
    for name, days_ago in (("Föreningen Länge", 20), ("Föreningen Nyss", 3)):
        organisation = f("make_party")(name, status="pending")
        application = Application.objects.create(
            membership=organisation.memberships.get(),
            submitted_data={"name": name, "org_number": organisation.org_number},
            signatory_name="Sam Signatär",
            signatory_role="Ordförande",
            supports_democratic_values=True,
            endorses_agreement=True,
            decided_by_own_statutes=True,
            consents_to_processing=True,
        )
        Application.objects.filter(pk=application.pk).update(
            submitted_at=timezone.now() - days_ago * DAY
        )
    return [("waiting_matters_digest", "styrgrupp@region.test")]


def unanswered_questions(f):
    from django.contrib.auth import get_user_model

    from steering.models import DecisionKind, PerCapsulamQuestion

    users = get_user_model().objects
    voters = [
        add_seat(f, "Lena Ledamot", user=f("steering_member")),
        add_seat(f, "Olle Offentlig", user=users.create_user("olle", "olle@kommun.test")),
        add_seat(
            f,
            "Pia Public",
            user=users.create_user("pia", "pia@kommun.test"),
            email="pia.styrgrupp@kommun.test",
        ),
    ]
    add_seat(f, "Kalle Adjungerad", "co_opted", user=users.create_user("kalle", "k@lst.test"))
    PerCapsulamQuestion.objects.create(
        agreement=f("agreement"),
        title="Anta rutinen för utskick",
        proposal="Styrgruppen antar rutinen.",
        kind=DecisionKind.OTHER,
        deadline=timezone.now() + 1.5 * DAY,
        put_by=f("process_leader"),
    )
    return [("per_capsulam_reminder", seat.email or seat.user.email) for seat in voters]


def unpublished_minutes(f):
    from steering.models import Meeting

    for days_ago in (20, 40):
        Meeting.objects.create(agreement=f("agreement"), starts_at=timezone.now() - days_ago * DAY)
    return [("minutes_unpublished", f("process_leader").email)] * 2


def activities_ending(f):
    lead, other = f("make_party")("Föreningen Leder"), f("make_party")("Kommunen Hjälper")
    f("make_activity")("Dialogmöte", lead=lead, ends_on=today() + 5 * DAY)
    f("make_activity")("Mässa", responsible=[lead, other], ends_on=today() + 10 * DAY)
    return [("activity_ending", contact_email(p)) for p in (lead, lead, other)]


def activities_without_update(f):
    lead, other = f("make_party")("Föreningen Leder"), f("make_party")("Kommunen Hjälper")
    for title, party in (("Kurs", lead), ("Studiecirkel", other)):
        f("make_activity")(title, lead=party, status=Status.ONGOING, starts_on=today() - 95 * DAY)
    return [("activity_without_update", contact_email(p)) for p in (lead, other)]


def annual_review(f):
    plan = f("action_plan")
    f("annual_plan")
    day = max(today() - DAY, datetime.date(today().year, 1, 1))
    plan.review_month, plan.review_day = day.month, day.day
    plan.save()
    return [("annual_review_due", f("process_leader").email)]


def _parties(f):
    return [
        f("make_party")("Föreningen Vilar"),
        f("make_party")("Kommunen Utkast", sector="public"),
        f("make_party")("Föreningen Tredje"),
    ]


def invitations(f):
    parties = _parties(f)  # before the round: joining sends them nothing yet
    followup_services.new_round(
        f("agreement"), year=2026, opens=today() - 2 * DAY, closes=today() + 30 * DAY
    )
    return [(followup_invitations.INVITATION, contact_email(p)) for p in parties]


def not_submitted(f):
    parties = _parties(f)
    round = followup_services.new_round(
        f("agreement"), year=2026, opens=today() - 20 * DAY, closes=today() + 10 * DAY
    )
    # Invited at the opening, before the first reminder (14 days before closing) fell due.
    followup_invitations.invite(round, now=at(round.opens))
    Response.objects.filter(organisation=parties[2]).update(
        status=Response.Status.SUBMITTED, submitted_at=at(round.opens + DAY)
    )
    return [(followup.reminders.REMINDER, contact_email(p)) for p in parties[:2]]


def closed(f):
    _parties(f)
    round = followup_services.new_round(
        f("agreement"), year=2026, opens=today() - 40 * DAY, closes=today() - 2 * DAY
    )
    followup_invitations.invite(round, now=at(round.opens))
    return [(followup.reminders.CLOSED, f("process_leader").email)]


def renewal_reminders(f):
    from agreements.models import Version
    from parties.services import renewal
    from tests.agreement_factory import make_version

    waiting = _parties(f)
    version = make_version(
        f("agreement"),
        2,
        status=Version.Status.ADOPTED,
        valid_from=today() + 5 * DAY,
        valid_until=today() + 900 * DAY,
        review_due=today() + 800 * DAY,
        renewal_required=True,
    )
    # Asked 20 days ago with 30 days to answer: 10 days left, within the reminder's 14.
    renewal.ask_for_renewal(version, now=at(today() - 20 * DAY))
    return [(parties.renewal_emails.REMINDER, contact_email(party)) for party in waiting]


DUE = {
    ("steering", "mandates_ending"): mandates_ending,
    ("steering", "waiting_matters"): waiting_matters,
    ("steering", "unanswered_questions"): unanswered_questions,
    ("steering", "unpublished_minutes"): unpublished_minutes,
    ("actionplan", "activities_ending"): activities_ending,
    ("actionplan", "activities_without_update"): activities_without_update,
    ("actionplan", "annual_review"): annual_review,
    ("followup", "invitations"): invitations,
    ("followup", "reminders"): not_submitted,
    ("followup", "closed"): closed,
    ("parties", "renewal_reminders"): renewal_reminders,
}


def test_it_has_due_data_for_every_periodic_job_that_sends_email():
    assert sorted(DUE) == EMAIL_JOBS


# ---- three runs at once ---------------------------------------------------------------------


def run_at_once(task, name: str) -> list[int]:
    """Run the job's task `RUNS` times at the same moment, each in a thread of its own
    with its own database connection; what each run returned."""
    start = threading.Barrier(RUNS)
    results: list = [None] * RUNS

    def run(index: int) -> None:
        try:
            start.wait(timeout=30)
            results[index] = task.apply(args=(name,)).get()
        except BaseException as error:  # noqa: BLE001 -- the test reports it below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.fixture
def slow_mail_server():
    """Each email takes 50 ms to send: the runs overlap while an email's claim is open."""
    send = EmailBackend.send_messages

    def slowly(self, messages):
        time.sleep(0.05)
        return send(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", slowly):
        yield


@pytest.mark.parametrize(("app", "name"), EMAIL_JOBS, ids=[f"{a}.{n}" for a, n in EMAIL_JOBS])
def test_it_sends_each_email_once_when_the_job_runs_three_times_at_once(
    app, name, require_postgres, request, mailoutbox, slow_mail_server
):
    expected = DUE[(app, name)](request.getfixturevalue)
    kinds = {kind for kind, _recipient in expected}
    mailoutbox.clear()
    SentNotification.objects.filter(kind__in=kinds).delete()  # what setting up sent
    task = TASKS[app]

    results = run_at_once(task, name)

    assert all(isinstance(result, int) for result in results), results
    assert sum(results) == len(expected)
    sent = Counter(
        (kind, address)
        for kind, address in SentNotification.objects.filter(kind__in=kinds).values_list(
            "kind", "recipient"
        )
    )
    assert sent == Counter((kind, recipient.lower()) for kind, recipient in expected)
    assert sorted(address for message in mailoutbox for address in message.to) == sorted(
        recipient for _kind, recipient in expected
    )
    # And a fourth run, later, finds nothing left to send.
    assert task.apply(args=(name,)).get() == 0
