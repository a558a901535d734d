"""The agreements app's background work: an adopted version comes into force on its start
date. Beat runs it daily; `manage.py activate_versions` runs it once."""

from celery import shared_task


@shared_task(acks_late=True)
def activate_versions() -> int:
    """Make the adopted versions whose start date has come active and the ones they replace
    expired; returns how many came into force now. Safe to run twice: it looks at state."""
    from agreements import revision

    return len(revision.activate_due_versions())
