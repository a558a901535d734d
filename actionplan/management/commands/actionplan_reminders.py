"""Run the action plan's periodic jobs once: where no beat runs (the embedded default)
and from cron. Safe to run as often as you like; each email goes once."""

from actionplan import reminders
from common.periodic import jobs_command

Command = jobs_command(
    reminders.JOBS,
    (
        "Send the action plan's reminders that are due (activities ending, activities "
        "without an update, the annual review) and print what each job did."
    ),
)
