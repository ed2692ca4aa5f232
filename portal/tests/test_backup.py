"""`make backup` / `make restore`: a backup restores to the same rows and files."""

import hashlib
import json
import random
import secrets
import tarfile

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from partners.factories import ReferralFactory
from portal import backup
from volunteers.factories import VolunteerFactory

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="backups use pg_dump and pg_restore: run the suite with a PostgreSQL DATABASE_URL",
)


def _fill(storage, count, prefix):
    """Files of random content, some in nested folders; returns name -> sha256."""
    names = {}
    for index in range(count):
        content = secrets.token_bytes(random.randint(1, 50_000))  # noqa: S311
        name = storage.save(f"{prefix}/{index % 3}/file-{index}.bin", ContentFile(content))
        names[name] = hashlib.sha256(content).hexdigest()
    return names


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_storage_archive_round_trip_keeps_names_and_checksums(tmp_path):
    source = FileSystemStorage(location=tmp_path / "source")
    written = _fill(source, 12, "images")
    written[source.save("名字/中文.txt", ContentFile("法律援助".encode()))] = hashlib.sha256(
        "法律援助".encode()
    ).hexdigest()
    files = backup.archive_storage(source, tmp_path / "media.tar.gz")
    assert {name: entry["sha256"] for name, entry in files.items()} == written

    target = FileSystemStorage(location=tmp_path / "target")
    assert backup.restore_storage(tmp_path / "media.tar.gz", target, files) == len(written)
    for name, digest in written.items():
        assert _sha256(tmp_path / "target" / name) == digest


def test_storage_archive_of_a_missing_folder_is_empty(tmp_path):
    files = backup.archive_storage(
        FileSystemStorage(location=tmp_path / "never-created"), tmp_path / "empty.tar.gz"
    )
    assert files == {}


def test_restore_refuses_an_altered_file(tmp_path):
    source = FileSystemStorage(location=tmp_path / "source")
    _fill(source, 2, "docs")
    files = backup.archive_storage(source, tmp_path / "media.tar.gz")
    name = next(iter(files))
    altered = {**files, name: {**files[name], "sha256": "0" * 64}}
    with pytest.raises(backup.BackupError, match="checksum"):
        backup.restore_storage(
            tmp_path / "media.tar.gz", FileSystemStorage(location=tmp_path / "t"), altered
        )


def test_restore_refuses_a_member_outside_the_storage(tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_text("x")
    with tarfile.open(tmp_path / "media.tar.gz", "w:gz") as tar:
        tar.add(evil, arcname="../outside.txt")
    with pytest.raises(backup.BackupError, match="leaves the storage"):
        backup.restore_storage(
            tmp_path / "media.tar.gz",
            FileSystemStorage(location=tmp_path / "t"),
            {"../outside.txt": {"size": 1, "sha256": _sha256(evil)}},
        )
    assert not (tmp_path / "outside.txt").exists()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the SQLite refusal")
def test_backup_on_sqlite_refuses_with_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("backup_portal", output_dir=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def scratch_database():
    """An empty database next to the test database, dropped afterwards."""
    source = connection.settings_dict
    name = f"{source['NAME']}_restore"[:63]
    admin = backup.connect({**source, "NAME": "postgres"})
    admin.autocommit = True
    drop = psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
        psycopg.sql.Identifier(name)
    )
    admin.execute(drop)
    admin.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
    password = source.get("PASSWORD") or ""
    host = source.get("HOST") or "127.0.0.1"
    port = source.get("PORT") or 5432
    yield f"postgres://{source['USER']}:{password}@{host}:{port}/{name}"
    admin.execute(drop)
    admin.close()


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restores_into_a_scratch_database_with_the_same_rows_and_files(
    tmp_path, scratch_database
):
    ReferralFactory.create_batch(5)
    VolunteerFactory.create_batch(3)
    media = _fill(storages["default"], 20, "images")
    private = _fill(storages["private"], 6, "volunteers/2025/01")

    call_command("backup_portal", output_dir=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    assert folder.name.startswith("portal-")
    assert sorted(p.name for p in folder.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar.gz",
        "private-media.tar.gz",
    ]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["tables"]["public.partners_referral"] == 5
    assert {n: e["sha256"] for n, e in manifest["media"]["files"].items()} == media
    assert {n: e["sha256"] for n, e in manifest["private_media"]["files"].items()} == private

    call_command(
        "restore_portal",
        str(folder),
        database_url=scratch_database,
        media_root=str(tmp_path / "restored-media"),
        private_media_root=str(tmp_path / "restored-private"),
        interactive=False,
    )

    with backup.connect(connection.settings_dict) as source:
        source_counts = backup.count_rows(source)
    with backup.connect(backup.database_from_url(scratch_database)) as restored:
        restored_counts = backup.count_rows(restored)
    assert restored_counts == source_counts
    assert source_counts["public.partners_referral"] == 5
    assert source_counts["public.wagtailcore_page"] > 0

    rng = random.Random(8)  # noqa: S311
    for name in rng.sample(sorted(media), 8):
        assert _sha256(tmp_path / "restored-media" / name) == media[name]
    for name in rng.sample(sorted(private), 3):
        assert _sha256(tmp_path / "restored-private" / name) == private[name]


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_damaged_dump(tmp_path, scratch_database):
    call_command("backup_portal", output_dir=str(tmp_path))
    (folder,) = tmp_path.iterdir()
    with open(folder / "database.dump", "ab") as dump:
        dump.write(b"tampered")
    with pytest.raises(CommandError, match="damaged"):
        call_command(
            "restore_portal",
            str(folder),
            database_url=scratch_database,
            media_root=str(tmp_path / "m"),
            private_media_root=str(tmp_path / "p"),
            interactive=False,
        )
