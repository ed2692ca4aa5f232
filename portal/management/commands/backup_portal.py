"""`make backup`: dump the database and archive both file storages into one folder.

See `portal/backup.py` for what the folder holds and `deploy/README.md` for
running it every night.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from portal.backup import ARCHIVES, BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump, custom format) and every file of the "
        "public and private media storages into a timestamped folder with a manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.BASE_DIR / "backups"),
            help="Folder that receives the backup folder (default: backups/).",
        )

    def handle(self, *args, output_dir, **options):
        try:
            folder = create_backup(
                Path(output_dir),
                database=connections["default"].settings_dict,
                storages={alias: storages[alias] for _, alias in ARCHIVES.values()},
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        # The last line is the folder, for scripts: `make restore BACKUP=$(...)`.
        self.stdout.write(str(folder))
