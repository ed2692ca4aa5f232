"""Back up and restore the portal: the PostgreSQL database and both file storages.

A backup is one folder, `portal-<UTC time>/`, holding:

- `database.dump`: `pg_dump --format=custom` of the database;
- `media.tar.gz`: every file of the public media storage (images, documents);
- `private-media.tar.gz`: every file of the private storage (volunteers' scans);
- `manifest.json`: the row count of every table, the size and SHA-256 of every
  file in the archives and of the three files above.

The row counts are taken in the very snapshot `pg_dump` exports (an exported
REPEATABLE READ snapshot), so they match the dump exactly while the portal keeps
running. The files are archived after the dump: a file uploaded meanwhile may
be in the archive without its row, never a row without its file.

The storages are read and written through Django's storage API, so the same
code backs up a folder on disk or an S3 bucket. The folder is written under a
hidden temporary name and renamed when complete; it holds personal data and is
readable by its owner only.
"""

import hashlib
import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import environ
import psycopg
from django.core.files import File
from django.core.files.storage import Storage
from django.utils import timezone
from psycopg import sql

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
#: Manifest key -> (archive file, storage alias).
ARCHIVES = {
    "media": ("media.tar.gz", "default"),
    "private_media": ("private-media.tar.gz", "private"),
}
CHUNK = 1024 * 1024
#: Files larger than this are buffered on disk rather than in memory while archived.
SPOOL_BYTES = 8 * 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


# --- PostgreSQL ---------------------------------------------------------------


def database_from_url(url: str) -> dict:
    """A Django database settings dict from a URL, read as the settings read DATABASE_URL."""
    return environ.Env.db_url_config(url)


def _require_postgresql(database: dict) -> None:
    if database.get("ENGINE") != "django.db.backends.postgresql":
        raise BackupError(
            "Backups need PostgreSQL (pg_dump and pg_restore); this database is "
            f"{database.get('ENGINE')}. Copy the SQLite file instead."
        )


def _libpq_environ(database: dict) -> dict:
    """The process environment with the connection in libpq variables.

    The password travels in PGPASSWORD, never on a command line that `ps` shows.
    """
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
        "PGSSLMODE": (database.get("OPTIONS") or {}).get("sslmode"),
    }
    return {**os.environ, **{k: str(v) for k, v in values.items() if v}}


def connect(database: dict) -> psycopg.Connection:
    params = {
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "dbname": database.get("NAME"),
        "sslmode": (database.get("OPTIONS") or {}).get("sslmode"),
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v})


def count_rows(conn: psycopg.Connection) -> dict[str, int]:
    """`schema.table` -> number of rows, for every table outside PostgreSQL's own schemas."""
    tables = conn.execute(
        "SELECT schemaname, tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') "
        "ORDER BY schemaname, tablename"
    ).fetchall()
    counts = {}
    for schema, table in tables:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table))
        counts[f"{schema}.{table}"] = conn.execute(query).fetchone()[0]
    return counts


def _run(command: list[str], database: dict) -> str:
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments are not shell-parsed
            command,
            env=_libpq_environ(database),
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools).") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout


def _tool_version(program: str) -> str:
    return _run([program, "--version"], {}).strip()


# --- Files --------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def walk(storage: Storage, folder: str = ""):
    """Every file name in a storage, sorted, whatever the backend."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder}/" if folder else ""
    for name in sorted(files):
        yield prefix + name
    for sub in sorted(folders):
        yield from walk(storage, prefix + sub)


def _copy_hashed(source, target) -> tuple[int, str]:
    """Copy one open file into another; return size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: source.read(CHUNK), b""):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    target.seek(0)
    return size, digest.hexdigest()


def archive_storage(storage: Storage, archive: Path) -> dict[str, dict]:
    """Write every file of `storage` to a tar.gz; return name -> size and SHA-256."""
    files = {}
    with tarfile.open(archive, "w:gz") as tar:
        for name in walk(storage):
            with (
                storage.open(name, "rb") as source,
                tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer,
            ):
                size, digest = _copy_hashed(source, buffer)
                info = tarfile.TarInfo(name)
                info.size = size
                info.mode = 0o600
                try:
                    info.mtime = storage.get_modified_time(name).timestamp()
                except (NotImplementedError, OSError):
                    info.mtime = timezone.now().timestamp()
                tar.addfile(info, buffer)
            files[name] = {"size": size, "sha256": digest}
    return files


