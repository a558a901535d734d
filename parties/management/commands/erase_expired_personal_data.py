"""Erase the personal data past the retention time once: where no beat runs (the embedded
default) and from cron. Safe to run as often as you like; an erased record is skipped."""

from django.core.management.base import BaseCommand

from parties import retention


class Command(BaseCommand):
    help = (
        "Erase the personal data of rejected applications and ended contact persons older "
        "than PERSONAL_DATA_RETENTION_DAYS, keeping the anonymous records, and print counts."
    )

    def handle(self, *args, **options) -> None:
        erased = retention.erase_expired()
        self.stdout.write(
            f"Erased after {retention.retention_days()} days: "
            f"{erased.applications} applications, {erased.contacts} contact persons, "
            f"{erased.accounts} unused accounts"
        )
