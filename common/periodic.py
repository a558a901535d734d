"""Periodic jobs that send reminders through the outbox: what every app's reminders share.

Each app keeps its own `reminders.py` with a `JOBS` dict of `Job`s; beat runs them through
the app's task, and a management command made with `jobs_command` runs them once where no
beat runs (the embedded default) or from cron.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError

from common import outbox
from common.outbox import TemporaryFailure


@dataclass(frozen=True)
class Job:
    run: Callable[[], int]
    counts: str  # what the number it returns counts, for the command's output


def send_reminder(
    kind: str, record, recipient: str, template: str, context: dict, occasion: str
) -> bool:
    """Send the reminder from the template pair `template` once for this occasion."""
    return outbox.send_once(
        kind,
        record,
        recipient,
        lambda: outbox.compose(template, context, recipient),
        occasion=occasion,
    )


def jobs_command(jobs: dict[str, Job], help_text: str) -> type[BaseCommand]:
    """A management command that runs `jobs` once (all, or those named with --job)."""

    class Command(BaseCommand):
        help = help_text

        def add_arguments(self, parser) -> None:
            parser.add_argument(
                "--job",
                action="append",
                choices=list(jobs),
                help="Run only this job; may be given more than once. Default: every job.",
            )

        def handle(self, *args, job: list[str] | None = None, **options) -> None:
            failed = []
            for name in job or list(jobs):
                try:
                    done = jobs[name].run()
                except TemporaryFailure as error:
                    # What was sent stays sent; the next run sends the rest.
                    self.stderr.write(f"{name}: the mail server did not take the email ({error})")
                    failed.append(name)
                    continue
                self.stdout.write(f"{name}: {done} {jobs[name].counts}")
            if failed:
                raise CommandError(
                    f"Run again later: {', '.join(failed)} could not send everything."
                )

    return Command
