"""Restore a backup taken by `backup`: `make restore BACKUP=<path> [YES=1]`.

Replaces the configured database (DATABASE_URL) and the files in MEDIA_ROOT with the
backup's. Asks for confirmation unless --no-input is given.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from audit.backups import BackupError, check_compatible, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Replace the database and uploaded files with those of a backup archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", type=Path, help="The archive (or unpacked directory).")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, backup: Path, interactive: bool = True, **options) -> None:
        try:
            manifest = read_manifest(backup)
            for warning in check_compatible(manifest):
                self.stderr.write(self.style.WARNING(warning))
        except BackupError as error:
            raise CommandError(str(error)) from None

        if interactive:
            self.stdout.write(
                _(
                    "This replaces everything in the database %(database)s and in %(media)s "
                    "with the backup taken %(created)s."
                )
                % {
                    "database": connection.settings_dict["NAME"],
                    "media": settings.MEDIA_ROOT,
                    "created": manifest["created_at"],
                }
            )
            try:
                answer = input(_("Type 'yes' to continue: "))
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError(
                    _(
                        "Restore cancelled; nothing was changed. "
                        "(--no-input, or YES=1 with make, skips this question.)"
                    )
                )

        try:
            result = restore_backup(backup)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if result.tables_not_in_backup:
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "These tables are not in the backup and were left as they were; "
                        "drop them before running migrate: %s"
                    )
                    % ", ".join(result.tables_not_in_backup)
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(path)s: %(tables)s tables, %(files)s files.")
                % {
                    "path": backup,
                    "tables": len(manifest["tables"]),
                    "files": manifest["media"]["files"],
                }
            )
        )
