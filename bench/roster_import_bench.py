"""Benchmark of the volunteer roster import (the admin's "Import" of the volunteer list).

Run from the project root:

    .venv/bin/python bench/roster_import_bench.py

What it does:

1. a fresh SQLite database in a temporary directory, migrated under the
   development settings (the project's database is never touched); with
   `DATABASE_URL` set to a PostgreSQL URL, that database is used instead
   (its volunteer rows are deleted first: point it at a scratch database);
2. an XLSX roster of 10,000 correct volunteers generated in memory (name,
   mobile, university, college, year, teacher, source, skills);
3. times `volunteers.roster.import_roster()` (the confirm step of the admin)
   creating them, then importing the same file again: every row matches a
   stored volunteer and is unchanged, so nothing is written.

Output (stdout; `loadavg` is the 1-minute load average at the start, since the
figures of a busy machine are not comparable with those of an idle one):

    # roster_import_bench rows=10000 db=sqlite cpus=<n> loadavg=<l>
    roster_import db=sqlite rows=10000 seconds=X.XX rows_per_s=N created=10000
    target < 30 s: met
    roster_reimport db=sqlite rows=10000 seconds=Y.YY rows_per_s=M created=0 updated=0 skipped=10000
    target < 30 s: met

Exit status 0 when both runs meet the target, 1 when one misses it, 2 when
set-up or the import failed. BENCH_ROWS changes the row count; set
BENCH_KEEP_TMP=1 to keep the temporary directory.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
TARGET_SECONDS = 30.0
SCHOOLS = ["清河师范学院", "清河大学", "清河政法学院", "清河职业技术学院"]
COLLEGES = ["法学院", "马克思主义学院", "社会学院", "公共管理学院"]
SOURCES = ["高校学生"] * 8 + ["高校教师", "执业律师"]
SKILLS = ["法律咨询", "法律咨询、普法宣传", "调解", "代理、法律咨询", ""]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def setup_django(tmp: Path) -> str:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_DEBUG"] = "false"  # no query log growing in memory
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    sys.path.insert(0, str(PROJECT_ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    log(f"migrating the {connection.vendor} database")
    call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor != "sqlite":
        from volunteers.models import Volunteer

        Volunteer.objects.all().delete()
    return connection.vendor


def roster_xlsx(rows: int) -> bytes:
    import tablib

    from volunteers.resources import VolunteerRosterResource

    headers = VolunteerRosterResource.column_names()
    dataset = tablib.Dataset(headers=headers, title="志愿者名册")
    for n in range(rows):
        dataset.append(
            [
                f"志愿者{n:05d}",
                f"13{n % 10}{n:08d}",
                SCHOOLS[n % len(SCHOOLS)],
                COLLEGES[n % len(COLLEGES)],
                f"{2021 + n % 4}级",
                f"王老师{n % 50}",
                SOURCES[n % len(SOURCES)],
                SKILLS[n % len(SKILLS)],
                "",
            ]
        )
    return dataset.export("xlsx")


def timed_import(content: bytes):
    from django.core.files.base import ContentFile

    from volunteers.roster import import_roster

    started = time.perf_counter()
    outcome = import_roster(ContentFile(content, name="roster.xlsx"), by=None, dry_run=False)
    return outcome, time.perf_counter() - started


def report(label, vendor, outcome, seconds) -> bool:
    rate = outcome.total_rows / seconds if seconds else 0
    print(
        f"{label} db={vendor} rows={outcome.total_rows} seconds={seconds:.2f} "
        f"rows_per_s={rate:.0f} created={outcome.created} updated={outcome.updated} "
        f"skipped={outcome.skipped}"
    )
    met = seconds < TARGET_SECONDS
    print(f"target < {TARGET_SECONDS:.0f} s: {'met' if met else 'NOT met'}", flush=True)
    return met


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="roster-bench-"))
    keep = os.environ.get("BENCH_KEEP_TMP") == "1"
    try:
        vendor = setup_django(tmp)
        print(
            f"# roster_import_bench rows={ROWS} db={vendor} cpus={os.cpu_count()} "
            f"loadavg={os.getloadavg()[0]:.2f}",
            flush=True,
        )
        content = roster_xlsx(ROWS)
        log(f"importing {ROWS} volunteers ({len(content) // 1024} KiB of XLSX)")
        first, first_seconds = timed_import(content)
        if not first.ok:
            for issue in first.issues[:20]:
                log(f"  {issue}")
            raise RuntimeError("the import reported problems")
        first_met = report("roster_import", vendor, first, first_seconds)
        log("importing the same file again")
        second, second_seconds = timed_import(content)
        if not second.ok:
            raise RuntimeError("the re-import reported problems")
        second_met = report("roster_reimport", vendor, second, second_seconds)
    except Exception as error:  # a set-up or import failure: say why, keep the files
        print(f"status=failed reason={error}", flush=True)
        log(f"failed; the temporary directory is kept: {tmp}")
        return 2
    unchanged = (second.created, second.updated, second.skipped) == (0, 0, ROWS)
    if keep:
        log(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if first_met and second_met and unchanged else 1


if __name__ == "__main__":
    sys.exit(main())
