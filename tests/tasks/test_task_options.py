"""Every task of ours that sends email or renders a report is acknowledged late and retried,
with a growing, jittered and capped delay, on a temporary failure; no new task slips past."""

import datetime
import smtplib
from unittest import mock

import pytest
from celery import Task
from django.db import OperationalError

from common.outbox import TemporaryFailure
from common.retrying import RetryingTask
from config.celery import app

TODAY = datetime.date(2026, 6, 1)
OURS = ("agreements.", "parties.", "steering.", "actionplan.", "followup.", "audit.", "config.")

# Each task that sends email or renders a report, with the function it hands the work to
# (what the test makes fail) and arguments to call it with.
SENDS_OR_RENDERS = {
    "parties.tasks.send_notification": ("parties.notifications.send", ("application_approved", 1)),
    "parties.tasks.send_renewal_requests": ("parties.renewal_emails.send_asked", (1,)),
    "parties.tasks.run_periodic_job": ("parties.reminders.run", ("renewal_reminders",)),
    "steering.tasks.send_steering_email": (
        "steering.notifications.send",
        ("per_capsulam_question", 1),
    ),
    "steering.tasks.run_periodic_job": ("steering.reminders.run", ("mandates_ending",)),
    "actionplan.tasks.run_periodic_job": ("actionplan.reminders.run", ("activities_ending",)),
    "followup.tasks.send_invitations": ("followup.invitations.invite", None),  # needs a round
    "followup.tasks.invite_party": ("followup.invitations.invite_party", (1,)),
    "followup.tasks.run_periodic_job": ("followup.reminders.run", ("reminders",)),
    "followup.tasks.generate_report": ("followup.reports.generate", (1,)),
    "followup.tasks.send_receipt": ("followup.versions.send_receipt", (1,)),
}
# The tasks that do neither: they only change rows or queue other tasks.
DOES_NEITHER = {
    "parties.tasks.erase_expired_personal_data",
    "agreements.tasks.activate_versions",
    "followup.tasks.requeue_stuck_reports",
    "config.ping",
}


def our_tasks() -> dict[str, Task]:
    app.loader.import_default_modules()  # the apps' tasks modules, as a worker loads them
    return {name: task for name, task in app.tasks.items() if name.startswith(OURS)}


def declared_acks_late(task: Task) -> bool:
    """Whether the task itself says so, not only CELERY_TASK_ACKS_LATE (a setting a
    deployment may change)."""
    for cls in type(task).__mro__[1:]:
        if cls is Task:
            return False
        if "acks_late" in vars(cls):
            return vars(cls)["acks_late"] is True
    return False


def test_it_knows_every_task_of_ours_as_sending_rendering_or_neither():
    names = set(our_tasks())

    assert not set(SENDS_OR_RENDERS) & DOES_NEITHER
    unknown = names - set(SENDS_OR_RENDERS) - DOES_NEITHER
    assert not unknown, f"say whether these send email or render a report: {sorted(unknown)}"
    assert names >= set(SENDS_OR_RENDERS) | DOES_NEITHER, "a listed task is gone"


@pytest.mark.parametrize("name", sorted(SENDS_OR_RENDERS))
def test_it_acknowledges_late_and_retries_each_task_that_sends_or_renders(name):
    task = our_tasks()[name]

    assert isinstance(task, RetryingTask)
    assert task.acks_late and declared_acks_late(task)
    for failure in (TemporaryFailure, smtplib.SMTPServerDisconnected, ConnectionRefusedError):
        assert issubclass(failure, tuple(task.autoretry_for)), failure
    assert issubclass(OperationalError, tuple(task.autoretry_for))
    assert 0 < task.max_retries <= 20


@pytest.fixture
def run_args(request):
    def args_for(name: str) -> tuple:
        target, args = SENDS_OR_RENDERS[name]
        if args is not None:
            return args
        from followup import services

        agreement = request.getfixturevalue("agreement")
        return (services.new_round(agreement, year=2026, opens=TODAY, closes=TODAY).pk,)

    return args_for


@pytest.fixture
def eager_retries():
    """Tasks applied here run their retries at once, in this process, to the end.

    (With CELERY_TASK_EAGER_PROPAGATES, `apply` raises the first retry instead.)
    """
    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SENDS_OR_RENDERS))
@pytest.mark.parametrize(
    "failure",
    [TemporaryFailure("451 try again later"), OperationalError("server closed the connection")],
    ids=["mail server refused", "database connection lost"],
)
def test_it_runs_a_task_again_after_a_growing_delay_until_its_retries_are_spent(
    name, failure, run_args, eager_retries
):
    task = our_tasks()[name]
    target, _args = SENDS_OR_RENDERS[name]
    args = run_args(name)
    asked = []  # for each retry: how many retries came before it

    def delay(retries: int) -> float:
        asked.append(retries)
        return 0.0

    with (
        mock.patch(target, side_effect=failure) as work,
        mock.patch("common.retrying.retry_delay", side_effect=delay),
    ):
        result = task.apply(args=args)

    assert result.failed() and isinstance(result.result, type(failure))
    assert work.call_count == task.max_retries + 1
    # A delay growing with each retry (the last failure asks for one too; it is not used).
    assert asked[: task.max_retries] == list(range(task.max_retries))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SENDS_OR_RENDERS))
def test_it_does_not_retry_an_error_that_another_attempt_would_repeat(
    name, run_args, eager_retries
):
    task = our_tasks()[name]
    target, _args = SENDS_OR_RENDERS[name]
    args = run_args(name)

    with mock.patch(target, side_effect=KeyError("no such job")) as work:
        result = task.apply(args=args)

    assert result.failed() and isinstance(result.result, KeyError)
    assert work.call_count == 1
