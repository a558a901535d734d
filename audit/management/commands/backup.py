"""Take a backup of the database and the uploaded files: `make backup`.

Lives in `audit`, the shared app at the bottom of the dependency chain, because `config`
is not an installed app and a backup reads every app's tables alike.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.backups import BackupError, backup_dir, create_backup


class Command(BaseCommand):
    help = (
        "Write one archive (database dump, uploaded files, manifest) into BACKUP_DIR "
        "(default ./backups) and print its path."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            help="Directory for the archive; default BACKUP_DIR or ./backups.",
        )

    def handle(self, *args, dir: Path | None = None, **options) -> None:
        try:
            archive, manifest = create_backup(dir or backup_dir())
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            _("Backup written: %(path)s (%(tables)s tables, %(rows)s rows, %(files)s files)")
            % {
                "path": archive,
                "tables": len(manifest["tables"]),
                "rows": rows,
                "files": manifest["media"]["files"],
            }
        )
        # The path alone on the last line, for scripts: `make restore BACKUP=$(…| tail -1)`.
        self.stdout.write(str(archive))
