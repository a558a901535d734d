from common.periodic import jobs_command
from followup.reminders import JOBS

Command = jobs_command(
    JOBS,
    "Send the follow-up's invitations and reminders, and report closed rounds; each email "
    "once. For the embedded default and cron, where no Celery beat runs.",
)
