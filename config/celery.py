import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("samverkan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs; each app's tasks.py defines what they do.
app.conf.beat_schedule = {}


@app.task(name="config.ping")
def ping(value: str = "pong") -> str:
    """Round trip for health checks and the worker test."""
    return value
