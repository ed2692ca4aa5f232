"""`make restore BACKUP=<folder>`: restore a backup written by `backup_portal`.

By default everything goes back where this process's settings point (the
configured database and storages), after a confirmation. `--database-url`,
`--media-root` and `--private-media-root` restore elsewhere instead, e.g. into a
scratch database to test a backup.
"""

from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from portal.backup import BackupError, database_from_url, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder: pg_restore into a database, then put every media file "
        "back; row counts and checksums are checked against the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup folder (backups/portal-…).")
        parser.add_argument(
            "--database-url",
            help="Restore into this existing database instead of the configured one.",
        )
        parser.add_argument(
            "--media-root", help="Restore the public media into this folder instead."
        )
        parser.add_argument(
            "--private-media-root",
            help="Restore the private media (volunteers' scans) into this folder instead.",
        )
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask before replacing the configured database and files.",
        )

    def handle(self, *args, backup, database_url, media_root, private_media_root, **options):
        if database_url:
            database = database_from_url(database_url)
        else:
            database = connections["default"].settings_dict
        targets = {
            "default": _folder(media_root) if media_root else storages["default"],
            "private": _folder(private_media_root) if private_media_root else storages["private"],
        }
        replaces_live = not database_url or not media_root or not private_media_root
        if replaces_live and options["interactive"]:
            answer = input(
                "This replaces the configured database and/or media files with the backup "
                f"{backup}. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            summary = restore_backup(Path(backup), database=database, storages=targets)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            "restored {tables} tables ({rows} rows), {media} media files, "
            "{private_media} private files".format(**summary)
        )


def _folder(path: str) -> FileSystemStorage:
    return FileSystemStorage(location=str(Path(path).resolve()), base_url=None)
