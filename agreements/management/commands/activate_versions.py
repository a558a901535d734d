"""Bring the adopted versions whose start date has come into force, once: where no beat
runs (the embedded default) and from cron. Safe to run as often as you like."""

from django.core.management.base import BaseCommand

from agreements import revision


class Command(BaseCommand):
    help = (
        "Make every adopted version of the agreement whose start date has come the active "
        "one, and the version it replaces expired; print which came into force."
    )

    def handle(self, *args, **options) -> None:
        activated = revision.activate_due_versions()
        for version in activated:
            self.stdout.write(f"In force from {version.valid_from}: {version}")
        self.stdout.write(f"Versions that came into force: {len(activated)}")
