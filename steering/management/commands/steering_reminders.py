"""Run the steering group's periodic jobs once: where no beat runs (the embedded default)
and from cron. Safe to run as often as you like; each email goes once."""

from common.periodic import jobs_command
from steering import reminders

Command = jobs_command(
    reminders.JOBS,
    (
        "Run the steering group's periodic jobs once (settle questions past their deadline, "
        "send the reminders that are due) and print what each did."
    ),
)