def _safe_member_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Refusing the archive member {name!r}: it leaves the storage.")
    return str(path)


def restore_storage(archive: Path, storage: Storage, expected: dict[str, dict]) -> int:
    """Put every file of the archive into `storage` under its own name; return how many.

    A file already there is replaced. Every file is checked against the manifest
    while it is copied; a missing or altered file stops the restore.
    """
    seen = set()
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            if not member.isfile():
                continue
            name = _safe_member_name(member.name)
            if name not in expected:
                raise BackupError(f"{archive.name}: {name} is not in the manifest.")
            with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer:
                size, digest = _copy_hashed(tar.extractfile(member), buffer)
                if digest != expected[name]["sha256"] or size != expected[name]["size"]:
                    raise BackupError(f"{archive.name}: {name} does not match its checksum.")
                if storage.exists(name):
                    storage.delete(name)
                saved = storage.save(name, File(buffer, name=name))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}.")
            seen.add(name)
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"{archive.name} lacks {len(missing)} file(s), e.g. {min(missing)}.")
    return len(seen)


# --- Backup and restore ---------------------------------------------------------


def create_backup(output_dir: Path, *, database: dict, storages: dict[str, Storage]) -> Path:
    """Write a complete backup folder under `output_dir` and return its path."""
    _require_postgresql(database)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    final = output_dir / f"portal-{now:%Y%m%dT%H%M%SZ}"
    if final.exists():
        raise BackupError(f"{final} already exists.")
    partial = output_dir / f".{final.name}.partial"
    partial.mkdir(mode=0o700)
    old_umask = os.umask(0o077)
    try:
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": _dump_database(database, partial / DUMP),
        }
        # After the dump: every file a dumped row points to is already stored.
        for key, (filename, alias) in ARCHIVES.items():
            files = archive_storage(storages[alias], partial / filename)
            manifest[key] = {
                "file": filename,
                "sha256": sha256_of(partial / filename),
                "files": files,
            }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    except BaseException:
        _remove_tree(partial)
        raise
    finally:
        os.umask(old_umask)
    partial.rename(final)
    return final


def _dump_database(database: dict, target: Path) -> dict:
    with connect(database) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        tables = count_rows(conn)
        server = conn.execute("SHOW server_version").fetchone()[0]
        # The transaction stays open until pg_dump has read the exported snapshot.
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target}",
                "--no-password",
            ],
            database,
        )
        conn.rollback()
    return {
        "file": DUMP,
        "sha256": sha256_of(target),
        "name": database.get("NAME"),
        "server_version": server,
        "pg_dump": _tool_version("pg_dump"),
        "tables": tables,
    }


def _remove_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    folder.rmdir()


def read_manifest(folder: Path) -> dict:
    """The manifest of a backup folder, after checking the three files it describes."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder}: unknown backup format {manifest.get('format')!r}.")
    for part in ("database", *ARCHIVES):
        entry = manifest[part]
        if sha256_of(folder / entry["file"]) != entry["sha256"]:
            raise BackupError(f"{folder / entry['file']} is damaged: its checksum differs.")
    return manifest


def restore_backup(folder: Path, *, database: dict, storages: dict[str, Storage]) -> dict[str, int]:
    """Restore a backup folder into a database and two storages; return what was restored.

    The database is restored in one transaction, replacing the objects the dump
    holds; afterwards the row count of every table must equal the manifest's.
    """
    _require_postgresql(database)
    folder = Path(folder)
    manifest = read_manifest(folder)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={database['NAME']}",
            str(folder / DUMP),
        ],
        database,
    )
    with connect(database) as conn:
        restored = count_rows(conn)
    expected = manifest["database"]["tables"]
    wrong = sorted(t for t, n in expected.items() if restored.get(t) != n)
    if wrong:
        raise BackupError(
            f"Row counts differ after the restore in {len(wrong)} table(s), e.g. {wrong[0]}: "
            f"{restored.get(wrong[0])} instead of {expected[wrong[0]]}."
        )
    summary = {"tables": len(expected), "rows": sum(expected.values())}
    for key, (filename, alias) in ARCHIVES.items():
        summary[key] = restore_storage(folder / filename, storages[alias], manifest[key]["files"])
    return summary
