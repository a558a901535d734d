"""Run the parties app's periodic jobs once: where no beat runs (the embedded default)
and from cron. Safe to run as often as you like; each email goes once."""

from common.periodic import jobs_command
from parties import reminders

Command = jobs_command(
    reminders.JOBS,
    (
        "Run the parties app's periodic jobs once (refer renewal requests unanswered past "
        "their deadline to the steering group, remind those due) and print what each did."
    ),
)
