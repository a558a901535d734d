"""Run the action plan's periodic jobs once: where no beat runs (the embedded default)
and from cron. Safe to run as often as you like; each email goes once."""

from django.core.management.base import BaseCommand, CommandError

from actionplan import reminders
from audit.outbox import TemporaryFailure


class Command(BaseCommand):
    help = (
        "Send the action plan's reminders that are due (activities ending, activities "
        "without an update, the annual review) and print what each job did."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--job",
            action="append",
            choices=list(reminders.JOBS),
            help="Run only this job; may be given more than once. Default: every job.",
        )

    def handle(self, *args, job: list[str] | None = None, **options) -> None:
        failed = []
        for name in job or list(reminders.JOBS):
            try:
                done = reminders.run(name)
            except TemporaryFailure as error:
                # What was sent stays sent; the next run sends the rest.
                self.stderr.write(f"{name}: the mail server did not take the email ({error})")
                failed.append(name)
                continue
            self.stdout.write(f"{name}: {done} {reminders.JOBS[name].counts}")
        if failed:
            raise CommandError(f"Run again later: {', '.join(failed)} could not send everything.")
