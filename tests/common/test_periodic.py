"""Periodic jobs run once by a management command (common.periodic)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from common.outbox import TemporaryFailure
from common.periodic import Job, jobs_command


def run(command_class, *args, err: io.StringIO | None = None) -> str:
    out = io.StringIO()
    call_command(command_class(), *args, stdout=out, stderr=err or io.StringIO())
    return out.getvalue()


def refuse() -> int:
    raise TemporaryFailure("451 try again later")


def test_it_runs_every_job_and_says_what_each_did():
    ran = []
    jobs = {
        "first": Job(run=lambda: ran.append("first") or 2, counts="reminders sent"),
        "second": Job(run=lambda: ran.append("second") or 0, counts="rounds closed"),
    }

    out = run(jobs_command(jobs, "Reminders."))

    assert ran == ["first", "second"]
    assert out.splitlines() == ["first: 2 reminders sent", "second: 0 rounds closed"]


def test_it_runs_only_the_jobs_named():
    ran = []
    jobs = {
        "first": Job(run=lambda: ran.append("first") or 1, counts="sent"),
        "second": Job(run=lambda: ran.append("second") or 1, counts="sent"),
    }

    run(jobs_command(jobs, "Reminders."), "--job", "second")

    assert ran == ["second"]


def test_it_runs_the_other_jobs_and_fails_when_the_mail_server_refuses():
    ran = []
    jobs = {
        "refused": Job(run=refuse, counts="sent"),
        "after": Job(run=lambda: ran.append("after") or 1, counts="sent"),
    }
    err = io.StringIO()

    with pytest.raises(CommandError, match="refused"):
        run(jobs_command(jobs, "Reminders."), err=err)

    assert ran == ["after"]
    assert "refused: the mail server did not take the email" in err.getvalue()
