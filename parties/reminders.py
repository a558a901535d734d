"""The parties app's periodic jobs: for beat (`parties.tasks.run_periodic_job`) and the
`parties_reminders` command. Each looks at state, so a missed run is caught up."""

from common.periodic import Job
from parties import renewal_emails
from parties.services.renewal import refer_unanswered

JOBS: dict[str, Job] = {
    # First: a request past its deadline goes to the steering group, not to a reminder.
    "renewal_referrals": Job(refer_unanswered, "requests referred to the steering group"),
    "renewal_reminders": Job(renewal_emails.remind_unanswered, "emails sent"),
}


def run(name: str) -> int:
    """Run one periodic job by name; returns how many it did."""
    return JOBS[name].run()
