import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("samverkan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def steering_job(name: str, schedule: crontab, every_seconds: int) -> dict:
    """A beat entry for one of `steering.reminders.JOBS`.

    A copy still queued when the next one is due expires unrun: the jobs look at state,
    so the next run does all the work a skipped one would have done.
    """
    return {
        "task": "steering.tasks.run_periodic_job",
        "schedule": schedule,
        "args": (name,),
        "options": {"expires": every_seconds},
    }


HOUR = 60 * 60

# Periodic jobs; each app's tasks.py defines what they do. Times are in CELERY_TIMEZONE
# (Europe/Stockholm). Reminders go out hourly in the daytime, not once a day: a run missed
# at 07:00 is caught up at 08:00, and nobody is emailed at night.
app.conf.beat_schedule = {
    "steering-close-overdue-questions": steering_job(
        "close_overdue_questions", crontab(minute="*/15"), 15 * 60
    ),
    "steering-unanswered-questions": steering_job(
        "unanswered_questions", crontab(minute=20, hour="7-21"), HOUR
    ),
    "steering-mandates-ending": steering_job(
        "mandates_ending", crontab(minute=5, hour="7-17"), HOUR
    ),
    "steering-waiting-matters": steering_job(
        "waiting_matters", crontab(minute=10, hour="7-17"), HOUR
    ),
    "steering-unpublished-minutes": steering_job(
        "unpublished_minutes", crontab(minute=15, hour="7-17"), HOUR
    ),
    "actionplan-activities-ending": {
        **steering_job("activities_ending", crontab(minute=25, hour="7-17"), HOUR),
        "task": "actionplan.tasks.run_periodic_job",
    },
    "actionplan-activities-without-update": {
        **steering_job("activities_without_update", crontab(minute=30, hour="7-17"), HOUR),
        "task": "actionplan.tasks.run_periodic_job",
    },
    "actionplan-annual-review": {
        **steering_job("annual_review", crontab(minute=35, hour="7-17"), HOUR),
        "task": "actionplan.tasks.run_periodic_job",
    },
}


@app.task(name="config.ping")
def ping(value: str = "pong") -> str:
    """Round trip for health checks and the worker test."""
    return value
