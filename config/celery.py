import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("samverkan", task_cls="common.retrying:OutsideRequestTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def periodic(app_label: str, name: str, schedule: crontab, every_seconds: int) -> dict:
    """A beat entry for one of `<app_label>.reminders.JOBS`, run by the app's task.

    A copy still queued when the next one is due expires unrun: the jobs look at state,
    so the next run does all the work a skipped one would have done. The same goes for
    the retries of a run the mail server refused (`common.retrying.RetryingTask`): they keep
    the run's expiry, and past it the next run sends what is left.
    """
    return {
        "task": f"{app_label}.tasks.run_periodic_job",
        "schedule": schedule,
        "args": (name,),
        "options": {"expires": every_seconds},
    }


HOUR = 60 * 60

# Periodic jobs; each app's tasks.py defines what they do. Times are in CELERY_TIMEZONE
# (Europe/Stockholm). Reminders go out hourly in the daytime, not once a day: a run missed
# at 07:00 is caught up at 08:00, and nobody is emailed at night.
app.conf.beat_schedule = {
    "steering-close-overdue-questions": periodic(
        "steering", "close_overdue_questions", crontab(minute="*/15"), 15 * 60
    ),
    "steering-unanswered-questions": periodic(
        "steering", "unanswered_questions", crontab(minute=20, hour="7-21"), HOUR
    ),
    "steering-mandates-ending": periodic(
        "steering", "mandates_ending", crontab(minute=5, hour="7-17"), HOUR
    ),
    "steering-waiting-matters": periodic(
        "steering", "waiting_matters", crontab(minute=10, hour="7-17"), HOUR
    ),
    "steering-unpublished-minutes": periodic(
        "steering", "unpublished_minutes", crontab(minute=15, hour="7-17"), HOUR
    ),
    "actionplan-activities-ending": periodic(
        "actionplan", "activities_ending", crontab(minute=25, hour="7-17"), HOUR
    ),
    "actionplan-activities-without-update": periodic(
        "actionplan", "activities_without_update", crontab(minute=30, hour="7-17"), HOUR
    ),
    "actionplan-annual-review": periodic(
        "actionplan", "annual_review", crontab(minute=35, hour="7-17"), HOUR
    ),
    # Invitations catch up parties that joined and contacts that changed during a round.
    "followup-invitations": periodic(
        "followup", "invitations", crontab(minute=40, hour="7-21"), HOUR
    ),
    "followup-reminders": periodic("followup", "reminders", crontab(minute=45, hour="8-17"), HOUR),
    # A report version whose worker died and whose message was lost is sent again.
    "followup-requeue-stuck-reports": {
        "task": "followup.tasks.requeue_stuck_reports",
        "schedule": crontab(minute="*/10"),
        "options": {"expires": 10 * 60},
    },
    # Personal data of rejected applications and ended contact persons, once it is due.
    "parties-erase-expired-personal-data": {
        "task": "parties.tasks.erase_expired_personal_data",
        "schedule": crontab(minute=30, hour=3),
        "options": {"expires": 24 * HOUR},
    },
    # Renewal of parties: requests past their deadline go to the steering group; reminders
    # 14 days before it.
    "parties-renewal-referrals": periodic(
        "parties", "renewal_referrals", crontab(minute=0, hour="7-17"), HOUR
    ),
    "parties-renewal-reminders": periodic(
        "parties", "renewal_reminders", crontab(minute=55, hour="7-17"), HOUR
    ),
    # An adopted version comes into force on its start date (state-based: a missed night
    # catches up; the pages read the version in force by date meanwhile).
    "agreements-activate-versions": {
        "task": "agreements.tasks.activate_versions",
        "schedule": crontab(minute=5, hour=0),
        "options": {"expires": 24 * HOUR},
    },
    "followup-closed": periodic("followup", "closed", crontab(minute=50, hour="7-17"), HOUR),
}


@app.task(name="config.ping")
def ping(value: str = "pong") -> str:
    """Round trip for health checks and the worker test."""
    return value
